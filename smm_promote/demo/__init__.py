"""The sample blog `smm-promote demo` runs on: a few posts in several generators' formats."""

from pathlib import Path

BLOG = Path(__file__).resolve().parent / "blog"

"""smm-promote: promote static-site blog posts on social media from inside the site build."""

__version__ = "0.1.0"

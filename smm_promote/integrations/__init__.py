"""Doors onto the pipeline from site generators (Pelican, MkDocs) and feeds."""

"""Captions per platform: length rules, hashtags, tracked links, variants."""

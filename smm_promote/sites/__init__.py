"""What a site's generator says about its own content: which files are posts, and where
each post is published.

A content folder is read together with the generator config found with it (`pelicanconf.py`,
`mkdocs.yml`, `hugo.toml`, `_config.yml`, ...). Each generator module applies that
generator's own rules (URL patterns, slugify, post folders, time zone, default language) the
way the generator does, so a post read from a folder gets the same URL the built site has.

`find_site(folder, problems)` returns the `Site` that governs `folder`, or a `GenericSite`
when no generator config is found. A generator's module is imported only for a folder that
holds one of its config files (`roots.ROOTS`); it registers its detector in `GENERATORS`.
"""

from __future__ import annotations

from smm_promote.sites.base import GENERATORS, GenericSite, Site, SourceFacts, find_site

__all__ = ["GENERATORS", "GenericSite", "Site", "SourceFacts", "find_site"]

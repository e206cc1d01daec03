"""smm-promote for MkDocs without installing a plugin: copy this file next to `mkdocs.yml`.

    hooks:
      - smm_promote_hooks.py
    extra:
      smm_promote:          # the plugin's options, all optional
        plan: false         # or SMM_PROMOTE_PLAN=1 on the build that should plan the queue
        pages: []           # globs of plain pages to promote besides Material blog posts
        settings:
          platforms: [mastodon, bluesky]
          handles: {mastodon: "@me@example.social"}

It needs smm-promote installed where `mkdocs build` runs: not on PyPI yet, so
`pip install '/path/to/smm-promote[mkdocs]'` (a clone) or
`pip install 'smm-promote[mkdocs] @ git+https://<its repository URL>'`;
`pip install 'smm-promote[mkdocs]'` once released.
"""

from smm_promote.integrations.mkdocs import HooksDoor

_door = HooksDoor()

on_startup = _door.on_startup
on_config = _door.on_config
on_page_content = _door.on_page_content
on_env = _door.on_env
on_post_page = _door.on_post_page
on_post_build = _door.on_post_build

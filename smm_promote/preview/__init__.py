"""The preview site: every post's cards and captions as each platform would show them, the
content calendar and an overview, written as a self-contained static folder."""

from smm_promote.preview.build import build_preview

__all__ = ["build_preview"]

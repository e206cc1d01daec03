"""A caption warning is given once per post, platform and kind: not again for each variant,
each repost the queue plans, or each run that replays it."""

from __future__ import annotations

from datetime import UTC, datetime

from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.model import Post
from smm_promote.pipeline import promote
from smm_promote.schedule.store import open_store

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_a_too_long_share_text_is_reported_once_however_often_it_is_planned(tmp_path):
    config = Config.from_mapping(
        {
            "site_url": "https://blog.example.com",
            "platforms": ["x", "mastodon"],
            "schedule": {"store": str(tmp_path / "queue.db")},
        }
    )
    post = Post(
        url="https://blog.example.com/p/",
        title="Keep it short",
        body="A post worth sharing again. " * 20,
        date=datetime(2025, 1, 1, tzinfo=UTC),
        source="posts/p.md",
        share={"x": "Far too long for X. " * 30},
    )
    problems = Problems()
    result = promote([post], config, out_dir=tmp_path, cards=False, plan=True, now=NOW,
                     problems=problems, progress=False)  # fmt: skip
    x_captions = [c for c in result.captions[post.url] if c.platform == "x"]
    assert len(x_captions) >= 3 and all(c.shortened for c in x_captions)
    assert [str(p) for p in problems] == [
        "posts/p.md: share.x is 599 long, over X's 280: shortened to fit"
    ]
    # Shortened captions are flagged, not warned about; no caption carries a note.
    assert all(not c.warnings for c in result.captions[post.url])
    with open_store(config) as store:
        planned = [e for e in store.entries(post_url=post.url) if e.platform == "x"]
    assert len(planned) >= 2  # the queue wrote the caption again for each repost

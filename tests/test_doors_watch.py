"""The feed watcher against a loopback HTTP server whose feed changes between polls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug import Request, Response

from smm_promote.config import Config
from smm_promote.integrations.settings import parse_interval
from smm_promote.integrations.watch import STATE_PREFIX, Watcher, item_keys, watch
from smm_promote.pipeline import Promotion
from smm_promote.schedule.store import open_store

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


def rss(*items: tuple[str, str, str, str]) -> bytes:
    """An RSS 2.0 feed of (guid, link, title, pubDate) items."""
    body = "".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{title}</title>"
        f"<description>{title} explained in a few words.</description>"
        f"<pubDate>{date}</pubDate></item>"
        for guid, link, title, date in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
        f"<link>https://blog.example/</link>{body}</channel></rss>"
    ).encode()


A = ("a-1", "https://blog.example/a/", "Alpha post", "Mon, 02 Jun 2025 07:00:00 GMT")
A_REDATED = (*A[:3], "Tue, 03 Jun 2025 07:00:00 GMT")
B = ("b-1", "https://blog.example/b/", "Beta post", "Sun, 01 Jun 2025 07:00:00 GMT")
B_NEW_GUID = ("b-2", *B[1:])
C = ("c-1", "https://blog.example/c/", "Gamma post", "Mon, 02 Jun 2025 08:30:00 GMT")


class FeedServer:
    """Serves one feed version at a time, with an ETag, honouring If-None-Match."""

    def __init__(self, httpserver) -> None:
        self.version = 0
        self.body = b""
        self.fail = False
        self.honour_etag = True
        httpserver.expect_request("/feed.xml").respond_with_handler(self.handle)
        self.url = httpserver.url_for("/feed.xml")
        self.log = httpserver.log

    def serve(self, body: bytes) -> None:
        self.version += 1
        self.body = body

    def handle(self, request: Request) -> Response:
        if self.fail:
            return Response("boom", status=503)
        etag = f'"v{self.version}"'
        if self.honour_etag and request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(self.body, content_type="application/rss+xml", headers={"ETag": etag})


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config.from_mapping(
        {"site_url": "https://blog.example", "watch": {"interval": "15m", "max_backoff": "1h"}},
        base_dir=tmp_path,
    )


@pytest.fixture
def calls():
    return []


def fake_promote(posts, config, **kwargs):
    assert "plan" not in kwargs  # the watcher plans in its own store, below
    return Promotion(posts=list(posts), problems=kwargs["problems"])


def fake_plan(calls: list):
    def plan(posts, config, store, **kwargs):
        calls.append([p.url for p in posts])

    return plan


@pytest.fixture
def watcher(config, calls):
    with open_store(config) as store:
        yield Watcher(config, store, promote=fake_promote, plan=fake_plan(calls))


def test_polls_conditionally_and_promotes_each_new_item_once(httpserver, watcher, calls) -> None:
    feed = FeedServer(httpserver)
    feed.serve(rss(A, B))
    first = watcher.poll(feed.url, T0)
    assert (first.status, first.remembered, calls) == ("first", 2, [])

    unchanged = watcher.poll(feed.url, T0 + timedelta(minutes=15))
    assert unchanged.status == "unchanged"
    request = feed.log[-1][0]
    assert request.headers["If-None-Match"] == '"v1"'
    assert feed.log[-1][1].status_code == 304

    feed.serve(rss(C, A_REDATED, B_NEW_GUID))  # one new item, one re-dated, one re-guided
    new = watcher.poll(feed.url, T0 + timedelta(minutes=30))
    assert new.status == "new"
    assert [p.title for p in new.new] == ["Gamma post"]
    assert calls == [["https://blog.example/c/"]]

    feed.honour_etag = False  # a server that ignores conditional requests: still once
    again = watcher.poll(feed.url, T0 + timedelta(minutes=45))
    assert again.status == "nothing-new"
    assert calls == [["https://blog.example/c/"]]
    state = watcher.store.get_state(STATE_PREFIX + feed.url)
    assert state["etag"] == '"v2"'
    assert "guid:c-1" in state["seen"] and "link:https://blog.example/b/" in state["seen"]


def test_include_existing_promotes_the_first_poll(httpserver, config, calls) -> None:
    feed = FeedServer(httpserver)
    feed.serve(rss(A, B))
    with open_store(config) as store:
        w = Watcher(
            config, store, include_existing=True, promote=fake_promote, plan=fake_plan(calls)
        )
        result = w.poll(feed.url, T0)
    assert result.status == "new"
    assert sorted(calls[0]) == [A[1], B[1]]


def test_errors_back_off_doubling_up_to_the_limit(httpserver, watcher, calls) -> None:
    feed = FeedServer(httpserver)
    feed.fail = True
    first = watcher.poll(feed.url, T0)
    assert first.status == "error" and first.error == "HTTP 503 SERVICE UNAVAILABLE"
    assert first.retry_at == T0 + timedelta(minutes=15)
    requests_made = len(feed.log)
    waiting = watcher.poll(feed.url, T0 + timedelta(minutes=5))
    assert waiting.status == "waiting" and len(feed.log) == requests_made  # no request sent
    second = watcher.poll(feed.url, T0 + timedelta(minutes=15))
    assert second.retry_at == T0 + timedelta(minutes=45)
    third = watcher.poll(feed.url, T0 + timedelta(minutes=45))
    assert third.retry_at == T0 + timedelta(minutes=105)
    fourth = watcher.poll(feed.url, T0 + timedelta(minutes=105))
    assert fourth.retry_at == T0 + timedelta(minutes=165)  # capped at max_backoff = 1h
    assert str(watcher.problems.items[0]) == (
        f"{feed.url}: HTTP 503 SERVICE UNAVAILABLE; next try at 2025-06-02 08:15 UTC"
    )
    feed.fail = False
    feed.serve(rss(A))
    recovered = watcher.poll(feed.url, T0 + timedelta(minutes=165))
    assert recovered.status == "first"
    state = watcher.store.get_state(STATE_PREFIX + feed.url)
    assert (state["failures"], state["retry_at"]) == (0, None)


def test_bad_items_are_reported_and_the_rest_read(httpserver, watcher, calls) -> None:
    feed = FeedServer(httpserver)
    feed.serve(rss(A))
    watcher.poll(feed.url, T0)
    feed.serve(rss(A, C, ("d-1", "https://blog.example/d/", "Delta", "not a date at all")))
    result = watcher.poll(feed.url, T0 + timedelta(hours=1))
    assert [p.url for p in result.new] == [C[1], "https://blog.example/d/"]


def test_text_key_ignores_dates_only(config) -> None:
    from smm_promote.model import Post

    post = Post(url="https://b/x/", title="X", body="same", date=T0)
    redated = Post(url="https://b/x/", title="X", body="same", date=T0 + timedelta(days=9))
    edited = Post(url="https://b/x/", title="X", body="changed", date=T0)
    assert item_keys(post, "g")[1] == item_keys(redated, None)[0]
    assert item_keys(post, None)[0] != item_keys(edited, None)[0]


def test_watch_loop_sleeps_between_rounds(httpserver, config) -> None:
    feed = FeedServer(httpserver)
    feed.serve(rss(A))
    slept: list[float] = []
    rounds: list[list[str]] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 3:
            raise KeyboardInterrupt

    with open_store(config) as store, pytest.raises(KeyboardInterrupt):
        watch(
            [feed.url],
            config,
            store,
            clock=lambda: T0,
            sleep=sleep,
            report=lambda results: rounds.append([r.status for r in results]),
        )
    assert slept == [900.0, 900.0, 900.0]
    assert rounds == [["first"], ["unchanged"], ["unchanged"]]


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("1h30m", 5400), ("90s", 90), ("2", 120), ("1d", 86400)]
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


def test_bad_interval_is_a_config_error_naming_the_key() -> None:
    from smm_promote.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        Config.from_mapping({"watch": {"interval": "soon"}})
    assert "watch.interval: expected a duration like '15m', '1h' or '90s', got 'soon'" in str(
        err.value
    )


def test_cli_once_remembers_then_reports(httpserver, tmp_path: Path, monkeypatch) -> None:
    from smm_promote.cli import cli

    feed = FeedServer(httpserver)
    feed.serve(rss(A))
    (tmp_path / "smm-promote.toml").write_text('site_url = "https://blog.example"\n')
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["watch", feed.url, "--once"])
    assert result.exit_code == 0, result.output
    assert "first poll, 1 existing items remembered" in result.output
    result = runner.invoke(cli, ["watch", feed.url, "--once"])
    assert "nothing new" in result.output
    with open_store(Config.from_mapping({}, base_dir=tmp_path)) as store:
        assert store.get_state(STATE_PREFIX + feed.url)["seen"][0] == "guid:a-1"
    bad = runner.invoke(cli, ["watch", feed.url, "--once", "--interval", "often"])
    assert bad.exit_code == 2 and "expected a duration" in bad.output


D = ("d-1", "https://blog.example/d/", "Delta post", "Mon, 02 Jun 2025 10:30:00 GMT")


def planned_urls(store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in store.entries():
        if entry.status in ("planned", "claimed", "posted"):
            counts[entry.post_url] = counts.get(entry.post_url, 0) + 1
    return counts


@pytest.mark.slow
def test_real_pipeline_plans_new_items_once(httpserver, tmp_path: Path) -> None:
    config = Config.from_mapping(
        {"site_url": "https://blog.example", "platforms": ["mastodon"]}, base_dir=tmp_path
    )
    feed = FeedServer(httpserver)
    feed.serve(rss(A, B))
    with open_store(config) as store:
        w = Watcher(config, store)
        w.poll(feed.url, T0)
        assert planned_urls(store) == {}

        feed.serve(rss(C, A_REDATED, B_NEW_GUID))
        w.poll(feed.url, T0 + timedelta(hours=1))
        after_c = planned_urls(store)
        assert set(after_c) == {C[1]} and after_c[C[1]] > 1  # announced, then evergreen
        cards = list((tmp_path / ".smm-promote" / "cards").rglob("*.png"))
        assert cards  # the new item got its card

        feed.honour_etag = False
        w.poll(feed.url, T0 + timedelta(hours=2))
        assert planned_urls(store) == after_c  # polled again: nothing planned twice

        feed.serve(rss(D, C, A_REDATED))
        w.poll(feed.url, T0 + timedelta(hours=3))
        after_d = planned_urls(store)
        assert set(after_d) == {C[1], D[1]}  # planning D cancels nothing of C
        assert after_d[C[1]] == after_c[C[1]]


@pytest.mark.slow
def test_cli_feeds_from_config_and_include_existing(
    httpserver, tmp_path: Path, monkeypatch
) -> None:
    from smm_promote.cli import cli

    feed = FeedServer(httpserver)
    feed.serve(rss(A, C))
    (tmp_path / "smm-promote.toml").write_text(
        'site_url = "https://blog.example"\nplatforms = ["mastodon"]\n\n'
        f'[watch]\nfeeds = ["{feed.url}"]\n'
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["watch", "--once", "--include-existing"])
    assert result.exit_code == 0, result.output
    assert f"{feed.url}: 2 new (Alpha post; Gamma post)" in result.output
    with open_store(Config.from_mapping({}, base_dir=tmp_path)) as store:
        assert set(planned_urls(store)) == {A[1], C[1]}

    (tmp_path / "smm-promote.toml").write_text('site_url = "https://blog.example"\n')
    empty = runner.invoke(cli, ["watch", "--once"])
    assert empty.exit_code == 2
    assert "give a FEED_URL, or list feeds under [watch] feeds in the config" in empty.output

"""`publish` never posts a dead link: each due entry's link is fetched once per run first."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path

from test_queue_support import NOW, FakePublisher, fake_caption, make_config, make_post
from werkzeug import Response

from smm_promote.publish.links import LinkChecker, unreachable
from smm_promote.publish.runner import run
from smm_promote.schedule.planner import plan
from smm_promote.schedule.store import Store

LATER = NOW + timedelta(days=1)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _site(httpserver) -> dict[str, str]:
    httpserver.expect_request("/ok/").respond_with_data("page")
    httpserver.expect_request("/gone/").respond_with_data("", status=410)
    httpserver.expect_request("/missing/").respond_with_data("", status=404)
    httpserver.expect_request("/no-head/", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/no-head/", method="GET").respond_with_data("page")
    httpserver.expect_request("/moved/").respond_with_response(
        Response("", status=301, headers={"Location": httpserver.url_for("/missing/")})
    )
    links = {name: httpserver.url_for(f"/{name}/") for name in
             ("ok", "gone", "missing", "no-head", "moved")}  # fmt: skip
    links["offline"] = f"http://127.0.0.1:{_closed_port()}/offline/"
    return links


def _planned(tmp_path: Path, links: dict[str, str], **settings):
    config = make_config(tmp_path, platforms=["x", "mastodon"], check_links=True,
                         catch_up_hours=2000, offsets=[30], **settings)  # fmt: skip
    store = Store(config.path(config.schedule.store))
    posts = [make_post(n, age_days=0.1, url=url) for n, url in enumerate(links.values())]
    plan(posts, config, store, now=NOW, captions_fn=fake_caption)
    return config, store


def test_dead_links_are_held_with_the_reason(httpserver, tmp_path: Path) -> None:
    links = _site(httpserver)
    config, store = _planned(tmp_path, links, daily_cap=10, slots=["daily 09:00"])
    fake = FakePublisher()
    report = run(
        config,
        store,
        now=NOW + timedelta(days=20),
        publishers=lambda p: fake,
        links=LinkChecker(local_ok=True),
    )  # the test site is on loopback
    sent = {e.post_url for e in fake.sent}
    assert sent == {links["ok"], links["no-head"], links["offline"]}
    held = sorted((e.post_url, why) for e, why in report.dead_links)
    assert sorted({why for _, why in held}) == [
        f"the link {links['gone']} answers HTTP 410 Gone",
        f"the link {links['missing']} answers HTTP 404 Not Found",
        f"the link {links['moved']} answers HTTP 404 Not Found",
    ]
    for entry, why in report.dead_links:
        stored = store.get(entry.id)
        assert stored.status == "planned"
        assert stored.last_error == f"held: {why}; posted once the page answers"
    # One request per link per run, although two platforms share each link.
    heads = [r.path for r, _ in httpserver.log if r.method == "HEAD"]
    assert sorted(heads) == sorted(
        ["/ok/", "/gone/", "/missing/", "/no-head/", "/moved/", "/missing/"]
    )
    store.close()


def test_check_links_false_turns_it_off(httpserver, tmp_path: Path) -> None:
    links = _site(httpserver)
    config, store = _planned(tmp_path, links, daily_cap=10, slots=["daily 09:00"])
    config = config.model_copy(
        update={"publish": config.publish.model_copy(update={"check_links": False})}
    )
    fake = FakePublisher()
    report = run(
        config,
        store,
        now=NOW + timedelta(days=20),
        publishers=lambda p: fake,
        links=LinkChecker(local_ok=True),
    )  # the test site is on loopback
    assert not report.dead_links and not httpserver.log
    assert {e.post_url for e in fake.sent} == set(links.values())
    store.close()


def test_links_no_reader_can_open_are_held_without_asking(tmp_path: Path) -> None:
    links = {
        "dev": "http://localhost:8000/mix-ruby.html",  # a development SITEURL
        "loopback": "https://127.0.0.1/post/",
        "private": "http://192.168.1.20/blog/post/",
        "mdns": "http://blog.local/post/",
        "placeholder": "https://example.com/post/",  # no site_url known anywhere
    }
    config, store = _planned(tmp_path, links, daily_cap=10, slots=["daily 09:00"])
    fake = FakePublisher()
    report = run(config, store, now=NOW + timedelta(days=20), publishers=lambda p: fake)
    assert fake.sent == []
    fix = "set `site_url` in smm-promote.toml to the site's public address"
    assert {why for _, why in report.dead_links} == {
        f"the link http://localhost:8000/mix-ruby.html points at this machine (localhost): {fix}",
        f"the link https://127.0.0.1/post/ points at a non-public address (127.0.0.1): {fix}",
        f"the link http://192.168.1.20/blog/post/ points at a non-public address (192.168.1.20): {fix}",
        f"the link http://blog.local/post/ points at this machine (blog.local): {fix}",
        f"the link https://example.com/post/ is on the placeholder host example.com: {fix}",
    }
    store.close()


def test_public_and_reserved_example_subdomains_are_not_refused() -> None:
    assert unreachable("https://blog.example.com/post/") is None  # a real name under example.com
    assert unreachable("https://8.8.8.8/") is None
    assert unreachable("http://localhost:8000/", local_ok=True) is None
    assert unreachable("https://example.com/", local_ok=True) is not None

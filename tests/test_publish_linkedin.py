"""LinkedIn's Posts API at the HTTP transport layer (`responses` answering `requests`)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest
import responses
from publish_support import FAKE_ENV, LINK, card_png, config, entry

from smm_promote.publish.base import AuthError
from smm_promote.publish.linkedin import LinkedInPublisher, escape_little_text

API = "https://api.linkedin.com"
AUTHOR = "urn:li:person:AbC123"


@pytest.fixture
def linkedin(monkeypatch):
    monkeypatch.setenv("SMM_LINKEDIN_ACCESS_TOKEN", FAKE_ENV["SMM_LINKEDIN_ACCESS_TOKEN"])
    return LinkedInPublisher.from_config(config(linkedin={"author": AUTHOR, "version": "202505"}))


def test_little_text_escaping_keeps_posts_whole():
    text = "Queues (in SQLite) *without* doubles: a_b @you [1] <3 ~ {x} | \\ #Python #Tips_2"
    assert escape_little_text(text) == (
        "Queues \\(in SQLite\\) \\*without\\* doubles: a\\_b \\@you \\[1\\] \\<3 \\~ \\{x\\} "
        "\\| \\\\ {hashtag|\\#|Python} {hashtag|\\#|Tips\\_2}"
    )


@responses.activate
def test_article_post_with_uploaded_thumbnail_and_headers(linkedin, tmp_path):
    card = card_png(tmp_path / "card.png")
    upload_url = "https://www.linkedin.com/dms-uploads/sp/abc/upload?token=signed"
    responses.post(
        f"{API}/rest/images?action=initializeUpload",
        json={"value": {"uploadUrl": upload_url, "image": "urn:li:image:C4E10"}},
    )
    responses.put(upload_url, status=201)
    responses.post(f"{API}/rest/posts", status=201, headers={"x-restli-id": "urn:li:share:99"})

    share = entry("linkedin", card, text="Queues (SQLite) that never double-post #Python " + LINK)
    result = linkedin.publish(share)

    assert result.remote_id == "urn:li:share:99"
    assert result.remote_url == "https://www.linkedin.com/feed/update/urn:li:share:99/"
    init, put, post = (c.request for c in responses.calls)
    for request in (init, post):
        assert request.headers["Authorization"] == "Bearer fake-linkedin-token-7777"
        assert request.headers["Linkedin-Version"] == "202505"
        assert request.headers["X-Restli-Protocol-Version"] == "2.0.0"
    assert json.loads(init.body) == {"initializeUploadRequest": {"owner": AUTHOR}}
    assert put.body == card.read_bytes()
    assert json.loads(post.body) == {
        "author": AUTHOR,
        "commentary": "Queues \\(SQLite\\) that never double-post {hashtag|\\#|Python} " + LINK,
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
        "content": {
            "article": {
                "source": LINK,
                "title": "A tiny SQLite queue",
                "description": "How a queue in one SQLite file claims work without doubles.",
                "thumbnail": "urn:li:image:C4E10",
            }
        },
    }


@responses.activate
def test_check_and_find_recent(linkedin):
    responses.get(f"{API}/v2/userinfo", json={"name": "Ada Blogger", "sub": "AbC123"})
    responses.get(
        f"{API}/rest/posts",
        json={
            "elements": [
                {
                    "id": "urn:li:share:1",
                    "createdAt": 1600000000000,
                    "commentary": "old",
                    "content": {"article": {"source": LINK}},
                },
                {
                    "id": "urn:li:share:2",
                    "createdAt": 1795424500000,
                    "commentary": "new",
                    "content": {"article": {"source": LINK}},
                },
            ]
        },
    )
    assert linkedin.check().message == f"authenticated as Ada Blogger, posting as {AUTHOR}"
    found = linkedin.find_recent(entry("linkedin"))
    assert found.remote_id == "urn:li:share:2"
    finder = responses.calls[1].request
    assert finder.headers["X-RestLi-Method"] == "FINDER"
    assert "author=urn%3Ali%3Aperson%3AAbC123" in finder.url


def test_author_is_required(monkeypatch):
    monkeypatch.setenv("SMM_LINKEDIN_ACCESS_TOKEN", "x")
    with pytest.raises(AuthError, match=r"\[publish.linkedin\] author"):
        LinkedInPublisher.from_config(config())


@responses.activate
def test_check_reports_token_expiry_when_the_app_credentials_are_given(linkedin, monkeypatch):
    monkeypatch.setenv("SMM_LINKEDIN_CLIENT_ID", "client-1")
    monkeypatch.setenv("SMM_LINKEDIN_CLIENT_SECRET", "fake-linkedin-client-secret")
    responses.get(f"{API}/v2/userinfo", json={"name": "Ada Blogger"})
    responses.post(
        "https://www.linkedin.com/oauth/v2/introspectToken",
        json={"active": True, "status": "active", "expires_at": 1800000000},
    )
    status = linkedin.check()
    assert status.expires_at.isoformat() == "2027-01-15T08:00:00+00:00"
    assert status.message.endswith("token expires 2027-01-15")
    introspect = responses.calls[1].request
    assert dict(parse_qsl(introspect.body)) == {
        "client_id": "client-1",
        "client_secret": "fake-linkedin-client-secret",
        "token": "fake-linkedin-token-7777",
    }
    assert "Authorization" not in introspect.headers

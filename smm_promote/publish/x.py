"""X through tweepy: OAuth 1.0a user context, the card as media with alt text, threads as replies.

tweepy 4.x uploads media only through the v1.1 endpoint X is retiring, so the card goes to
X's v2 `POST /2/media/upload` (and its alt text to `/2/media/metadata`) through tweepy's own
session and OAuth 1.0a signer.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import requests
import tweepy

from smm_promote.config import Config
from smm_promote.model import Entry
from smm_promote.publish.base import (
    AccountStatus,
    AuthError,
    PermanentError,
    PublishError,
    PublishResult,
    RateLimited,
    TransientError,
)
from smm_promote.publish.common import is_same_post, posted_before, read_card
from smm_promote.publish.env import secret
from smm_promote.publish.http import Api, TimeoutSession, scrub
from smm_promote.publish.settings import XSettings

log = logging.getLogger("smm_promote.publish")
# These log OAuth parameters (consumer key, access token) and whole bodies at DEBUG.
for _noisy in ("oauthlib", "requests_oauthlib", "tweepy.client"):
    logging.getLogger(_noisy).setLevel(logging.INFO)

#: X's limit on image alt text.
ALT_CHARS = 1000


class XPublisher:
    name = "x"

    def __init__(
        self,
        client: tweepy.Client,
        settings: XSettings | None = None,
    ) -> None:
        self.client = client
        self.settings = settings or XSettings()
        self._secrets = (
            client.consumer_key,
            client.consumer_secret,
            client.access_token,
            client.access_token_secret,
        )
        signer = tweepy.OAuth1UserHandler(*self._secrets).apply_auth()
        self.media = Api(
            "x",
            self.settings.api_url,
            secrets=self._secrets,
            timeout=self.settings.timeout,
            session=client.session,
        )
        self._signer = signer
        self._me: Any = None

    @classmethod
    def from_config(cls, config: Config, *, session: requests.Session | None = None) -> XPublisher:
        client = tweepy.Client(
            consumer_key=secret("SMM_X_CONSUMER_KEY", "x"),
            consumer_secret=secret("SMM_X_CONSUMER_SECRET", "x"),
            access_token=secret("SMM_X_ACCESS_TOKEN", "x"),
            access_token_secret=secret("SMM_X_ACCESS_TOKEN_SECRET", "x"),
        )
        client.session = session or TimeoutSession(config.publish.x.timeout)
        return cls(client, config.publish.x)

    # -- publishing ---------------------------------------------------------------------

    def publish(self, entry: Entry) -> PublishResult:
        if (earlier := posted_before(self, entry)) is not None:
            return earlier
        media_ids = None
        card = read_card(entry, self.name)
        if card is not None:
            media_ids = [self._upload(*card, alt=entry.alt)]
        first = self._tweet(text=entry.text, media_ids=media_ids)
        replies: list[str] = []
        previous = first
        for part in entry.parts:
            previous = self._tweet(text=part, in_reply_to_tweet_id=previous)
            replies.append(previous)
        log.info("x: entry %s posted as %s", entry.id, first)
        return PublishResult(first, self._url(first), tuple(replies))

    def _upload(self, data: bytes, mime: str, *, alt: str) -> str:
        """Upload the card through X's v2 media endpoint; set its alt text; return its id."""
        answer = self.media.json(
            "POST",
            "/2/media/upload",
            files={"media": ("card", data, mime)},
            data={"media_category": "tweet_image", "media_type": mime},
            auth=self._signer,
        )
        try:
            media_id = str(answer["data"]["id"])
        except (KeyError, TypeError):
            raise TransientError("x: media upload answered without a media id") from None
        if alt:
            self.media.json(
                "POST",
                "/2/media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": alt[:ALT_CHARS]}}},
                auth=self._signer,
            )
        return media_id

    def _tweet(self, **params: Any) -> str:
        response = self._call(self.client.create_tweet, user_auth=True, **params)
        try:
            return str(response.data["id"])
        except (KeyError, TypeError):
            raise TransientError("x: create tweet answered without an id") from None

    def _url(self, tweet_id: str) -> str:
        user = self._username()
        return f"https://x.com/{user or 'i/web'}/status/{tweet_id}"

    def _username(self) -> str | None:
        if self._me is None:
            try:
                self._me = self._call(self.client.get_me, user_auth=True).data
            except PublishError:
                return None
        return getattr(self._me, "username", None)

    # -- check and reconcile ------------------------------------------------------------

    def check(self) -> AccountStatus:
        try:
            me = self._call(self.client.get_me, user_auth=True).data
        except PublishError as exc:
            return AccountStatus(self.name, False, str(exc))
        self._me = me
        return AccountStatus(self.name, True, f"authenticated as @{me.username}")

    def find_recent(self, entry: Entry) -> PublishResult | None:
        if self._me is None:  # an error here is "cannot tell", never "not posted"
            self._me = self._call(self.client.get_me, user_auth=True).data
        response = self._call(
            self.client.get_users_tweets,
            self._me.id,
            user_auth=True,
            max_results=20,
            tweet_fields=["created_at", "entities"],
        )
        for tweet in response.data or ():
            urls = tuple(u.get("expanded_url", "") for u in (tweet.entities or {}).get("urls", ()))
            if is_same_post(entry, tweet.text, tweet.created_at, urls):
                return PublishResult(str(tweet.id), self._url(str(tweet.id)))
        return None

    # -- errors -------------------------------------------------------------------------

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a tweepy method; map its exceptions to publish errors without secrets."""
        try:
            return method(*args, **kwargs)
        except tweepy.TooManyRequests as exc:
            when = datetime.fromtimestamp(exc.reset_time, UTC) if exc.reset_time else None
            later = f" (retry after {when:%Y-%m-%d %H:%M:%S} UTC)" if when else ""
            error: PublishError = RateLimited(f"x: rate limited{later}", retry_at=when)
        except tweepy.Forbidden as exc:
            said = _said(exc)
            if "duplicate" in said.lower():
                error = PermanentError(f"x: HTTP 403, duplicate post: {said}")
            else:
                error = AuthError(f"x: HTTP 403 Forbidden: {said}")
        except tweepy.Unauthorized as exc:
            error = AuthError(f"x: HTTP 401 Unauthorized: {_said(exc)}")
        except tweepy.TwitterServerError as exc:
            error = TransientError(f"x: HTTP {exc.response.status_code} server error: {_said(exc)}")
        except tweepy.HTTPException as exc:
            error = PermanentError(f"x: HTTP {exc.response.status_code}: {_said(exc)}")
        except requests.Timeout:
            error = TransientError("x: no answer from api.twitter.com in time")
        except requests.JSONDecodeError:
            error = TransientError("x: malformed response (not JSON)")
        except requests.RequestException as exc:
            error = TransientError(f"x: could not reach X: {type(exc).__name__}")
        raise scrub(error, self._secrets)


def _said(exc: tweepy.HTTPException) -> str:
    """What X said: its error messages joined, at most 200 characters."""
    words = "; ".join(exc.api_messages) or exc.response.reason or ""
    return words[:200]

"""The images cards show: found as the generator publishes them, read only from inside the
site, fetched only when allowed, only from public addresses, each at most once per run."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from smm_promote.cards.images import FetchError, check_host, private_reason
from smm_promote.cards.render import render_cards
from smm_promote.config import Config
from smm_promote.errors import Problems
from smm_promote.sources import read_posts

SITE = "https://blog.example"


def make_site(tmp_path: Path, front: str, body: str = "Text of the post.") -> Path:
    """A site folder with an `smm-promote.toml`, a photo under `static/`, one post at
    `content/posts/trip/index.md`, and a PNG outside the site (`tmp_path/outside/secret.png`)."""
    site = tmp_path / "site"
    (site / "content" / "posts" / "trip").mkdir(parents=True)
    (site / "static" / "images").mkdir(parents=True)
    (site / "smm-promote.toml").write_text(f'site_url = "{SITE}"\nplatforms = ["mastodon"]\n')
    Image.new("RGB", (80, 50), (30, 120, 90)).save(site / "static" / "images" / "logo.png")
    (tmp_path / "outside").mkdir()
    Image.new("RGB", (80, 50), (200, 30, 30)).save(tmp_path / "outside" / "secret.png")
    post = site / "content" / "posts" / "trip" / "index.md"
    post.write_text(f"---\ntitle: A trip\nurl: /posts/trip/\n{front}---\n\n{body}\n")
    return site


def cards_for(site: Path, **cards):
    """Read the site's posts and draw their `photo` cards; returns (post, card, problems)."""
    config = Config.from_mapping(
        {"site_url": SITE, "platforms": ["mastodon"], "cards": cards},
        source=site / "smm-promote.toml",
    )
    problems = Problems()
    [post] = read_posts(site / "content", config, problems)
    drawn = render_cards(
        [post], config, site / ".smm-promote" / "cards", problems=problems, progress=False,
        workers=1, templates=["photo"], sizes=["og"],
    )  # fmt: skip
    [card] = drawn[post.url]
    return post, card, problems


def messages(problems: Problems) -> list[str]:
    return [str(p) for p in problems]


def test_page_bundle_image_beside_the_post(tmp_path: Path) -> None:
    site = make_site(tmp_path, "image: cover.png\n")
    bundle = site / "content" / "posts" / "trip"
    Image.new("RGB", (80, 50), (30, 120, 90)).save(bundle / "cover.png")
    post, card, problems = cards_for(site)
    assert (post.image, post.image_file) == (
        f"{SITE}/posts/trip/cover.png",
        str(bundle / "cover.png"),
    )
    assert "over the post's image" in card.alt
    assert messages(problems) == []


@pytest.mark.parametrize(
    "ref",
    ["{attach}cover.png", "{static}cover.png", "|attach|cover.png", "{filename}cover.png"],
)
def test_pelican_link_markers_name_files_beside_the_post(tmp_path: Path, ref: str) -> None:
    site = make_site(tmp_path, f"image: '{ref}'\n")
    bundle = site / "content" / "posts" / "trip"
    Image.new("RGB", (80, 50), (30, 120, 90)).save(bundle / "cover.png")
    post, card, problems = cards_for(site)
    assert post.image_file == str(bundle / "cover.png")
    assert post.image == f"{SITE}/posts/trip/cover.png"
    assert "over the post's image" in card.alt and messages(problems) == []


@pytest.mark.parametrize(
    "ref", ["/images/logo.png", "{static}/images/logo.png", f"{SITE}/images/logo.png"]
)
def test_site_paths_and_own_urls_are_found_in_the_static_folder(tmp_path: Path, ref: str) -> None:
    site = make_site(tmp_path, f"image: '{ref}'\n")
    post, card, problems = cards_for(site)
    assert post.image == f"{SITE}/images/logo.png"
    assert "over the post's image" in card.alt and messages(problems) == []


def test_a_path_relative_to_the_built_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, "image: ../../images/logo.png\n")  # from /posts/trip/
    post, card, problems = cards_for(site)
    assert post.image == f"{SITE}/images/logo.png"
    assert "over the post's image" in card.alt and messages(problems) == []


@pytest.mark.parametrize(
    "ref",
    [
        "{outside}",  # an absolute path to an image outside the site
        "../../../../outside/secret.png",  # climbing out of the site
        "/etc/shadow",
        "../../../../../../../../../../etc/passwd",
        "/proc/self/mem",
    ],
)
def test_files_outside_the_site_are_never_read(tmp_path: Path, ref: str) -> None:
    """Fails before: the outside PNG became the card's photo, `/proc/self/mem` raised OSError."""
    ref = ref.replace("{outside}", str(tmp_path / "outside" / "secret.png"))
    site = make_site(tmp_path, f"share:\n  image: '{ref}'\n")
    _post, card, problems = cards_for(site)
    assert "over the post's image" not in card.alt
    source = site / "content" / "posts" / "trip" / "index.md"
    assert messages(problems) == [
        f"{source}: share.image: {ref!r} is outside the site's folders; not used"
    ]


def test_a_symlink_out_of_the_site_is_not_followed(tmp_path: Path) -> None:
    site = make_site(tmp_path, "image: cover.png\n")
    (site / "content" / "posts" / "trip" / "cover.png").symlink_to(
        tmp_path / "outside" / "secret.png"
    )
    _post, card, problems = cards_for(site)
    assert "over the post's image" not in card.alt
    assert "is outside the site's folders" in messages(problems)[0]


def test_remote_images_are_not_fetched_unless_configured(tmp_path: Path, httpserver) -> None:
    """Fails before: `fetch_images` was on by default and `plan` waited on the network."""
    url = httpserver.url_for("/cover.png")
    site = make_site(tmp_path, f"image: {url}\n")
    _post, _card, problems = cards_for(site)
    assert httpserver.log == []
    source = site / "content" / "posts" / "trip" / "index.md"
    assert messages(problems) == [f"{source}: image: {url} not found locally (fetch_images is off)"]


def test_loopback_hosts_are_refused_after_dns_resolution(tmp_path: Path, httpserver) -> None:
    """Fails before: an image at a loopback host was fetched."""
    url = httpserver.url_for("/cover.png")  # http://localhost:PORT/: a name, resolved first
    assert "localhost" in url
    site = make_site(tmp_path, f"image: {url}\n")
    _post, _card, problems = cards_for(site, fetch_images=True)
    assert httpserver.log == []
    [message] = messages(problems)
    assert (
        "is at a loopback address 127.0.0.1; [cards] allow_private_hosts = true allows it"
        in message
    )


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "a link-local"),  # the cloud metadata address
        ("10.1.2.3", "a private"),
        ("192.168.0.10", "a private"),
        ("172.16.5.4", "a private"),
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("fe80::1", "a link-local"),
        ("fd00::1", "a private"),
        ("::ffff:10.0.0.1", "a private"),
        ("0.0.0.0", "an unspecified"),
        ("100.64.0.1", "a non-public"),
        ("93.184.215.14", None),
        ("2606:4700::6810:84e5", None),
    ],
)
def test_private_reason(address: str, reason: str | None) -> None:
    assert private_reason(address) == reason


def test_the_metadata_address_is_refused_without_connecting(tmp_path: Path) -> None:
    """Fails before: the fetch went out to 169.254.169.254 (and waited out its timeout)."""
    url = "http://169.254.169.254/latest/meta-data/iam/security-credentials/x.png"
    site = make_site(tmp_path, f"image: {url}\n")
    _post, _card, problems = cards_for(site, fetch_images=True)
    source = site / "content" / "posts" / "trip" / "index.md"
    assert messages(problems) == [
        f"{source}: image: {url} not fetched (169.254.169.254 is at a link-local address "
        "169.254.169.254; [cards] allow_private_hosts = true allows it); the card uses its fallback"
    ]
    with pytest.raises(FetchError, match=r"private address 10\.0\.0\.7"):
        check_host("10.0.0.7", 80, allow_private=False)
    assert check_host("10.0.0.7", 80, allow_private=True) == "10.0.0.7"


def test_remote_image_fetched_once_per_run_and_failures_are_one_short_line(
    tmp_path: Path, httpserver
) -> None:
    """Fails before: each post fetched the failing image again, with urllib3's long text."""
    httpserver.expect_request("/gone.png").respond_with_data("no", status=404)
    url = httpserver.url_for("/gone.png")
    site = make_site(tmp_path, f"image: {url}\n")
    other = site / "content" / "posts" / "other.md"
    other.write_text(f"---\ntitle: Another\nimage: {url}\n---\n\nMore text.\n")
    config = Config.from_mapping(
        {"site_url": SITE, "cards": {"fetch_images": True, "allow_private_hosts": True}},
        source=site / "smm-promote.toml",
    )
    problems = Problems()
    posts = read_posts(site / "content", config, problems)
    assert len(posts) == 2
    render_cards(posts, config, tmp_path / "cards", problems=problems, progress=False, workers=1,
                 templates=["photo"], sizes=["og"])  # fmt: skip
    assert len(httpserver.log) == 1
    assert (
        sorted(p.message for p in problems)
        == [f"image: {url} not fetched (HTTP 404); the card uses its fallback"] * 2
    )


def test_unreachable_host_is_one_short_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x.png"
    site = make_site(tmp_path, f"image: {url}\n")
    _post, _card, problems = cards_for(site, fetch_images=True, allow_private_hosts=True)
    [problem] = problems
    assert (
        problem.message
        == f"image: {url} not fetched (could not connect); the card uses its fallback"
    )


def test_a_redirect_to_a_private_address_is_refused(httpserver, monkeypatch) -> None:
    """Every hop is checked: a public first hop cannot bounce the fetch inside."""
    from smm_promote.cards import images

    httpserver.expect_request("/r.png").respond_with_data(
        "", status=302, headers={"Location": "http://10.0.0.9/x.png"}
    )
    original, seen = images.check_host, []

    def check(host: str, port: int, *, allow_private: bool) -> str:
        seen.append(host)  # the test server counts as public here
        return original(host, port, allow_private=host == "localhost")

    monkeypatch.setattr(images, "check_host", check)
    with pytest.raises(FetchError, match=r"private address 10\.0\.0\.9"):
        images.fetch(httpserver.url_for("/r.png"))
    assert seen == ["localhost", "10.0.0.9"]

"""Site profiles: the registry, the checks a profile passes, and the second site crawled end to end.

The sada capture's ``key.json`` is what a person reading each page sees; the crawl through the real
engine, replayed from disk and served over HTTP, must give every article of the section once with
every field as in the key.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from hunaworld.capture.server import CaptureServer
from hunaworld.profile import ListingRules, ProfileError
from hunaworld.sites import get_profile, profiles
from hunaworld.text.arabic import fold
from tests.conftest import ROOT, SADA, Crawl, run_crawl

SADA_HOST = "https://www.sada.example"
KEY = json.loads((SADA / "key.json").read_text(encoding="utf-8"))
ARTICLES = {entry["url"]: entry for entry in KEY if entry["kind"] == "article"}
LISTINGS = [entry for entry in KEY if entry["kind"] == "listing"]


def sada_crawl(tmp_path: Path, *args: str, **settings: object) -> Crawl:
    return run_crawl(tmp_path, "-a", "site=sada", *args, site=SADA, LOG_LEVEL="DEBUG", **settings)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return sada_crawl(tmp_path_factory.mktemp("sada-replay"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Crawl, dict[str, int]]:
    with CaptureServer(SADA) as server:
        crawl = run_crawl(tmp_path_factory.mktemp("sada-served"), "-a", "site=sada",
                          "-a", f"start_url={server.base_url}/category/international/", site=None,
                          LOG_LEVEL="DEBUG", ROBOTSTXT_OBEY=False)
        return crawl, dict(server.hits)


def check_against_key(crawl: Crawl) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    urls = [item["url"] for item in crawl.items]
    assert len(urls) == len(set(urls)), "an article was emitted twice"
    assert set(urls) == set(ARTICLES)
    for item in crawl.items:
        expected = ARTICLES[item["url"]]
        paragraphs = item["body"].split("\n\n")
        assert (item["site"], item["site_section"]) == ("sada", "international")
        # Text is compared folded: the loader removes tatweel and invisible marks by design.
        assert fold(item["headline"]) == fold(expected["headline"]), item["url"]
        assert item["date_published"] == expected["date_published"], item["url"]
        assert item["date_modified"] == expected["date_modified"], item["url"]
        assert item["authors"] == expected["authors"], item["url"]
        assert item["tags"] == expected["tags"], item["url"]
        assert item["image_url"] == expected["image"], item["url"]
        assert len(paragraphs) == expected["n_paragraphs"], item["url"]
        assert fold(paragraphs[0]) == fold(expected["first_paragraph"]), item["url"]
        assert fold(paragraphs[-1]) == fold(expected["last_paragraph"]), item["url"]


def test_replayed_sada_crawl_gives_every_article_once_as_the_key(replayed: Crawl) -> None:
    check_against_key(replayed)
    assert "Not in the replayed capture" not in replayed.log


def test_served_sada_crawl_gives_every_article_once_as_the_key(served: tuple[Crawl, dict[str, int]]) -> None:
    crawl, hits = served
    check_against_key(crawl)
    # Every page fetched once: the articles listed on two pages, and the 301's target, too.
    assert max(hits.values()) == 1
    article_paths = {unquote(urlsplit(url).path) for url in ARTICLES}
    listing_paths = {unquote(urlsplit(entry["url"]).path) for entry in LISTINGS}
    redirected = {path for path in hits if path not in article_paths | listing_paths}
    assert redirected == {"/2025/08/20/فرنسا-خطة-مدارس-موجات-الحر/"}
    assert set(hits) - redirected == article_paths | listing_paths


def test_sponsored_cards_and_other_sections_are_never_followed(replayed: Crawl) -> None:
    requested = [unquote(url) for url in replayed.requested()]
    assert not any("partner-network" in url or "finance-offers" in url for url in requested)
    sections = {urlsplit(url).path for url in requested} - {urlsplit(unquote(u)).path for u in ARTICLES}
    assert all(path.startswith("/category/international/") or path in ("/robots.txt",) or
               path == "/2025/08/20/فرنسا-خطة-مدارس-موجات-الحر/" for path in sections), sections
    assert replayed.stat("hunaworld/listing_refused") == 0  # the card rules already leave sponsored cards out


def test_windows_1256_page_and_the_sites_own_account(replayed: Crawl) -> None:
    by_url = {item["url"]: item for item in replayed.items}
    belgium = by_url[f"{SADA_HOST}/2025/08/30/belgium-migrant-smuggling-trial/"]
    assert "ط®" not in belgium["body"] and "بلجيكا" in belgium["tags"]
    assert not any("صدى المغرب" in item["authors"] for item in replayed.items)


def test_the_listing_rules_match_the_key_on_every_page() -> None:
    from parsel import Selector

    from hunaworld.extraction.listing import next_page, read_listing

    profile = get_profile("sada")
    manifest = {entry["url"]: entry for entry in json.loads((SADA / "manifest.json").read_text(encoding="utf-8"))}
    for n, listing in enumerate(LISTINGS):
        page = (SADA / manifest[listing["url"]]["file"]).read_text(encoding="utf-8")
        sel = Selector(text=page)
        found = read_listing(sel, listing["url"], profile)
        assert [unquote(card.url) for card in found.cards] == listing["article_urls"]
        following = LISTINGS[n + 1]["url"] if n + 1 < len(LISTINGS) else None
        assert next_page(sel, listing["url"], profile) == following


def test_profiles_are_listed_by_a_command() -> None:
    done = subprocess.run([sys.executable, "-m", "scrapy", "sites"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    for profile in profiles().values():
        assert re.search(rf"^{profile.key}\t", done.stdout, re.M)
        for section in profile.sections:
            assert f"  {section.key}\t{section.title}\t{section.start_urls[0]}" in done.stdout


@pytest.mark.parametrize(("change", "message"), [
    ({"timezone": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
    ({"listing": ListingRules("div..x", "a::attr(href)", "h2", "time", ())}, "bad listing selector 'div..x'"),
    ({"article_id": re.compile(r"/news/\d+")}, "needs a group"),
    ({"sections": ()}, "must not be empty"),
])
def test_a_broken_profile_fails_its_check_in_one_line(change: dict, message: str) -> None:
    broken = dataclasses.replace(get_profile("huna"), **change)
    with pytest.raises(ProfileError, match=re.escape(message)) as failed:
        broken.check()
    assert "\n" not in str(failed.value) and "'huna'" in str(failed.value)


@pytest.mark.parametrize(("args", "message"), [
    (["-a", "site=nowhere"], "unknown site 'nowhere' (known: huna, sada, sahm, wamid)"),
    (["-a", "site=sada", "-a", "section=sport"], "site 'sada' has no section 'sport' (sections: international)"),
])
def test_an_unknown_site_or_section_is_one_line_and_exit_1(tmp_path: Path, args: list[str], message: str) -> None:
    crawl = run_crawl(tmp_path, *args)
    assert crawl.returncode == 1
    assert crawl.log.splitlines().count(f"hunaworld: {message}") == 1
    assert "Traceback" not in crawl.log
    assert not (tmp_path / "articles.jsonl").exists()


def test_the_fixture_helper_saves_a_page_and_its_item_for_the_golden_test(tmp_path: Path) -> None:
    url = f"{SADA_HOST}/2025/08/30/belgium-migrant-smuggling-trial/"
    done = subprocess.run([sys.executable, "-m", "scrapy", "fixture", url, "--site", "sada", "--into", str(tmp_path),
                           "-s", f"HUNAWORLD_REPLAY={SADA}"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [(entry["url"], entry["status"]) for entry in manifest] == [(url, 200)]
    page = tmp_path / manifest[0]["file"]
    # The windows-1256 page is saved as served, and its item is the golden one already checked by eye.
    assert page.read_bytes() == (SADA / "2025_08_30_belgium-migrant-smuggling-trial.html").read_bytes()
    golden = SADA / "2025_08_30_belgium-migrant-smuggling-trial.expected.json"
    assert json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8")) == json.loads(
        golden.read_text(encoding="utf-8"))
    assert "layout=sada-post" in done.stdout

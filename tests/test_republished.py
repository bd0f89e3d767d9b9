"""A story the site republished at a new URL with a new date: the archive keeps one article, with the
earliest publication date and every URL it was seen at (the ``aliases`` table), in one crawl and
across runs, with or without a profile. The crawls run through the real engine on a local server."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from hunaworld.capture.manifest import load_manifest, route_key
from tests.conftest import HOST, SITE, copy_capture, run_crawl
from tests.faultsite import FaultServer

ORIGINAL = "/news/52806/الاتحاد-الأوروبي-ودول-آسيا-الوسطى-يبحثون"
COPY = "/news/52999/الاتحاد-الأوروبي-ودول-آسيا-الوسطى-يبحثون-مجددا"
ORIGINAL_DATE = "2025-09-05T13:56:00+03:00"


def original_page() -> str:
    entry = next(e for e in load_manifest(SITE) if route_key(e["url"]) == ORIGINAL)
    return (SITE / entry["file"]).read_text(encoding="utf-8")


def republished(folder: Path) -> Path:
    """The capture with the story republished a day later at a new URL, listed first on page 1."""
    copy = original_page().replace("52806", "52999").replace(ORIGINAL.split("/")[-1], COPY.split("/")[-1])
    copy = copy.replace("2025-09-05T13:56", "2025-09-06T12:10").replace("05/09/2025", "06/09/2025")
    listing = (SITE / "index.html").read_text(encoding="utf-8")
    card = (f'<div class="news-card"><a class="news-card__link" href="{COPY}"><h3 class="news-card__title">'
            "الاتحاد الأوروبي ودول آسيا الوسطى يبحثون التعاون</h3></a>"
            '<div class="news-card__date">منذ 10 دقائق</div></div>\n    ')
    listing = listing.replace('<div class="news-card">', card + '<div class="news-card">', 1)
    folder = copy_capture(folder, {"/world": listing})
    manifest = folder / "manifest.json"
    text = manifest.read_text(encoding="utf-8")
    (folder / "copy.html").write_text(copy, encoding="utf-8")
    entry = (f'{{"url": "{HOST}{COPY}", "file": "copy.html", "status": 200,'
             ' "headers": {"Content-Type": "text/html; charset=utf-8"}}')
    manifest.write_text(text.rstrip().removesuffix("]") + ", " + entry + "]", encoding="utf-8")
    return folder


def stored(db: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The articles of the story's text (url, date) and the aliases (url, the article's url)."""
    with closing(sqlite3.connect(db)) as con:
        digest = con.execute("SELECT content_hash FROM articles WHERE url LIKE '%/news/52806/%'"
                             " OR url LIKE '%/news/52999/%'").fetchone()[0]
        articles = con.execute("SELECT url, date_published FROM articles WHERE content_hash = ?", (digest,)).fetchall()
        aliases = con.execute("SELECT aliases.url, articles.url FROM aliases JOIN articles"
                              " ON articles.site = aliases.site AND articles.url_key = aliases.article_key").fetchall()
    return articles, aliases


def path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.parametrize("profile", ["huna", None], ids=["profile", "discovery"])
def test_one_crawl_keeps_the_earliest_date_and_both_urls(tmp_path: Path, serve: Callable[..., FaultServer],
                                                          profile: str | None) -> None:
    site = serve(republished(tmp_path / "site"))
    crawl = run_crawl(tmp_path, start_url=site.url("/world"), profile=profile, HUNAWORLD_TIMEZONE="Asia/Amman")
    assert crawl.returncode == 0, crawl.log[-3000:]
    articles, aliases = stored(crawl.db)
    assert len(articles) == 1 and articles[0][1] == ORIGINAL_DATE
    assert {path(article) for article in (articles[0][0], *(a for a, _ in aliases))} == {ORIGINAL, COPY}
    assert [(path(alias), path(article)) for alias, article in aliases] == [
        (next(p for p in (ORIGINAL, COPY) if p != path(articles[0][0])), path(articles[0][0]))]
    # The story is one article of the feed, and the crawl's 13 others are there too.
    story = [item for item in crawl.items if "/news/52806/" in item["url"] or "/news/52999/" in item["url"]]
    assert len(story) == 1 and len(crawl.items) == 13
    assert crawl.stat("hunaworld/dedup/same_content") == 1


def test_a_copy_republished_after_a_run_is_an_alias_of_the_stored_article(
        tmp_path: Path, serve: Callable[..., FaultServer]) -> None:
    first = run_crawl(tmp_path, out="first.jsonl")
    assert first.returncode == 0 and len(first.items) == 13
    site = serve(republished(tmp_path / "site"))
    again = run_crawl(tmp_path, start_url=site.url("/world"), out="again.jsonl", db=first.db)
    assert again.returncode == 0, again.log[-3000:]
    articles, aliases = stored(first.db)
    assert [(path(url), date) for url, date in articles] == [(ORIGINAL, ORIGINAL_DATE)]
    assert [(path(alias), path(article)) for alias, article in aliases] == [(COPY, ORIGINAL)]
    assert again.items == []
    # A third run knows the copy's URL: nothing is fetched again for it.
    third = run_crawl(tmp_path, "-s", "LOG_LEVEL=DEBUG", start_url=site.url("/world"), out="third.jsonl",
                      db=first.db)
    assert third.returncode == 0 and not any("/news/52999/" in url for url in third.requested())

"""The golden test: every fixture page of every site profile against the expected item saved beside it,
and the pages of publishers no profile knows against what the generic layers must read from them.

Fixtures live in ``fixtures/<site>/<folder>/``: a ``manifest.json`` gives each page's URL, and a page
``X.html`` with an ``X.expected.json`` beside it is a golden case, extracted with the profile of
``<site>``. New fixtures (``scrapy fixture``) are picked up without a change here.

``fixtures/generic/`` holds pages written in the templates of invented publishers, each showing one
kind of page the generic layers once read wrong; they are extracted with no profile, and their
expected file says what the page is (``page_kind``) and, for an article, its item.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from hunaworld import extract_article
from hunaworld.extraction.pagekind import page_kind
from hunaworld.sites import profiles
from tests.conftest import FIXTURES

GENERIC = FIXTURES / "generic"


def golden_cases() -> list[tuple[str, Path, str]]:
    cases = []
    for manifest in sorted(FIXTURES.glob("*/*/manifest.json")):
        site = manifest.parent.parent.name
        for entry in json.loads(manifest.read_text(encoding="utf-8")):
            page = manifest.parent / entry.get("file", "")
            if page.with_suffix(".expected.json").is_file():
                cases.append((site, page, entry["url"]))
    return cases


CASES = golden_cases()


def generic_cases() -> list[tuple[Path, str]]:
    entries = json.loads((GENERIC / "manifest.json").read_text(encoding="utf-8"))
    return [(GENERIC / entry["file"], entry["url"]) for entry in entries
            if (GENERIC / entry["file"]).with_suffix(".expected.json").is_file()]


GENERIC_CASES = generic_cases()


def test_every_profile_has_golden_pages() -> None:
    sites = {site for site, _, _ in CASES}
    assert sites == set(profiles())
    assert len({page for _, page, _ in CASES}) >= 13 + 10 + 26


def test_every_generic_page_has_its_expected_file() -> None:
    assert {page.name for page, _ in GENERIC_CASES} == {page.name for page in GENERIC.glob("*.html")}
    kinds = [json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))["page_kind"]
             for page, _ in GENERIC_CASES]
    assert len(kinds) >= 24 and {"listing", "other"} <= set(kinds)


@pytest.mark.parametrize(("site", "page", "url"), CASES, ids=[f"{s}-{p.stem[:36]}" for s, p, _ in CASES])
def test_fields_match_expected(site: str, page: Path, url: str) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = extract_article(page.read_bytes(), url, site=site)
    scraped_at = datetime.fromisoformat(got.pop("scraped_at"))
    assert scraped_at.utcoffset().total_seconds() == 0
    assert got == expected


@pytest.mark.parametrize(("page", "url"), GENERIC_CASES, ids=[p.stem[:40] for p, _ in GENERIC_CASES])
def test_a_page_of_no_profile_reads_as_expected(page: Path, url: str) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    kind = expected.pop("page_kind")
    html = page.read_bytes()
    assert page_kind(html, url) == kind
    if kind == "article":
        got = extract_article(html, url)
        got.pop("scraped_at")
        assert got == expected

"""The golden test: every fixture page of every site profile against the expected item saved beside it.

Fixtures live in ``fixtures/<site>/<folder>/``: a ``manifest.json`` gives each page's URL, and a page
``X.html`` with an ``X.expected.json`` beside it is a golden case, extracted with the profile of
``<site>``. New fixtures (``scrapy fixture``) are picked up without a change here.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from hunaworld import extract_article
from hunaworld.sites import profiles
from tests.conftest import FIXTURES


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


def test_every_profile_has_golden_pages() -> None:
    sites = {site for site, _, _ in CASES}
    assert sites == set(profiles())
    assert len({page for _, page, _ in CASES}) >= 13 + 10 + 26


@pytest.mark.parametrize(("site", "page", "url"), CASES, ids=[f"{s}-{p.stem[:36]}" for s, p, _ in CASES])
def test_fields_match_expected(site: str, page: Path, url: str) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = extract_article(page.read_bytes(), url, site=site)
    scraped_at = datetime.fromisoformat(got.pop("scraped_at"))
    assert scraped_at.utcoffset().total_seconds() == 0
    assert got == expected

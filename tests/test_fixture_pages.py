"""Every fixture article page against the expected item saved beside it (``X.html`` / ``X.expected.json``)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from hunaworld import extract_article
from tests.conftest import PAGES, SITE


def fixture_pages() -> list[tuple[Path, str]]:
    cases = []
    for folder in (SITE, PAGES):
        for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
            page = folder / entry.get("file", "")
            if page.with_suffix(".expected.json").is_file():
                cases.append((page, entry["url"]))
    return cases


CASES = fixture_pages()


def test_every_article_page_has_an_expected_item() -> None:
    pages = {p for p, _ in CASES}
    assert len(pages) == 13 + 10
    assert all(p.suffix == ".html" for p in pages)


@pytest.mark.parametrize(("page", "url"), CASES, ids=[p.stem[:40] for p, _ in CASES])
def test_fields_match_expected(page: Path, url: str) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = extract_article(page.read_bytes(), url)
    scraped_at = datetime.fromisoformat(got.pop("scraped_at"))
    assert scraped_at.utcoffset().total_seconds() == 0
    assert got == expected

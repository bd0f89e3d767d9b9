"""`hunaworld report`: its figures, its files, and its picture (Arabic labels joined, right to left, no boxes)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import warnings
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

from hunaworld.analysis import charts
from hunaworld.analysis.archive import open_archive
from hunaworld.analysis.charts import TAG_FONT_SIZE, chart_fonts, draw_report
from hunaworld.analysis.figures import compute_figures
from hunaworld.analysis.filters import ArticleFilter
from hunaworld.storage import daily
from hunaworld.storage.schema import VERSION
from hunaworld.storage.store import ArticleStore
from hunaworld.urls import url_key
from tests.archive import article_item, hunaworld, make_archive, url_of
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_archive(tmp_path_factory.mktemp("report") / "archive.sqlite3")
    store = ArticleStore(path)
    store.upsert(url_key(url_of(2)), article_item(2, body="نص معدل", content_hash="edited"))
    store.close()
    return path


def test_figures_count_by_the_site_day_and_cover_every_field(archive: Path) -> None:
    with closing(open_archive(archive)) as db:
        figures = compute_figures(db)
        sada = compute_figures(db, ArticleFilter(site="sada"))
    today = datetime.now(UTC).date().isoformat()
    # 2 is published 01:30 on the 2nd at UTC+3: the site's day, not UTC's 1st.
    assert figures.per_day == [("2025-09-01", "huna", 1), ("2025-09-02", "huna", 2), ("2025-09-03", "huna", 2),
                               ("2025-09-04", "huna", 2), ("2025-09-05", "huna", 1), ("2025-09-05", "sada", 1)]
    assert (figures.total, figures.undated) == (10, 1)
    assert dict(figures.top_tags) == {tag: 1 for tag in
                                      ("أمريكا", "ألمانيا", "الصين", "غزة", "فضاء", "روسيا", "أوكرانيا", "دبلوماسية")}
    ((day, stored, shares),) = figures.coverage
    assert (day, stored) == (today, 10)
    assert shares["date_published"] == 0.9 and shares["tags"] == 0.7 and shares["section"] == 1.0
    assert shares["summary"] == 0.1 and shares["image_url"] == 0.0
    assert figures.edits == [(today, 1)]
    assert (sada.total, sada.per_day, sada.edits) == (1, [("2025-09-05", "sada", 1)], [])


def test_report_writes_a_chart_and_a_self_contained_page(tmp_path: Path, archive: Path) -> None:
    done = hunaworld("report", "--db", str(archive), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "missing from font" not in done.stderr
    png, page = tmp_path / "out" / "report.png", tmp_path / "out" / "report.html"
    assert done.stdout.strip() == f"wrote {page}"
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size == (1600, 1000)
    html = page.read_text(encoding="utf-8")
    # Nothing fetched from elsewhere: the chart is inline and there is no stylesheet or script to load.
    assert "data:image/png;base64," in html
    assert not re.search(r"""(src|href)=["']?(https?:|//|[\w./-]+\.(png|css|js))""", html)
    assert '<td class="text" dir="auto">الصين</td><td>1</td>' in html
    assert "<tr><td class=\"text\" dir=\"auto\">2025-09-02</td><td>2</td><td>0</td><td>2</td></tr>" in html
    assert "without a publication date: 1" in html


# "الصين" as a reader sees it: its letters in their joined forms (initial lam, medial sad and yeh,
# final noon), laid out right to left, i.e. drawn left to right from the last letter.
SEEN = "\ufee6\ufef4\ufebc\ufedf\ufe8d"
# What a chart shows when nothing shapes the text (letters apart, left to right), and what it shows
# when text already shaped is reordered once more (joined, but mirrored).
UNSHAPED = "الصين"
MIRRORED = SEEN[::-1]


def _ink(pixels: np.ndarray) -> np.ndarray:
    """Grey-level ink (0 paper, 1 black), cropped to the ink's bounding box, at 160 x 48."""
    grey = pixels[..., :3].mean(axis=2) if pixels.ndim == 3 else pixels.astype(float)
    ink = 1.0 - grey / 255.0
    rows, cols = np.nonzero(ink > 0.2)
    ink = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    image = Image.fromarray((ink * 255).astype(np.uint8)).resize((160, 48), Image.Resampling.BILINEAR)
    return np.asarray(image, dtype=float) / 255.0


def _drawn_by_hand(text: str, font_file: str, size: int) -> np.ndarray:
    # Pillow's basic layout draws code points as given, one glyph each, left to right: no shaping,
    # no reordering, so it draws SEEN exactly as the word should look.
    font = ImageFont.truetype(font_file, size, layout_engine=ImageFont.Layout.BASIC)
    image = Image.new("L", (size * 8, size * 2), 255)
    ImageDraw.Draw(image).text((size, size // 3), text, font=font, fill=0)
    return _ink(np.asarray(image))


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


@pytest.mark.parametrize("fonts", ["report's choice", "DejaVu Sans only"])
def test_the_report_draws_arabic_tags_joined_and_right_to_left(archive: Path, monkeypatch, fonts: str) -> None:
    if fonts == "DejaVu Sans only":
        # The font every machine has: matplotlib ships it.
        monkeypatch.setattr(charts, "_PREFERRED_FONTS", ())
        chart_fonts.cache_clear()
    try:
        with closing(open_archive(archive)) as db, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure = draw_report(compute_figures(db))
            # Drawn large, so that the comparison is of letter shapes and not of a few pixels.
            figure.set_dpi(300)
            figure.canvas.draw()
        font_file = font_manager.findfont(font_manager.FontProperties(family=chart_fonts()[0]))
    finally:
        chart_fonts.cache_clear()
    assert not [w for w in caught if "missing from font" in str(w.message)]
    tags = figure.axes[1]
    (label,) = [label for label in tags.get_yticklabels() if label.get_text() == "الصين"]
    box = label.get_window_extent(figure.canvas.get_renderer())
    pixels = np.asarray(figure.canvas.buffer_rgba())
    height = pixels.shape[0]
    drawn = _ink(pixels[int(height - box.y1):int(height - box.y0) + 1, int(box.x0):int(box.x1) + 1])
    size = round(TAG_FONT_SIZE * 300 / 72)
    right, unshaped, mirrored = (_drawn_by_hand(text, font_file, size) for text in (SEEN, UNSHAPED, MIRRORED))
    assert _similarity(drawn, right) > 0.8
    assert _similarity(drawn, right) > max(_similarity(drawn, unshaped), _similarity(drawn, mirrored)) + 0.2


def _counts(db) -> tuple[list, list]:
    return (db.execute("SELECT * FROM article_days WHERE articles <> 0 ORDER BY 1, 2, 3, 4").fetchall(),
            db.execute("SELECT * FROM article_day_tags WHERE articles <> 0 ORDER BY 1, 2, 3").fetchall())


def test_the_counts_the_store_keeps_are_those_counted_anew(tmp_path: Path) -> None:
    path = make_archive(tmp_path / "a.sqlite3")
    store = ArticleStore(path)
    # An edit that moves an article to another day, another that changes its tags and fields, and
    # an article gone.
    store.upsert(url_key(url_of(3)), article_item(3, date_published="2025-10-01T08:00:00+03:00", content_hash="e1"))
    store.upsert(url_key(url_of(5)), article_item(5, tags=["الصين", "فضاء", "علوم"], summary="ملخص", content_hash="e2"))
    store.db.execute("DELETE FROM articles WHERE url_key = ?", (url_key(url_of(6)),))
    store.close()
    with closing(sqlite3.connect(path)) as db:
        kept = _counts(db)
        daily.fill(db)
        assert _counts(db) == kept
    with closing(open_archive(path)) as db:
        figures = compute_figures(db)
    assert ("2025-10-01", "huna", 1) in figures.per_day and ("2025-09-02", "huna", 1) in figures.per_day
    assert dict(figures.top_tags)["الصين"] == 2 and "روسيا" not in dict(figures.top_tags)
    assert figures.total == 9


def test_a_version_7_file_gets_its_counts_and_keeps_its_index(tmp_path: Path) -> None:
    # Written by the last schema-7 release: the test archive, one article edited.
    path = tmp_path / "v7.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v7.sqlite3", path)
    with closing(sqlite3.connect(path)) as db:
        articles = db.execute("SELECT rowid, * FROM articles ORDER BY rowid").fetchall()
        index = db.execute("SELECT rowid, * FROM article_search ORDER BY rowid").fetchall()
    done = hunaworld("reindex", "--db", str(path))
    assert done.returncode == 0, done.stderr
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        # Every column as it was; the columns of later versions (WARC pointers) empty.
        upgraded = db.execute("SELECT rowid, * FROM articles ORDER BY rowid").fetchall()
        assert [row[:len(articles[0])] for row in upgraded] == articles
        assert {row[len(articles[0]):] for row in upgraded} == {(None, None)}
        assert db.execute("SELECT rowid, * FROM article_search ORDER BY rowid").fetchall() == index
    with closing(open_archive(path)) as db:
        figures = compute_figures(db)
    assert (figures.total, figures.undated) == (10, 1)
    assert dict(figures.top_tags)["تجارة"] == 1

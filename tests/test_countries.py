"""An article's ``countries``: the rules, their precision and recall on the labelled set, and the
codes in the feed, the SQLite column and table, an upgraded file and ``hunaworld reindex``."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from hunaworld.storage import daily
from hunaworld.storage.reindex import reindex
from hunaworld.storage.store import ArticleStore
from hunaworld.text.countries import country_codes, country_name, named_countries
from tests.archive import hunaworld
from tests.conftest import FIXTURES, ROOT, run_crawl

# The benchmarks are scripts in a folder, not a package.
sys.path.insert(0, str(ROOT / "benchmarks"))

import countries_accuracy

SHARED_LABELS = ROOT.parent / "shared" / "sada-capture" / "countries.json"


@pytest.mark.parametrize(("text", "codes"), [
    # Names, with the clitics و ف ب ك ل and the article, in their combinations.
    ("وصل الوفد إلى ألمانيا", ["DE"]),
    ("نزح الآلاف بالسودان وفي تشاد", ["SD", "TD"]),
    ("وألمانيا وفرنسا ولليبيا وللصين وبمصر وكالعراق", ["CN", "DE", "EG", "FR", "IQ", "LY"]),
    # Demonyms and adjectives in every form, with or without the article.
    ("الشركات الألمانية والمستثمرين الصينيين", ["CN", "DE"]),
    ("قال مسؤول أمريكي إن الأتراك والروس والألمان حضروا", ["DE", "RU", "TR", "US"]),
    ("الحكومة الكورية الجنوبية", ["KR"]),
    # Capitals and major cities that stand for their country.
    ("ردت موسكو على كييف", ["RU", "UA"]),
    ("وصلت الشحنة إلى إسطنبول", ["TR"]),
    # The longest entry wins where entries overlap.
    ("جنوب السودان", ["SS"]),
    ("بابوا غينيا الجديدة", ["PG"]),
    ("روسيا البيضاء", ["BY"]),
    ("ولاية جورجيا", ["US"]),
    ("جنوب أفريقيا وشمال أفريقيا", ["ZA"]),
    # Continents, regions, seas, organisations and media name no country.
    ("دول أمريكا اللاتينية والمحيط الهندي وأوروبا والاتحاد الأوروبي", []),
    ("ذكرت صحيفة واشنطن بوست ونقلت وكالة الأنباء الفرنسية", []),
    # A language is no country, nor are the languages joined to it.
    ("الناطقين بالإنجليزية والفرنسية", []),
    ("باللغة الألمانية", []),
    # A city in a treaty's name is no mention of its country; a name there is.
    ("اتفاق باريس للمناخ", []),
    ("اتفاق إيران النووي", ["IR"]),
    # A name that is also a common word counts only where something makes it a place.
    ("دعم مالي للمزارعين والعجز المالي", []),
    ("هجوم في شمال مالي", ["ML"]),
    ("النيجر ومالي وتشاد", ["ML", "NE", "TD"]),
    ("مدرسة بنين", []),
    # A word naming places in two countries decides none, unless its phrase does.
    ("وصل الوفد إلى عمان", []),
    ("سلطنة عمان", ["OM"]),
    ("كوريا", []),
    # Diacritics, tatweel and hamza forms are folded away.
    ("الصِّين وإيـران واسبانيا", ["CN", "ES", "IR"]),
])
def test_the_rules(text: str, codes: list[str]) -> None:
    assert named_countries(text) == codes


def test_codes_and_names_come_from_cldr() -> None:
    codes = country_codes()
    assert {"DE", "EG", "PS", "XK", "SS"} <= codes
    # Regions, organisations and continents CLDR lists are no countries.
    assert codes.isdisjoint({"EU", "UN", "EZ", "QO", "ZZ", "AQ", "IC"})
    assert (country_name("DE"), country_name("EG")) == ("ألمانيا", "مصر")


def test_precision_and_recall_on_the_labelled_set_are_at_least_095() -> None:
    scores = countries_accuracy.scores()
    whole = scores["all"]
    assert whole.articles >= 100
    assert whole.precision >= 0.95, "\n".join(whole.errors)
    assert whole.recall >= 0.95, "\n".join(whole.errors)
    # The articles written after the word lists were frozen, alone.
    assert scores["written-b"].precision >= 0.95 and scores["written-b"].recall >= 0.95


def test_the_copied_sada_labels_are_the_shared_ones() -> None:
    if not SHARED_LABELS.is_file():
        pytest.skip(f"{SHARED_LABELS} is not on this machine")
    assert json.loads((FIXTURES / "countries" / "sada.json").read_text(encoding="utf-8")) == json.loads(
        SHARED_LABELS.read_text(encoding="utf-8"))


def test_a_crawl_writes_countries_to_the_feed_the_column_and_the_table(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0, crawl.log[-3000:]
    labels = {label["url"]: label["countries"]
              for label in json.loads((FIXTURES / "countries" / "huna.json").read_text(encoding="utf-8"))}
    assert {item["url"]: item["countries"] for item in crawl.items} == labels
    with sqlite3.connect(crawl.db) as db:
        column = {url: json.loads(codes) for url, codes in db.execute("SELECT url, countries FROM articles")}
        table: dict[str, list[str]] = {}
        for url, code in db.execute("SELECT a.url, c.country FROM article_countries c JOIN articles a"
                                    " ON a.site = c.site AND a.url_key = c.url_key ORDER BY c.country"):
            table.setdefault(url, []).append(code)
    assert column == labels
    assert table == {url: codes for url, codes in labels.items() if codes}


def test_an_older_file_gets_its_articles_countries_from_their_text(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v3.sqlite3", path)
    ArticleStore(path).close()
    labels = {label["url"]: label["countries"] for site in ("huna", "sada")
              for label in json.loads((FIXTURES / "countries" / f"{site}.json").read_text(encoding="utf-8"))}
    with sqlite3.connect(path) as db:
        stored = {url: json.loads(codes) for url, codes in db.execute("SELECT url, countries FROM articles")}
        rows = db.execute("SELECT COUNT(*) FROM article_countries").fetchone()[0]
    assert len(stored) == 39 and stored == labels
    assert rows == sum(map(len, labels.values()))


class Killed(Exception):
    """Stands for a kill between two of reindex's transactions."""


def _day_counts(db: sqlite3.Connection) -> list[tuple]:
    return db.execute("SELECT * FROM article_day_countries WHERE articles <> 0 ORDER BY 1, 2, 3").fetchall()


def test_reindex_computes_the_countries_again_in_steps_a_kill_keeps(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    shutil.copy(FIXTURES / "storage" / "schema-v3.sqlite3", path)
    ArticleStore(path).close()
    with closing(sqlite3.connect(path)) as db, db:
        before = db.execute("SELECT rowid, countries FROM articles ORDER BY rowid").fetchall()
        counts = _day_counts(db)
        # As an older version's word lists might have left them.
        db.execute("UPDATE articles SET countries = '[]'")
        db.execute("DELETE FROM article_countries")
    assert before[0][1] != "[]" and counts

    def stop_after_two_batches(done: int, total: int, resumed: bool) -> None:
        if done >= 20:
            raise Killed

    store = ArticleStore(path)
    with pytest.raises(Killed):
        reindex(store.db, stop_after_two_batches, batch=10)
    store.close()
    with closing(sqlite3.connect(path)) as db:
        # The two batches done have their countries again, the others not yet.
        halfway = db.execute("SELECT rowid, countries FROM articles ORDER BY rowid").fetchall()
    assert halfway[:20] == before[:20] and all(codes == "[]" for _, codes in halfway[20:])
    done = hunaworld("reindex", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert "resuming an earlier run's index, 20 of 39 articles in it" in done.stderr
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT rowid, countries FROM articles ORDER BY rowid").fetchall() == before
        assert db.execute("SELECT COUNT(*) FROM article_countries").fetchone()[0] == 61
        # The per-day counts followed the column, as a count anew finds them.
        assert _day_counts(db) == counts
        daily.fill(db)
        assert _day_counts(db) == counts


def test_no_word_or_phrase_of_the_lists_names_two_countries() -> None:
    # An entry shadowed by another of the same words would be lost without a word: the lists must agree.
    from hunaworld.text.countries import _index

    for first, entries in _index().items():
        assert len({entry.code for entry in entries.alone}) <= 1, first
        for group in entries.longer.values():
            codes: dict[tuple[str, ...], set[str | None]] = {}
            for entry in group:
                codes.setdefault(entry.rest, set()).add(entry.code)
            assert all(len(found) == 1 for found in codes.values()), (first, codes)

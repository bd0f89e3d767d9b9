"""`hunaworld export`: the stored articles as the crawl's feed (JSON Lines) or as CSV that Excel reads."""

from __future__ import annotations

import csv
import io
import json
from contextlib import closing
from operator import itemgetter
from pathlib import Path

import pytest

from hunaworld.analysis.archive import open_archive
from hunaworld.analysis.export import LIST_SEPARATOR, export
from hunaworld.analysis.filters import ArticleFilter
from hunaworld.items import ARTICLE_FIELDS
from tests.archive import hunaworld, make_archive, url_of
from tests.conftest import run_crawl


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("export") / "archive.sqlite3")


def test_jsonl_export_of_a_crawl_is_its_feed(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0 and len(crawl.items) == 13
    out = tmp_path / "again.jsonl"
    done = hunaworld("export", "--db", str(crawl.db), "--format", "jsonl", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote 13 articles to {out}"
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(exported, key=itemgetter("url")) == sorted(crawl.items, key=itemgetter("url"))
    assert list(exported[0]) == list(ARTICLE_FIELDS)


def test_csv_has_a_byte_order_mark_and_joined_lists(tmp_path: Path, archive: Path) -> None:
    out = tmp_path / "articles.csv"
    done = hunaworld("export", "--db", str(archive), "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    # Excel on Windows reads a CSV as UTF-8 only when it starts with the BOM.
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(ARTICLE_FIELDS)
    assert len(rows) == 10
    first = next(row for row in rows if row["url"] == url_of(1))
    assert first["tags"] == f"أمريكا{LIST_SEPARATOR}ألمانيا" == "أمريكا | ألمانيا"
    assert first["authors"] == "" and first["views"] == ""
    # A body keeps its paragraph break inside its quoted cell.
    assert first["body"] == "وصل الرئيس الأمريكي إلى برلين في زيارة تستمر يومين.\n\nوقال إن العلاقات مع ألمانيا قوية."
    assert first["headline"] == "الرئيس الأمريكي يزور ألمانيا"


def test_export_selects_by_site_and_day(tmp_path: Path, archive: Path) -> None:
    out = tmp_path / "sada.jsonl"
    done = hunaworld("export", "--db", str(archive), "--format", "jsonl", "--site", "sada", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()] == [url_of(10)]
    done = hunaworld("export", "--db", str(archive), "--format", "csv", "--since", "2025-09-04", "--until",
                     "2025-09-04", "-o", str(out))
    assert done.stdout.strip() == f"wrote 2 articles to {out}"


def test_bad_arguments_exit_2_and_a_missing_database_1(tmp_path: Path) -> None:
    done = hunaworld("export", "--db", str(tmp_path / "none.sqlite3"), "--format", "csv", "-o", str(tmp_path / "x"))
    assert done.returncode == 1 and done.stderr.strip().endswith("no such database (give it with --db)")
    assert hunaworld("export", "--format", "xls", "-o", "x").returncode == 2
    assert hunaworld("search", "x", "--since", "yesterday").returncode == 2


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_export_reads_in_the_order_of_an_index_and_sorts_nothing(tmp_path: Path, archive: Path, fmt: str) -> None:
    # A sort of a million articles would hold them all (or spill them to temporary files) first.
    statements: list[str] = []
    with closing(open_archive(archive)) as db:
        db.set_trace_callback(statements.append)
        assert export(db, fmt, tmp_path / f"all.{fmt}", ArticleFilter(site="huna")) == 9
        db.set_trace_callback(None)
        (select,) = [s for s in statements if s.startswith("SELECT") and "FROM articles a" in s]
        plan = " ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {select}"))
    assert "articles_export" in plan and "TEMP B-TREE" not in plan

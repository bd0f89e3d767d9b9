"""`hunaworld export`: the stored articles as the crawl's feed (JSON Lines), as CSV that Excel reads, or as
Parquet that pandas, Polars and DuckDB read; selected by day, site and country."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from operator import itemgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
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


def _times(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def test_parquet_holds_every_value_of_the_feed_typed(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0
    jsonl, parquet = tmp_path / "all.jsonl", tmp_path / "all.parquet"
    assert hunaworld("export", "--db", str(crawl.db), "--format", "jsonl", "-o", str(jsonl)).returncode == 0
    done = hunaworld("export", "--db", str(crawl.db), "--format", "parquet", "-o", str(parquet))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote 13 articles to {parquet}"
    table = pq.read_table(parquet)
    assert table.column_names == list(ARTICLE_FIELDS)
    schema = table.schema
    assert schema.field("date_published").type == pa.timestamp("us", tz="UTC")
    assert schema.field("scraped_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("tags").type == schema.field("countries").type == pa.list_(pa.string())
    assert schema.field("views").type == schema.field("revision").type == pa.int64()
    rows = table.to_pylist()
    items = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(items) == 13
    times = ("date_published", "date_modified", "scraped_at")
    for row, item in zip(rows, items, strict=True):
        for name in ARTICLE_FIELDS:
            # A time is the same instant; every other value is equal as it is.
            expected = _times(item[name]) if name in times else item[name]
            assert row[name] == expected, (item["url"], name)
    assert all(row["countries"] for row in rows)


def test_parquet_reads_directly_into_pandas_polars_and_duckdb(tmp_path: Path, archive: Path) -> None:
    out = tmp_path / "a.parquet"
    assert hunaworld("export", "--db", str(archive), "--format", "parquet", "-o", str(out)).returncode == 0
    import pandas
    frame = pandas.read_parquet(out)
    assert str(frame["date_published"].dtype) == "datetime64[us, UTC]"
    assert list(frame.loc[frame["url"] == url_of(1), "tags"].iloc[0]) == ["أمريكا", "ألمانيا"]
    import polars
    frame = polars.read_parquet(out)
    assert frame.schema["countries"] == polars.List(polars.String)
    assert frame.filter(polars.col("countries").list.contains("CN")).height == 4
    import duckdb
    rows = duckdb.sql(f"SELECT count(*) FROM '{out}' WHERE list_contains(countries, 'CN')").fetchall()
    assert rows == [(4,)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_since_and_country_select_in_every_format(tmp_path: Path, archive: Path, fmt: str) -> None:
    out = tmp_path / f"pull.{fmt}"
    done = hunaworld("export", "--db", str(archive), "--format", fmt, "--since", "2025-09-05", "-o", str(out))
    assert done.stdout.strip() == f"wrote 3 articles to {out}", done.stderr
    # 8 has no date: it counts on the day it was stored, today.
    assert sorted(_urls(out, fmt)) == sorted(url_of(n) for n in (8, 9, 10))
    done = hunaworld("export", "--db", str(archive), "--format", fmt, "--country", "cn", "-o", str(out))
    assert done.returncode == 0, done.stderr
    # بالصين، الصِّينِ، الصين، للصين: China named four ways.
    assert sorted(_urls(out, fmt)) == sorted(url_of(n) for n in (2, 4, 5, 10))


def _urls(out: Path, fmt: str) -> list[str]:
    if fmt == "parquet":
        return pq.read_table(out).column("url").to_pylist()
    if fmt == "csv":
        return [row["url"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline=""))]
    return [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()]


def test_a_country_code_that_is_none_and_a_missing_pyarrow_are_one_line(tmp_path: Path, archive: Path) -> None:
    done = hunaworld("export", "--db", str(archive), "--format", "csv", "--country", "XY", "-o", str(tmp_path / "x"))
    assert done.returncode == 2 and "not a country code" in done.stderr and "Traceback" not in done.stderr
    out = tmp_path / "x.parquet"
    # As on a machine without the extra: pyarrow cannot be imported.
    done = subprocess.run([sys.executable, "-c", "import sys; sys.modules['pyarrow'] = None;"
                           " from hunaworld.analysis.cli import main; sys.exit(main(sys.argv[1:]))",
                           "export", "--db", str(archive), "--format", "parquet", "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.strip() == ("hunaworld export: Parquet needs pyarrow, an extra:"
                                   " pip install 'hunaworld[parquet]'")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
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

"""The search engines weighed for a large archive, on the same archive and queries as ``analysis_speed.py``.

Builds, from the search form an archive's index already holds (so each build is the engine's own
cost, not the folding's), in a scratch folder:

* FTS5 with ``prefix='4'`` (an index of every word's first four letters, for ``word*``);
* FTS5 with ``detail=column`` (no positions: smaller, but no phrase or NEAR queries);
* Tantivy (its Python bindings; ``whitespace`` tokenizer over the search form, BM25 with the same
  column weights as field boosts, site and day as fields), which ranks the top k of every match
  with block-max pruning instead of a window of recent matches;

and times, for each, the 100 queries (the least of 3 runs, CPU and wall) without snippets, beside
the project's own ranking (``hunaworld.analysis.search``'s rowids, unchanged archive). Tantivy is
given the queries as FTS5 phrases rewritten to its query language (``NEAR`` as a phrase with slop,
a prefix as a regular expression); a tag filter is left out for both engines there.

    pip install -e ".[bench]"
    python benchmarks/search_candidates.py --archive FILE [--candidates tantivy ...]   # from analysis_speed.py
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from analysis_speed import queries

from hunaworld.analysis.archive import open_archive
from hunaworld.analysis.filters import ArticleFilter
from hunaworld.analysis.query import parse_query
from hunaworld.analysis.search import _ranked
from hunaworld.storage.search_index import COLUMNS, TABLE, WEIGHTS

QUERY_FIELDS = list(COLUMNS)
FTS5_OPTIONS = {"fts5-prefix": "prefix = '4'", "fts5-column": "detail = column"}
CANDIDATES = ("fts5", *FTS5_OPTIONS, "tantivy")
BOOSTS = dict(zip(COLUMNS, WEIGHTS, strict=True))


def timed(run: Callable[[], object], repeats: int = 3) -> tuple[float, float]:
    """The least wall and CPU milliseconds of ``repeats`` runs, after one."""
    run()
    wall, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return min(wall), min(cpu)


def summary(name: str, figures: list[tuple[float, float]]) -> None:
    wall = sorted(w for w, _ in figures)
    cpu = sorted(c for _, c in figures)
    at95 = max(0, int(0.95 * len(wall)) - 1)
    print(f"  {name}: {len(wall)} queries, wall p50 {statistics.median(wall):.1f} ms, p95 {wall[at95]:.1f} ms,"
          f" slowest {wall[-1]:.1f} ms; CPU p50 {statistics.median(cpu):.1f} ms, p95 {cpu[at95]:.1f} ms")


def fts5_variant(archive: Path, work: Path, options: str) -> Path:
    """A copy of the archive's index as an FTS5 table with ``options``, in a file of its own."""
    path = work / f"fts5-{re.sub(r'[^a-z0-9]+', '-', options)}.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("ATTACH DATABASE ? AS archive", (f"{archive.resolve().as_uri()}?mode=ro",))
        started = time.perf_counter()
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5({', '.join(COLUMNS)}, tokenize = 'ascii', {options})")
        db.execute(f"INSERT INTO t (rowid, {', '.join(COLUMNS)}) SELECT rowid, {', '.join(COLUMNS)}"
                   f" FROM archive.{TABLE}")
        db.execute("INSERT INTO t (t) VALUES ('optimize')")
        db.commit()
        print(f"  FTS5 {options}: built in {time.perf_counter() - started:.0f} s,"
              f" {path.stat().st_size / 2**20:.0f} MB")
    return path


def fts5_times(path: Path, texts: list[str]) -> list[tuple[float, float]]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        figures = []
        for text in texts:
            fts = parse_query(text).fts
            try:
                figures.append(timed(lambda fts=fts: db.execute(
                    "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 20", (fts,)).fetchall()))
            except sqlite3.OperationalError as exc:
                print(f"    {text!r}: {exc}")
        return figures


def tantivy_index(archive: Path, work: Path):
    import tantivy

    builder = tantivy.SchemaBuilder()
    for column in COLUMNS:
        builder.add_text_field(column, tokenizer_name="whitespace")
    builder.add_text_field("site", tokenizer_name="raw")
    builder.add_integer_field("day", indexed=True, fast=True)
    builder.add_integer_field("rowid", indexed=True, fast=True, stored=True)
    folder = work / "tantivy"
    folder.mkdir()
    index = tantivy.Index(builder.build(), path=str(folder))
    started = time.perf_counter()
    writer = index.writer(heap_size=100_000_000, num_threads=1)
    with closing(open_archive(archive)) as db:
        day_sql = "CAST(replace(substr(COALESCE(a.date_published, a.first_seen), 1, 10), '-', '') AS INTEGER)"
        for rowid, site, day, *texts in db.execute(
                f"SELECT f.rowid, a.site, {day_sql}, {', '.join(f'f.{c}' for c in COLUMNS)} FROM {TABLE} f"
                " JOIN articles a ON a.rowid = f.rowid"):
            writer.add_document(tantivy.Document(rowid=rowid, site=site, day=day,
                                                 **dict(zip(COLUMNS, texts, strict=True))))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    size = sum(f.stat().st_size for f in folder.iterdir())
    print(f"  Tantivy: built in {time.perf_counter() - started:.0f} s, {size / 2**20:.0f} MB")
    return tantivy, index


def tantivy_query(tantivy, index, text: str, where: ArticleFilter):
    """The FTS5 expression of ``text`` in Tantivy's query language, with the filters as fields."""
    fts = parse_query(text).fts
    prefix = re.fullmatch(r'"([^"\s]+)"\*', fts)
    schema = index.schema
    if prefix:
        pattern = re.escape(prefix.group(1)) + ".*"
        query = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.boost_query(
            tantivy.Query.regex_query(schema, column, pattern), BOOSTS[column])) for column in COLUMNS])
    else:
        fts = re.sub(r'NEAR\(((?:"[^"]*"\s*)+),\s*(\d+)\)',
                     lambda m: '"' + " ".join(re.findall(r'"([^"]*)"', m.group(1))) + f'"~{m.group(2)}', fts)
        fts = re.sub(r"(\w+): ", r"\1:", fts)
        query = index.parse_query(fts, QUERY_FIELDS, field_boosts=BOOSTS, conjunction_by_default=True)
    clauses = [(tantivy.Occur.Must, query)]
    if where.site:
        clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "site", where.site)))
    if where.since or where.until:
        clauses.append((tantivy.Occur.Must, tantivy.Query.range_query(
            schema, "day", tantivy.FieldType.Integer, int(where.since.strftime("%Y%m%d")),
            int(where.until.strftime("%Y%m%d")))))
    return tantivy.Query.boolean_query(clauses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--candidates", nargs="+", default=list(CANDIDATES), choices=CANDIDATES,
                        help="which to build and time (default all)")
    args = parser.parse_args()
    mixed = [(text, replace_tag(where)) for text, where in queries(random.Random(11), args.archive)]
    mixed += [("في", ArticleFilter()), ('"في من"', ArticleFilter())]
    texts = [text for text, where in mixed if where == ArticleFilter()]
    work = Path(tempfile.mkdtemp(prefix="candidates-"))
    try:
        print(f"{len(mixed)} queries ({len(texts)} without filters) on {args.archive}")
        with closing(open_archive(args.archive)) as db:
            summary("FTS5 as built, the project's ranking (rowids only)", [
                timed(lambda text=text, where=where: list(_ranked(db, parse_query(text), where, False)))
                for text, where in mixed])
            if "fts5" in args.candidates:
                summary("FTS5 as built, bm25 of every match, no window (unfiltered)", fts5_rank_all(db, texts))
        for candidate in args.candidates:
            if candidate in FTS5_OPTIONS:
                options = FTS5_OPTIONS[candidate]
                summary(f"FTS5 {options}, bm25 of every match (unfiltered)",
                        fts5_times(fts5_variant(args.archive, work, options), texts))
        if "tantivy" in args.candidates:
            tantivy, index = tantivy_index(args.archive, work)
            searcher = index.searcher()
            summary("Tantivy, top 20 of every match", [
                timed(lambda text=text, where=where: searcher.search(tantivy_query(tantivy, index, text, where),
                                                                     20).hits)
                for text, where in mixed])
    finally:
        shutil.rmtree(work)


def fts5_rank_all(db: sqlite3.Connection, texts: list[str]) -> list[tuple[float, float]]:
    ranking = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? ORDER BY rank LIMIT 20"
    return [timed(lambda fts=fts: db.execute(ranking, (fts,)).fetchall())
            for fts in (parse_query(text).fts for text in texts)]


def replace_tag(where: ArticleFilter) -> ArticleFilter:
    # A tag is matched exactly on the articles shown, outside either engine.
    return ArticleFilter(site=where.site, since=where.since, until=where.until)


if __name__ == "__main__":
    sys.exit(main())

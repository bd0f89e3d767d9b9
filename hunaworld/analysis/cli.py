"""The ``hunaworld`` command: search, report, export, serve, runs, reindex, reextract.

Exit status: 0 done (a search that finds nothing included), 1 the database cannot be used or an
output cannot be written (a file, a folder, a port), 2 a usage error (a site the archive does not
have) or a query FTS5 cannot parse. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

from hunaworld.analysis.archive import DEFAULT_DATABASE, ArchiveError, open_archive
from hunaworld.analysis.filters import ArticleFilter

__all__ = ["main"]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def _country(text: str) -> str:
    from hunaworld.text.countries import country_codes

    if text.upper() not in country_codes():
        raise argparse.ArgumentTypeError(f"not a country code (ISO 3166-1 alpha-2, such as DE or EG): {text!r}")
    return text.upper()


def _selection(parser: argparse.ArgumentParser, *, tag: bool = False, country: bool = True) -> None:
    parser.add_argument("--db", type=Path, default=DEFAULT_DATABASE,
                        help=f"the crawl's SQLite file (default {DEFAULT_DATABASE})")
    parser.add_argument("--site", help="only this site's articles (its profile key: huna, sada)")
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="published on or after this day")
    parser.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="published on or before this day")
    if country:
        parser.add_argument("--country", type=_country, metavar="CODE",
                            help="only articles naming this country (ISO 3166-1 alpha-2 code: DE, EG, US...)")
    if tag:
        parser.add_argument("--tag", help="only articles with this tag")


class UsageProblem(ValueError):
    """Input the archive cannot answer (exit status 2), said in one line."""


class OutputError(RuntimeError):
    """An output the command cannot write or open (exit status 1), said in one line."""


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """An OSError of writing ``target`` (read-only, a missing folder, a folder given as a file) as one line."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or target}: {exc.strerror or exc}") from None


def _filter(args: argparse.Namespace, db: sqlite3.Connection) -> ArticleFilter:
    known = db.execute("SELECT 1 FROM articles WHERE site = ? LIMIT 1", (args.site,)).fetchone()
    if args.site is not None and known is None:
        sites = [row[0] for row in db.execute("SELECT DISTINCT site FROM articles ORDER BY site")]
        raise UsageProblem(f"the archive has no site {args.site!r} (its sites: {', '.join(sites) or 'none yet'})")
    return ArticleFilter(site=args.site, since=args.since, until=args.until, tag=getattr(args, "tag", None),
                         country=getattr(args, "country", None))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hunaworld", description="Search, chart, export and browse the archive.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    search = commands.add_parser("search", help="full-text search, Arabic-aware, best first",
                                 description='FTS5 syntax: "a phrase", a OR b, a NOT b, prefix*, headline: word')
    search.add_argument("query")
    _selection(search, tag=True)
    search.add_argument("--limit", type=_positive, default=20, help="at most N results (default 20)")
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.add_argument("--rank-all", action="store_true",
                        help="rank every match (default: a query matching more than 2,000 articles is ranked"
                             " among its 2,000 most recently stored; ranking costs ~8 µs a match)")

    report = commands.add_parser("report", help="charts (PNG) and a self-contained HTML page")
    # No --country: the report counts from per-day tables, which count articles by site and day.
    _selection(report, country=False)
    report.add_argument("--out", type=Path, default=Path("report"), help="folder to write (default ./report)")

    export = commands.add_parser("export", help="stored articles as JSON Lines, CSV (UTF-8 with BOM) or Parquet")
    _selection(export)
    export.add_argument("--format", choices=("jsonl", "csv", "parquet"), required=True,
                        help="parquet needs pyarrow: pip install 'hunaworld[parquet]'")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")

    serve = commands.add_parser("serve", help="browse the archive in Datasette, read-only")
    serve.add_argument("--db", type=Path, default=DEFAULT_DATABASE)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8001, help="port (default 8001; 0 picks a free one)")

    runs = commands.add_parser("runs", help="the latest crawls: healthy, failed (and why) or interrupted")
    runs.add_argument("--db", type=Path, default=DEFAULT_DATABASE)
    runs.add_argument("-n", type=_positive, default=20, metavar="N", help="how many runs, newest first (default 20)")

    reindex = commands.add_parser("reindex", help="rebuild the search index and the articles' countries"
                                                  " (upgrades an older file)")
    reindex.add_argument("--db", type=Path, default=DEFAULT_DATABASE)

    reextract = commands.add_parser("reextract", help="extract the stored pages (WARC) again with today's"
                                    " extraction; update each article that changed, as a revision")
    _selection(reextract)
    reextract.add_argument("--jobs", type=_positive, help="processes that extract (default: every core)")
    reextract.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    return parser


def _search(args: argparse.Namespace) -> int:
    from hunaworld.analysis.query import parse_query
    from hunaworld.analysis.search import QueryError, search
    from hunaworld.analysis.words import ArchiveWords

    with closing(open_archive(args.db)) as db:
        query = parse_query(args.query, ArchiveWords(db).forms)
        try:
            hits = search(db, query, _filter(args, db), args.limit, rank_all=args.rank_all)
        except QueryError as exc:
            print(f"hunaworld search: cannot parse the query {args.query!r}: {exc}", file=sys.stderr)
            return 2
    if args.json:
        for hit in hits:
            print(json.dumps(hit.as_dict(), ensure_ascii=False))
    elif not hits:
        print(f"No article matches {args.query!r}.")
    for n, hit in enumerate([] if args.json else hits, 1):
        print(f"{n}. {hit.headline}\n   {hit.site} | {hit.date_published or 'no date'} | {hit.url}\n   {hit.snippet}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from hunaworld.analysis.report import write_report

    with closing(open_archive(args.db)) as db, _writing(args.out):
        written = write_report(db, args.out, _filter(args, db))
    print("\n".join(f"wrote {path}" for path in written))
    return 0


def _export(args: argparse.Namespace) -> int:
    from hunaworld.analysis.export import export

    if args.format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise OutputError("Parquet needs pyarrow, an extra: pip install 'hunaworld[parquet]'") from None
    with closing(open_archive(args.db)) as db, _writing(args.output):
        count = export(db, args.format, args.output, _filter(args, db))
    print(f"wrote {count} articles to {args.output}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from hunaworld.analysis.serve import serve

    open_archive(args.db).close()
    try:
        serve(args.db, host=args.host, port=args.port)
    except OSError as exc:
        raise OutputError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0


def _runs(args: argparse.Namespace) -> int:
    from hunaworld.monitoring.runlist import recent_runs, run_table

    with closing(open_archive(args.db)) as db:
        print("\n".join(run_table(recent_runs(db, args.n))))
    return 0


class _Progress:
    """Lines on stderr while ``reindex`` runs: where it resumed, then every few seconds."""

    def __init__(self, every: float = 5.0) -> None:
        self.every, self.started, self.last, self.told = every, time.monotonic(), float("-inf"), False

    def __call__(self, done: int, total: int, resumed: bool) -> None:
        now = time.monotonic()
        if resumed and not self.told:
            print(f"hunaworld reindex: resuming an earlier run's index, {done:,} of {total:,} articles in it",
                  file=sys.stderr)
        elif now - self.last >= self.every or done == total:
            self.last = now
            print(f"hunaworld reindex: {done:,} of {total:,} articles ({done / max(total, 1):.0%}),"
                  f" {now - self.started:.0f} s", file=sys.stderr)
        self.told = True


def _reindex(args: argparse.Namespace) -> int:
    from hunaworld.storage.schema import VERSION, SchemaError
    from hunaworld.storage.store import ArticleStore

    if not args.db.is_file():
        raise ArchiveError(f"{args.db}: no such database (give it with --db)")
    try:
        with closing(sqlite3.connect(args.db)) as probe:
            upgraded = probe.execute("PRAGMA user_version").fetchone()[0] < VERSION
        # Opening an older file upgrades it, which builds the index of a file from before it and
        # keeps that of a later one: the index is not built twice.
        store = ArticleStore(args.db)
    except (sqlite3.DatabaseError, SchemaError) as exc:
        raise ArchiveError(f"{args.db}: not a hunaworld database ({exc})") from None
    try:
        count = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] if upgraded \
            else store.reindex(_Progress())
    finally:
        store.close()
    print(f"indexed {count} articles in {args.db}")
    return 0


class _Bar:
    """How far ``reextract`` got, on stderr: a bar redrawn in place on a terminal, else a line every 10 s."""

    def __init__(self) -> None:
        self.terminal = sys.stderr.isatty()
        self.every = 0.2 if self.terminal else 10.0
        self.started, self.last = time.monotonic(), float("-inf")

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < self.every and done < total:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        figures = f"{done:,} of {total:,} articles, {rate:,.0f}/s"
        if self.terminal:
            filled = round(30 * done / max(total, 1))
            end = "\n" if done >= total else ""
            print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {figures}", end=end, file=sys.stderr, flush=True)
        else:
            print(f"hunaworld reextract: {figures}", file=sys.stderr)


def _reextract(args: argparse.Namespace) -> int:
    # itemadapter, under the item loaders, imports Scrapy when it is installed, to recognise its items:
    # the pages here are read without it, and each process would carry it (as the crawl's workers do).
    sys.modules.setdefault("scrapy", None)  # type: ignore[assignment]
    from hunaworld.storage.schema import SchemaError
    from hunaworld.storage.store import ArticleStore
    from hunaworld.warc.reextract import Selection, describe, reextract

    if not args.db.is_file():
        raise ArchiveError(f"{args.db}: no such database (give it with --db)")
    if not args.dry_run:
        try:
            ArticleStore(args.db).close()  # upgrades an older file, as a crawl would
        except (sqlite3.DatabaseError, SchemaError) as exc:
            raise ArchiveError(f"{args.db}: not a hunaworld database ({exc})") from None
    with closing(open_archive(args.db)) as db:
        where, params = _filter(args, db).where("a")
    try:
        summary = reextract(args.db, Selection(where, params), processes=args.jobs, dry_run=args.dry_run,
                            progress=_Bar())
    except KeyboardInterrupt:
        print("\nhunaworld reextract: stopped; what it stored is kept, run it again to finish", file=sys.stderr)
        return 130
    for line in describe(summary, args.dry_run):
        print(line)
    return 0


COMMANDS = {"search": _search, "report": _report, "export": _export, "serve": _serve, "runs": _runs,
            "reindex": _reindex, "reextract": _reextract}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (ArchiveError, OutputError) as exc:
        print(f"hunaworld {args.command}: {exc}", file=sys.stderr)
        return 1
    except UsageProblem as exc:
        print(f"hunaworld {args.command}: {exc}", file=sys.stderr)
        return 2

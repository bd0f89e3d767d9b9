"""Re-extraction: today's extraction (profile layers, generic layers, loaders) run again over the
pages the WARC files kept, and each stored article whose fields come out different updated as a
revision with the reason ``reextract`` (its earlier values kept), its search-index entry with it.

Pages are read and extracted in ``jobs`` processes, a chunk of articles at a time; the one process
holding the database writes each chunk's changes in one transaction. A run that is stopped (Ctrl-C,
a kill) loses its uncommitted chunk only, and a rerun finds the committed articles unchanged and
goes on. An article that a crawl has read from a newer page since is left as the crawl stored it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timezone, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from hunaworld.analysis.archive import open_archive
from hunaworld.storage.revisions import REEXTRACT
from hunaworld.storage.store import REVISED, ArticleStore, column_value
from hunaworld.warc.files import Pointer
from hunaworld.warc.records import RecordError, StoredPage, read_page

if TYPE_CHECKING:
    from hunaworld.profile import SiteProfile

# Articles a process is given at once: enough that the hand-over costs little beside the extraction.
CHUNK = 64
# What a re-extraction keeps from the stored row when the page gives nothing: what the crawl took
# from the listing rather than from the page.
_FROM_THE_CRAWL = ("article_id", "section")


class Job(NamedTuple):
    """One stored article to read again: its key, the page it was read from, its stored columns."""

    site: str
    url_key: str
    pointer: Pointer
    stored: dict[str, Any]


class Outcome(NamedTuple):
    """What a re-extraction made of one article: ``kind`` is ``changed`` (with the new ``item`` and the
    fields that differ), ``same``, ``not-article``, ``unreadable`` or ``failed`` (with ``detail``)."""

    kind: str
    job: Job
    item: dict[str, Any] | None = None
    fields: tuple[str, ...] = ()
    detail: str = ""


@dataclass
class Summary:
    """Counts of a run: articles by outcome, changed fields by name, and the first problems met."""

    outcomes: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    no_page: int = 0

    def add(self, outcome: Outcome) -> None:
        self.outcomes[outcome.kind] += 1
        self.fields.update(outcome.fields)
        if outcome.detail and len(self.problems) < 5:
            self.problems.append(f"{outcome.job.stored['url']}: {outcome.detail}")

    @property
    def done(self) -> int:
        return sum(self.outcomes.values())


def _zone(profile: SiteProfile | None, stored_date: str | None) -> tzinfo:
    """The clock the crawl read the page's times in: its profile's, else the offset its stored date
    carries, else UTC."""
    if profile is not None and profile.timezone:
        return ZoneInfo(profile.timezone)
    if stored_date:
        offset = datetime.fromisoformat(stored_date).utcoffset()
        if offset is not None:
            return timezone(offset)
    return UTC


def _served_at(page: StoredPage, tz: tzinfo) -> datetime:
    """When the page was served (its Date header, else when it was archived): relative dates count from it."""
    for name, value in page.headers:
        if name.lower() == "date":
            try:
                return parsedate_to_datetime(value).astimezone(tz)
            except (TypeError, ValueError):
                break
    return datetime.fromisoformat(page.date.replace("Z", "+00:00")).astimezone(tz)


def reextract_one(base: Path, job: Job) -> Outcome:
    """Read the article's page again and extract it as a crawl would today."""
    from hunaworld.extraction.loader import load_article
    from hunaworld.extraction.pagekind import ARTICLE
    from hunaworld.html.decoding import page_encoding
    from hunaworld.html.parsing import parse_page
    from hunaworld.sites import profiles

    try:
        page = read_page(base / job.pointer.file, job.pointer.offset)
    except RecordError as exc:
        return Outcome("unreadable", job, detail=str(exc))
    stored = job.stored
    try:
        # A site crawled without a profile (discovery) was read by the generic layers alone.
        profile = profiles().get(job.site)
        tz = _zone(profile, stored["date_published"])
        content_type = next((value for name, value in page.headers if name.lower() == "content-type"), "")
        selector = parse_page(page.body, page_encoding(page.body, content_type), page.url)
        item, found = load_article(selector, page.url, profile, tz=tz, now=_served_at(page, tz))
    except Exception:  # one page that fails is reported, and the run goes on
        return Outcome("failed", job, detail=traceback.format_exc().strip().splitlines()[-1])
    if found.kind != ARTICLE:
        return Outcome("not-article", job, detail=f"now read as {found.kind}; left as stored")
    item = dict(item)
    item["site"], item["site_section"], item["scraped_at"] = job.site, stored["site_section"], stored["scraped_at"]
    for name in _FROM_THE_CRAWL:
        if item.get(name) in (None, ""):
            item[name] = stored[name]
    changed = tuple(name for name in REVISED if column_value(item, name) != stored[name])
    return Outcome("changed", job, item, changed) if changed else Outcome("same", job)


def _chunk(base: Path, jobs: list[Job]) -> list[Outcome]:
    return [reextract_one(base, job) for job in jobs]


def selected_jobs(db: sqlite3.Connection, where: str, params: dict[str, Any]) -> Iterator[Job]:
    """The selected articles that have a stored page, in file order (each file read front to back)."""
    columns = ("site", "url_key", "warc_file", "warc_offset", "scraped_at", *REVISED)
    names = tuple(dict.fromkeys(("site_section", *columns)))
    cursor = db.execute(f"SELECT {', '.join(names)} FROM articles a WHERE {where} AND a.warc_file IS NOT NULL"
                        " ORDER BY a.warc_file, a.warc_offset", params)
    for row in cursor:
        stored = dict(zip(names, row, strict=True))
        yield Job(stored["site"], stored["url_key"], Pointer(stored["warc_file"], stored["warc_offset"]), stored)


def _chunks(jobs: Iterator[Job]) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _outcomes(base: Path, chunks: Iterator[list[Job]], processes: int) -> Iterator[list[Outcome]]:
    """Each chunk's outcomes, in this process (one process) or in a pool, a few chunks ahead per process."""
    if processes == 1:
        for chunk in chunks:
            yield _chunk(base, chunk)
        return
    pool = ProcessPoolExecutor(processes, initializer=_pool_process, initargs=(os.getpid(),))
    try:
        pending: set[Future[list[Outcome]]] = set()
        for chunk in chunks:
            pending.add(pool.submit(_chunk, base, chunk))
            if len(pending) >= 2 * processes:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        for future in pending:
            yield future.result()
    finally:
        # Stopped early (Ctrl-C, an error): the chunks not begun are dropped, not waited for.
        pool.shutdown(cancel_futures=True)


def _pool_process(parent: int) -> None:
    """A pool process ignores Ctrl-C (the command stops it) and ends once the command is gone, however
    it ended (SIGKILL included): it would otherwise wait for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


@dataclass
class Selection:
    """Which articles to read again: an SQL condition on ``articles a`` and its parameters."""

    where: str = "1"
    params: dict[str, Any] = field(default_factory=dict)


def count(db: sqlite3.Connection, selection: Selection) -> tuple[int, int]:
    """The selected articles with a stored page, and without one."""
    with_page, without = db.execute(
        f"SELECT COUNT(a.warc_file), COUNT(*) - COUNT(a.warc_file) FROM articles a WHERE {selection.where}",
        selection.params).fetchone()
    return with_page, without


def reextract(db_path: Path, selection: Selection, *, processes: int | None = None, dry_run: bool = False,
              progress: Callable[[int, int], None] | None = None) -> Summary:
    """Re-extract the selected articles from their stored pages; with ``dry_run`` nothing is written
    (and the file must be of this schema: it is opened read-only)."""
    processes = processes or os.cpu_count() or 1
    # Opening the store upgrades an older file first; the articles are read on a connection of their
    # own while the store writes each chunk's changes.
    store = None if dry_run else ArticleStore(db_path)
    summary = Summary()
    try:
        reader = open_archive(db_path)
        try:
            total, summary.no_page = count(reader, selection)
            jobs = _chunks(selected_jobs(reader, selection.where, selection.params))
            for outcomes in _outcomes(db_path.parent, jobs, processes):
                for outcome in outcomes:
                    if outcome.kind == "changed" and store is not None:
                        fields = store.revise(outcome.job.site, outcome.job.url_key, outcome.item,
                                              outcome.job.pointer, REEXTRACT)
                        outcome = outcome._replace(kind="changed" if fields else "same", fields=tuple(fields))
                    summary.add(outcome)
                if store is not None:
                    store.commit()
                if progress is not None:
                    progress(summary.done, total)
        finally:
            reader.close()
    finally:
        if store is not None:
            store.close()
    return summary


def describe(summary: Summary, dry_run: bool) -> list[str]:
    """The summary as lines: outcomes, then each changed field with its count."""
    changed = summary.outcomes["changed"]
    verb = "would change" if dry_run else "changed"
    lines = [f"{summary.done:,} articles read again from their pages: {changed:,} {verb}, "
             f"{summary.outcomes['same']:,} unchanged, {summary.outcomes['not-article']:,} no longer read as"
             f" articles (left as stored), {summary.outcomes['unreadable']:,} pages unreadable,"
             f" {summary.outcomes['failed']:,} failed"]
    if summary.no_page:
        lines.append(f"{summary.no_page:,} selected articles have no stored page (stored with WARC off, or before"
                     " it) and were left as they are")
    if summary.fields:
        width = max(map(len, summary.fields))
        lines.append(f"fields {verb}:")
        lines += [f"  {name:<{width}}  {number:,}" for name, number in summary.fields.most_common()]
    lines += [f"problem: {problem}" for problem in summary.problems]
    return lines


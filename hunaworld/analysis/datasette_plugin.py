"""The Datasette plugin of ``hunaworld serve``: our Arabic search in SQL, a day facet, read-only connections.

Registered by ``hunaworld serve`` only (no entry point), so it changes no other Datasette.

SQL functions on every connection:

* ``hunaworld_query(text)``: a search as typed, as the FTS5 expression over the index (what
  ``hunaworld search`` runs, a word with its clitic forms as the archive's counts decide); used by
  the canned query ``search``;
* ``hunaworld_search_form(text)``: a text's search form, as the index holds it;
* ``hunaworld_snippet(body, summary, headline, query)``: the marked snippet ``hunaworld search`` prints;
* ``escape_fts(text)``: replaced. Datasette's table search box runs
  ``MATCH escape_fts(:search)``; ours quotes the words as Datasette's does, then puts them in
  their search form, so the box on ``articles`` finds أمريكي for امريكي too.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_fts, escape_sqlite, path_with_added_args, path_with_removed_args

from hunaworld.analysis.query import SearchQuery, parse_query
from hunaworld.analysis.snippets import snippet
from hunaworld.analysis.words import ArchiveWords
from hunaworld.storage.search_index import WORDS_TABLE
from hunaworld.text.searchform import search_form

__all__ = ["DayFacet"]


class _Functions:
    """The search functions of one connection, with its archive's word counts when it has them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        has_words = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (WORDS_TABLE,)).fetchone()
        self.forms = ArchiveWords(conn).forms if has_words else None

    def query(self, text: str | None) -> SearchQuery:
        return parse_query(text or "", self.forms)

    def fts_expression(self, text: str | None) -> str:
        # An empty form field matches nothing instead of failing as FTS5 syntax.
        return self.query(text).fts if text and text.strip() else '""'

    def box_expression(self, text: str | None) -> str:
        return self.fts_expression(escape_fts(text or ""))

    def snippet(self, body: str | None, summary: str | None, headline: str | None, text: str | None) -> str:
        return snippet((body, summary, headline), self.query(text))


# trylast: Datasette's own prepare_connection registers its escape_fts; this one must come after.
@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    functions = _Functions(conn)
    conn.create_function("hunaworld_query", 1, functions.fts_expression)
    conn.create_function("hunaworld_search_form", 1, search_form, deterministic=True)
    conn.create_function("hunaworld_snippet", 4, functions.snippet)
    conn.create_function("escape_fts", 1, functions.box_expression)
    if not database.startswith("_"):
        # Datasette already reads a file with mode=ro; this refuses writes on any connection to it
        # (Datasette's own _internal and _memory databases are left alone).
        conn.execute("PRAGMA query_only = 1")


class DayFacet(Facet):
    """Facet ``{"day": "date_published"}``: counts by the first ten characters of an ISO 8601 time,
    the day in the clock the time was written in. Datasette's ``date`` facet uses SQLite's
    ``date()``, which turns a time with an offset into a UTC day."""

    type = "day"

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            day = f"substr({escape_sqlite(column)}, 1, 10)"
            sql = (f"select {day} as value, count(*) as count from ({self.sql}) where {day} is not null"
                   f" group by value order by value desc limit {size + 1}")
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            # Selecting a day filters with Datasette's own "starts with" filter.
            selector = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(selector) == row["value"]
                toggle = (path_with_removed_args(self.request, {selector: row["value"]}) if selected
                          else path_with_added_args(self.request, {selector: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, toggle), "selected": selected})
            results.append({"name": column, "type": self.type, "results": values,
                            "hideable": source_and_config["source"] != "metadata",
                            "toggle_url": path_with_removed_args(self.request, {f"_facet_{self.type}": column}),
                            "truncated": len(rows.rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [DayFacet]

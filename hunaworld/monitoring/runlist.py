"""The recent runs as ``scrapy runs`` and ``hunaworld runs`` list them: a table, newest first, each
run's status in words (healthy, failed and why, interrupted). Imports no Scrapy."""

from __future__ import annotations

import sqlite3
from typing import Any

__all__ = ["COLUMNS", "recent_runs", "run_status", "run_table"]

COLUMNS = ("id", "site/section", "started", "finished", "new", "updated", "failed", "status")


def run_status(reason: str | None, health: str | None) -> str:
    """A run's status from its finish reason and health verdict."""
    if reason is None:
        return "interrupted (no end recorded: killed, or still running)"
    if health and health.startswith("failed"):
        return health
    if reason != "finished":
        return f"interrupted ({reason})"
    return health or "finished (health not checked)"


def recent_runs(db: sqlite3.Connection, limit: int) -> list[dict[str, Any]]:
    """The latest ``limit`` runs of the ``runs`` table, newest first, as dicts of its columns."""
    cursor = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _cells(run: dict[str, Any]) -> tuple[str, ...]:
    def count(name: str) -> str:
        return "" if run[name] is None else str(run[name])

    return (str(run["id"]), f"{run['site']}/{run['site_section']}", run["started_at"] or "", run["finished_at"] or "",
            count("articles_new"), count("articles_updated"), count("articles_failed"),
            run_status(run["finish_reason"], run["health"]))


def run_table(runs: list[dict[str, Any]]) -> list[str]:
    """The runs as lines of aligned columns under a header; the status, last, is not padded."""
    rows = [COLUMNS, *map(_cells, runs)]
    widths = [max(len(cells[n]) for cells in rows) for n in range(len(COLUMNS) - 1)]
    return ["  ".join([*(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)), cells[-1]])
            for cells in rows]

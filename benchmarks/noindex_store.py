"""The crawl without the search index, for ``analysis_speed.py``: the store writes articles but no entries.

Enabled in place of ``StoreService`` with ``-s EXTENSIONS=...`` (``analysis_speed.py`` builds it);
the spider and pipelines find it as the StoreService it subclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hunaworld.storage.service import StoreService
from hunaworld.storage.store import ArticleStore


class StoreWithoutIndex(ArticleStore):
    def index(self, rowid: int, item: Mapping[str, Any]) -> None:
        return None


class StoreServiceWithoutIndex(StoreService):
    def open_store(self, path: str) -> ArticleStore:
        return StoreWithoutIndex(path)

"""Feed exporters."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonLinesItemExporter


class FlushingJsonLinesExporter(JsonLinesItemExporter):
    """JSON Lines written through to the file at every item.

    An item reaches the feed only after its row is committed; flushing at once keeps the file as
    complete as the database if the process is killed, at the cost of one write call per article.
    """

    def export_item(self, item: Any) -> None:
        super().export_item(item)
        self.file.flush()

"""Decoding of pages whose charset is missing or wrong.

Scrapy honours a charset from the BOM, the ``Content-Type`` header or ``<meta>``, and otherwise
falls back to cp1252, which turns Arabic bytes into mojibake. Arabic sites serve archive pages in
windows-1256, sometimes with no declaration at all, and some pages declare a legacy single-byte
charset but send UTF-8 (a template copied from an old page). So:

- an undeclared page that is not valid UTF-8 is read as windows-1256;
- a page declaring a legacy charset whose bytes are valid UTF-8 with multi-byte sequences is read
  as UTF-8: a single-byte charset decodes any bytes without an error, so only this test tells
  (valid UTF-8 multi-byte sequences are vanishingly rare in real windows-1256 text).
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

if TYPE_CHECKING:
    from scrapy.http import Response, TextResponse

ARABIC_LEGACY = "windows-1256"
_HTML_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|article|main|h1)\b", re.I)


def _declared(body: bytes, content_type: str) -> str | None:
    """The charset declared by BOM, ``Content-Type`` or ``<meta>``, in the order Scrapy honours them."""
    return read_bom(body)[0] or http_content_type_encoding(content_type) or html_body_declared_encoding(body)


def declared_charset(response: TextResponse) -> str | None:
    """The charset the response declares, by BOM, header or ``<meta>``, else None."""
    return _declared(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_unicode(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _correction(body: bytes, declared: str | None) -> str | None:
    """The charset to read ``body`` in instead of ``declared`` (None: nothing declared), or None to keep it."""
    if declared is None:
        return None if _is_utf8(body) else ARABIC_LEGACY
    if not _is_unicode(declared) and not body.isascii() and _is_utf8(body):
        return "utf-8"
    return None


def better_encoding(response: Response) -> str | None:
    """The charset to read the response in instead of the one Scrapy chose, or None to keep it."""
    # Imported here: the readers of stored pages (hunaworld reextract) import no Scrapy.
    from scrapy.http import TextResponse

    if not isinstance(response, TextResponse):
        return None
    return _correction(response.body, declared_charset(response))


def page_encoding(body: bytes, content_type: str = "") -> str:
    """The charset a crawl reads ``body``, a page served with ``content_type``, in: its declared one
    unless :func:`better_encoding` corrects it, else UTF-8.

    The encoding of a Scrapy response passed through ``ArabicEncodingMiddleware``, without
    building one: for a saved page that response cost more than parsing the page.
    """
    declared = _declared(body, content_type)
    return _correction(body, declared) or declared or "utf-8"


def looks_like_html(body: bytes) -> bool:
    """Whether ``body`` can be an HTML page: some HTML tag near the start, and no NUL byte (binary)."""
    head = body[:65536]
    return b"\x00" not in head and _HTML_TAG.search(head) is not None

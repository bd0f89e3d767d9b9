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

from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.http.headers import Headers
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

ARABIC_LEGACY = "windows-1256"
_HTML_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|article|main|h1)\b", re.I)


def declared_charset(response: TextResponse) -> str | None:
    """The charset the response declares, by BOM, header or ``<meta>``, else None."""
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    return (read_bom(response.body)[0] or http_content_type_encoding(content_type)
            or html_body_declared_encoding(response.body))


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


def better_encoding(response: Response) -> str | None:
    """The charset to read the response in instead of the one Scrapy chose, or None to keep it."""
    if not isinstance(response, TextResponse):
        return None
    declared = declared_charset(response)
    if declared is None:
        return None if _is_utf8(response.body) else ARABIC_LEGACY
    body = response.body
    if not _is_unicode(declared) and not body.isascii() and _is_utf8(body):
        return "utf-8"
    return None


def with_arabic_fallback(response: Response) -> Response:
    """The response, re-decoded when its charset is missing (windows-1256) or wrongly declared (UTF-8)."""
    encoding = better_encoding(response)
    return response.replace(encoding=encoding) if encoding else response


def looks_like_html(body: bytes) -> bool:
    """Whether ``body`` can be an HTML page: some HTML tag near the start, and no NUL byte (binary)."""
    head = body[:65536]
    return b"\x00" not in head and _HTML_TAG.search(head) is not None


def html_response(url: str, body: bytes, headers: dict[str, str] | Headers | None = None) -> Response:
    """A response for saved HTML, decoded as a crawl would decode it."""
    return with_arabic_fallback(HtmlResponse(url=url, body=body, headers=headers))

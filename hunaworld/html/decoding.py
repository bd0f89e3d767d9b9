"""Decoding of pages that do not say their charset.

Scrapy honours a charset from the BOM, the ``Content-Type`` header or ``<meta>``, and otherwise
falls back to cp1252, which turns Arabic bytes into mojibake. The site's archive pages are
windows-1256, sometimes with no declaration at all: an undeclared page that is not valid UTF-8 is
read as windows-1256.
"""

from __future__ import annotations

from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.http.headers import Headers
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

ARABIC_LEGACY = "windows-1256"


def _declared(response: TextResponse) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    return bool(read_bom(response.body)[0] or http_content_type_encoding(content_type)
                or html_body_declared_encoding(response.body))


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def with_arabic_fallback(response: Response) -> Response:
    """The response, re-decoded as windows-1256 when it declares no charset and is not UTF-8."""
    if isinstance(response, TextResponse) and not _declared(response) and not _is_utf8(response.body):
        return response.replace(encoding=ARABIC_LEGACY)
    return response


def html_response(url: str, body: bytes, headers: dict[str, str] | Headers | None = None) -> Response:
    """A response for saved HTML, decoded as a crawl would decode it."""
    return with_arabic_fallback(HtmlResponse(url=url, body=body, headers=headers))


"""URL forms: the readable one stored in items, the canonical key, and an article's identity."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from hunaworld.text.arabic import fold

# Parameters that tell where a click came from, never which page it is.
TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_", "_ga", "igshid", "yclid", "ref_src")


def join_url(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base``, or None when it is no usable http(s) URL.

    Pages carry broken attributes (``//[object Object]``, ``http://[::1``) that make ``urljoin``
    raise; such a value costs its field only, never the article.
    """
    if not href or not href.strip():
        return None
    try:
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def strip_tracking(url: str) -> str:
    """``url`` without tracking parameters and fragment."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PREFIXES)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def readable_url(url: str) -> str:
    """The URL as the site writes it in ``<link rel=canonical>``: Arabic path, not percent-encoded.

    Scrapy hands out percent-encoded URLs while the page names itself in Arabic; storing one form
    keeps ``url`` stable whichever way the page was reached.
    """
    parts = urlsplit(strip_tracking(url))
    return urlunsplit((parts.scheme, parts.netloc, unquote(parts.path), parts.query, ""))


def url_key(url: str) -> str:
    """The deduplication key: w3lib's canonical form of the URL without tracking parameters."""
    return canonicalize_url(safe_url_string(strip_tracking(url)))


def article_key(url: str, article_id: str | None = None) -> str:
    """An article's identity within its site, as stored (``url_key``) and as looked up from a listing.

    The site's own id where its profile has one (``id:52817``); else the URL's path and query,
    without the host (a mirror or a local server serves the same article) and folded (a slug with a
    tatweel or a hamza variant is the same article): ``path:/2025/09/12/turkey-izmir-earthquake``.
    """
    if article_id:
        return f"id:{article_id}"
    parts = urlsplit(strip_tracking(url))
    path = unquote(parts.path).rstrip("/") or "/"
    return "path:" + fold(path + (f"?{unquote(parts.query)}" if parts.query else ""))


def on_host(url: str, base: str) -> str:
    """``url`` with the scheme and host of ``base``: the same page on the host being crawled."""
    parts, host = urlsplit(url), urlsplit(base)
    return urlunsplit((host.scheme, host.netloc, parts.path, parts.query, parts.fragment))


def page_identity(url: str) -> str:
    """What two URLs share when they name the same page in a page's structured data: host without
    ``www.`` and path without trailing slash, lower case; scheme, query and fragment do not count."""
    parts = urlsplit(url.strip())
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).lower()

"""The JSON API behind a listing page whose cards a script writes: where it is, and how to read it.

A listing page that holds (almost) no article links but scripts fills its cards from an API. Its
endpoint is looked for in the page first (:func:`endpoints`): the string literals of its inline
scripts and JSON state (``<script type="application/json">``, ``__NEXT_DATA__``) and its ``data-*``
attributes, with the query parameters the scripts append (``"&cursor=" + cursor``). Failing that,
the page is rendered once and the JSON it receives is read instead (:mod:`hunaworld.crawling.browserpage`).

A JSON response is the section's list when it holds a list of objects of which at least
``MIN_LINKS`` link, each to another page of the host (:func:`learn_api`): the link is the field
with the most such URLs, the title the shortest field that reads as a headline (``MIN_TITLE_WORDS``
words at the median), the date the first field that reads as one (an update time last). Its next
page is a "next" URL in the response, or a cursor in it with the parameter that carries it (named
by the page's scripts, by the URL, or by the cursor's key), or a page or offset parameter; when
none says it, two requests of the page's load-more control tell it (:func:`paging_between`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from statistics import median
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from hunaworld.dates import parse_date
from hunaworld.discovery.model import MIN_LINKS, MIN_TITLE_WORDS
from hunaworld.discovery.pagination import CURSOR_KEYS, OFFSET_KEYS, PAGE_KEYS, load_more_control
from hunaworld.discovery.urlshape import numbered_or_dated
from hunaworld.extraction.jsonlisting import date_text
from hunaworld.profile import ListingApi
from hunaworld.urls import join_url

_ANY_SCRIPT = etree.XPath("//script[not(contains(@type, 'ld+json'))][1]")
_NOSCRIPT = etree.XPath("//body//noscript")
_SCRIPTS = etree.XPath("//script[not(@src)][not(contains(@type, 'ld+json'))]/text()")
_DATA_ATTRIBUTES = etree.XPath("//@*[starts-with(name(), 'data-')]")
_STRINGS = re.compile(r'"((?:[^"\\\n]|\\.){1,300})"|\'((?:[^\'\\\n]|\\.){1,300})\'|`([^`]{1,300})`')
# "&cursor=", "?page=": a parameter a script appends to an endpoint.
_PARAMETER = re.compile(r"[?&]([A-Za-z_][\w.-]*)=")
_FILES = re.compile(r"\.(?:js|mjs|css|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|eot|mp[34]|m3u8|webm|pdf|zip|xml)$",
                    re.I)
# Path words of a data endpoint, and those of an endpoint that lists.
_API_WORDS = frozenset({"api", "ajax", "json", "wp-json", "graphql", "rest", "services", "_next"})
_LIST_WORDS = frozenset({"feed", "feeds", "stream", "loadmore", "load-more", "load_more", "more", "list", "listing",
                         "items", "latest", "wire", "posts", "articles", "stories", "timeline"})
_SIZE_KEYS = frozenset({"limit", "size", "per_page", "perpage", "count", "page_size", "pagesize", "num", "rows"})
# At most this many endpoints found in a page are asked: each is a request to the site.
MAX_PROBES = 3
# Keys of a cursor in a response (lower case, without "_" and "-"), beside CURSOR_KEYS.
_CURSOR_NAMES = frozenset({"next", "nextcursor", "cursor", "after", "endcursor", "nextpagetoken", "nexttoken",
                           "pagetoken", "continuation", "continuationtoken", "nextkey", "lastid", "maxid",
                           "nextmaxid", "nextoffset", "nextpage"})
_IMAGE_KEY = re.compile(r"img|image|thumb|photo|picture|icon|avatar|logo|src|media|video|audio", re.I)
_LATER_DATE_KEY = re.compile(r"updat|modif|edit", re.I)


def written_by_script(root: etree._Element, cards: int) -> bool:
    """Whether a section's first listing page, with ``cards`` cards of its own and no next page,
    has its cards written by a script: it has scripts, and lists fewer than ``MIN_LINKS`` articles
    or has a load-more control."""
    return bool(_ANY_SCRIPT(root)) and (cards < MIN_LINKS or load_more_control(root) is not None)


def noscript_page(root: etree._Element) -> str | None:
    """The ``<noscript>`` blocks of the page's body as a page of their own, or None without any:
    the links a reader without scripts gets."""
    blocks = [(el.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in el)
              for el in _NOSCRIPT(root)]
    blocks = [block for block in blocks if "<a" in block]
    return f"<html><body><main>{''.join(blocks)}</main></body></html>" if blocks else None


def endpoints(root: etree._Element, url: str) -> tuple[list[str], list[str]]:
    """The URLs on the page's host that its scripts, JSON state and data attributes name and that
    look like a data endpoint, most likely first; and the query parameters the scripts append."""
    values = [*_literals([str(text) for text in _SCRIPTS(root)]), *(str(value) for value in _DATA_ATTRIBUTES(root))]
    host = urlsplit(url).netloc
    found: dict[str, int] = {}
    params: list[str] = []
    for value in values:
        value = value.split("${", 1)[0].strip()
        if fragment := _PARAMETER.fullmatch(value):
            params.append(fragment.group(1))
            continue
        if not value.startswith(("/", "http://", "https://")) or (value.startswith("//") and "." not in value[2:]):
            continue
        target = join_url(url, value)
        if target is None or urlsplit(target).netloc != host or target.split("#")[0] == url:
            continue
        parts = urlsplit(target)
        if _FILES.search(parts.path):
            continue
        query = parse_qsl(parts.query, keep_blank_values=True)
        params += [key for key, v in query if not v]
        score = _endpoint_score(parts.path, {key.lower() for key, _ in query})
        if score:
            first = _without_blank_parameters(target)
            found[first] = max(found.get(first, 0), score)
    ordered = sorted(found, key=lambda u: -found[u])
    return ordered[:MAX_PROBES], list(dict.fromkeys(params))


def _literals(texts: list[str]) -> Iterator[str]:
    for text in texts:
        for match in _STRINGS.finditer(text):
            raw = next(group for group in match.groups() if group is not None)
            yield _unescape(raw)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    try:
        return json.loads(f'"{text}"')
    except ValueError:
        return text.replace("\\/", "/")


def _endpoint_score(path: str, keys: set[str]) -> int:
    words = {word.lower() for word in unquote(path).split("/") if word}
    if words & _API_WORDS or path.lower().endswith((".json", ".php")):
        return 2
    if words & _LIST_WORDS or keys & (PAGE_KEYS | OFFSET_KEYS | CURSOR_KEYS | _SIZE_KEYS):
        return 1
    return 0


def _without_blank_parameters(url: str) -> str:
    """The first page of an endpoint named with its place parameter left blank (``...&cursor=``)."""
    parts = urlsplit(url)
    if "=&" not in parts.query + "&":
        return url
    query = "&".join(pair for pair in parts.query.split("&") if pair and not pair.endswith("="))
    return parts._replace(query=query, fragment="").geturl()


# -- a JSON response read as a listing ----------------------------------------------------------------


def learn_api(data: Any, url: str, params: list[str] = ()) -> ListingApi | None:
    """The API the JSON ``data`` answered at ``url`` is a page of, or None when it lists no articles;
    ``params`` are the query parameters the page's scripts append (see the module's docstring)."""
    found = find_items(data, url)
    if found is None:
        return None
    api = ListingApi(url=url, **found)
    nxt, param = paging(data, url, api.items, params) or ("", "")
    return replace(api, next=nxt, param=param)


def find_items(data: Any, url: str) -> dict[str, str] | None:
    """The paths of the list of articles in ``data`` and of their link, title and date."""
    best: tuple[tuple[int, int], dict[str, str]] | None = None
    for path, items in _lists(data, ()):
        fields = [_scalars(item, ()) for item in items if isinstance(item, dict)]
        link, count = _link_field(fields, url)
        if count < MIN_LINKS:
            continue
        score = (count, len(fields))
        if best is None or score > best[0]:
            date = _date_field(fields)
        best = (score, {"items": ".".join(path), "link": link, "title": _title_field(fields, date),
                        "date": date})
    return best[1] if best else None


def _lists(data: Any, path: tuple[str, ...], depth: int = 0) -> Iterator[tuple[tuple[str, ...], list[Any]]]:
    if depth > 8:
        return
    if isinstance(data, list):
        if sum(isinstance(item, dict) for item in data) >= MIN_LINKS:
            yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _lists(value, (*path, str(key)), depth + 1)


def _scalars(item: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """An item's scalar fields by dotted path, objects looked into up to three levels down."""
    found: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, dict) and len(path) < 3:
            found.update(_scalars(value, (*path, str(key))))
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            found[".".join((*path, str(key)))] = value
    return found


def _link_field(fields: list[dict[str, Any]], url: str) -> tuple[str, int]:
    """The field whose values are the most links to distinct pages of the host, and how many."""
    host = urlsplit(url).netloc
    scores: dict[str, tuple[int, int]] = {}
    for name in dict.fromkeys(name for item in fields for name in item):
        if _IMAGE_KEY.search(name.rsplit(".", 1)[-1]):
            continue
        targets = []
        for item in fields:
            value = item.get(name)
            target = join_url(url, value) if isinstance(value, str) and value.startswith(("/", "http")) else None
            if target and urlsplit(target).netloc == host and urlsplit(target).path.strip("/") \
                    and not _FILES.search(urlsplit(target).path) and target != url:
                targets.append(target)
        if targets and len(set(targets)) == len(targets):
            scores[name] = (len(targets), sum(numbered_or_dated(t) for t in targets))
    if not scores:
        return "", 0
    name = max(scores, key=lambda n: scores[n])
    return name, scores[name][0]


def _title_field(fields: list[dict[str, Any]], date: str) -> str:
    """The shallowest field that reads as a headline in most items, the shortest of those (never
    one that reads as a date: "15 سبتمبر 2025 - 11:40")."""
    found = []
    for name in dict.fromkeys(name for item in fields for name in item):
        if name == date or _dated(fields, name):
            continue
        texts = [item[name] for item in fields if isinstance(item.get(name), str) and item[name].strip()]
        if len(texts) * 2 < len(fields) or any(t.startswith(("/", "http")) for t in texts):
            continue
        words = median(len(t.split()) for t in texts)
        if words >= MIN_TITLE_WORDS:
            found.append((name.count("."), words, name))
    return min(found)[2] if found else ""


def _date_field(fields: list[dict[str, Any]]) -> str:
    """The first field that reads as a date in most items; an update time only when there is no other."""
    found = [name for name in dict.fromkeys(name for item in fields for name in item) if _dated(fields, name)]
    first = [name for name in found if not _LATER_DATE_KEY.search(name)]
    return (first or found or [""])[0]


def _dated(fields: list[dict[str, Any]], name: str) -> bool:
    """Whether the field reads as a date in most items."""
    texts = [date_text(item.get(name)) if not isinstance(item.get(name), str) or len(item[name]) <= 40 else ""
             for item in fields]
    dated = [t for t in texts if t and any(c.isdigit() for c in t) and parse_date(t, tz="UTC") is not None]
    return len(dated) * 2 >= len(fields)


# -- the next page ------------------------------------------------------------------------------------


def paging(data: Any, url: str, items: str, params: list[str] = ()) -> tuple[str, str] | None:
    """The API's ``next`` path and ``param`` (see :class:`~hunaworld.profile.ListingApi`) as the
    response and the page's scripts tell them, or None when they do not."""
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    appended = [p for p in params if p not in query or not query[p]]
    for path, value in _outside(data, items):
        key = path.rsplit(".", 1)[-1]
        name = re.sub(r"[_-]", "", key).lower()
        if isinstance(value, str) and "next" in name:
            target = join_url(url, value)
            if target and urlsplit(target)[:3] == urlsplit(url)[:3] and target != url:
                return path, ""
        if name in _CURSOR_NAMES or key.lower() in CURSOR_KEYS or key in appended:
            param = _cursor_parameter(key, name, value, appended, query)
            if param:
                return path, param
    for key in [*query, *appended]:
        if key.lower() in PAGE_KEYS | OFFSET_KEYS:
            return "", key
    return None


def _cursor_parameter(key: str, name: str, value: object, appended: list[str], query: dict[str, str]) -> str | None:
    """The query parameter a cursor's value goes into: one the scripts append, else one of the
    URL's cursor parameters, else the cursor's own name (``after``; ``next_cursor`` -> ``cursor``)."""
    numbered = isinstance(value, int) and name in ("nextpage", "nextoffset")
    kinds = (PAGE_KEYS | OFFSET_KEYS) if numbered else CURSOR_KEYS
    for param in appended:
        if param.lower() in kinds:
            return param
    if appended and not numbered:
        return appended[0]
    for param in query:
        if param.lower() in kinds:
            return param
    if key in appended:
        return key
    own = re.sub(r"^next[_-]?", "", key, flags=re.I) or key
    own = own[0].lower() + own[1:]
    if own.lower() in CURSOR_KEYS | {"cursor"}:
        return own
    return "page" if numbered and name == "nextpage" else None


def _outside(data: Any, items: str, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """The scalar values of ``data`` outside its list of items, by dotted path, shallowest first."""
    if not isinstance(data, dict):
        return
    nested = []
    for key, value in data.items():
        here = ".".join((*path, str(key)))
        if here == items:
            continue
        if isinstance(value, dict):
            nested.append((value, (*path, str(key))))
        elif value not in (None, "", False) and not isinstance(value, list):
            yield here, value
    for value, where in nested:
        yield from _outside(value, items, where)


def paging_between(first_url: str, first: Any, second_url: str, items: str) -> tuple[str, str] | None:
    """``next`` and ``param`` from the API's first two requests (the second made by the page's
    load-more control): the parameter that changed, and where its new value is in the first
    response (a cursor) or nothing (a page or an offset)."""
    one, two = urlsplit(first_url), urlsplit(second_url)
    if one.path != two.path:
        return None
    before = dict(parse_qsl(one.query, keep_blank_values=True))
    for key, value in parse_qsl(two.query, keep_blank_values=True):
        if before.get(key) == value:
            continue
        where = next((path for path, found in _outside(first, items) if str(found) == value), None)
        if where is not None:
            return where, key
        if value.isdigit():
            return "", key
    return None

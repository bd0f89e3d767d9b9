"""A page of a section's JSON listing API read by its declared paths: the article cards, and the
next page's URL.

The API is the one the section's listing page fills its cards from (a profile's
:class:`~hunaworld.profile.ListingApi`, or the one discovery found: :mod:`hunaworld.discovery.apifinder`).
An item is followed only when its link stays on the host being crawled and it is not marked as
paid for: a key saying so (``"sponsored": true``, ``"is_ad": 1``) or a value that is a sponsor's
word or label (``"kind": "advertorial"``, ``"label": "محتوى مدفوع"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from hunaworld.extraction.listing import Card
from hunaworld.html.furniture import sponsored_label, sponsored_name
from hunaworld.urls import join_url

# Query parameters that count items rather than pages (hunaworld.discovery.pagination's OFFSET_KEYS).
OFFSET_PARAMS = frozenset({"offset", "start", "from", "skip", "o", "pos", "limitstart"})
# Seconds (or milliseconds) since 1970 between 2001 and 2286: a date in an API, not an id.
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
# A key that marks an advertisement when its value is true, beside the sponsor words ("isAd": true).
_AD_KEYS = re.compile(r"(?:is_?)?(?:ad|advert|advertisement)", re.I)


def at_path(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` (``data.stories``, ``items.0.url``) in JSON ``data``; the
    whole of it for ``""``; None where the path leads nowhere."""
    for key in path.split(".") if path else ():
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and key.isdigit() and int(key) < len(data):
            data = data[int(key)]
        else:
            return None
    return data


def date_text(value: Any) -> str:
    """An item's date as text: a string as given, a number of seconds (or milliseconds) since 1970
    as an ISO date in UTC."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float) or (isinstance(value, str) and _EPOCH.fullmatch(value.strip())):
        number = float(value)
        number = number / 1000 if number > 1e11 else number
        return datetime.fromtimestamp(number, UTC).isoformat() if 1e9 <= number < 1e10 else ""
    return str(value).strip() if isinstance(value, str) else ""


def sponsored_item(item: dict[str, Any]) -> bool:
    """Whether an API item is marked as paid for (see the module's docstring); its own keys and
    those of the objects it holds are looked at."""
    for key, value in item.items():
        if isinstance(value, dict):
            if sponsored_item(value):
                return True
            continue
        if value in (True, 1, "true", "yes") and (sponsored_name(key) or _AD_KEYS.fullmatch(key)):
            return True
        if isinstance(value, str) and _sponsor_value(value.strip()):
            return True
    return False


def _sponsor_value(text: str) -> bool:
    """A label ("محتوى مدفوع", "Sponsored") or a one-word kind ("advertorial"), never a URL or a title."""
    if sponsored_label(text):
        return True
    return bool(text) and len(text) <= 40 and not any(c.isspace() or c in "/." for c in text) and sponsored_name(text)


@dataclass(frozen=True)
class ApiPage:
    """One page of the API: its cards in order, the links refused, how many items it held, the next page."""

    cards: list[Card]
    refused: list[str]
    items: int
    next_url: str | None


def read_api_page(data: Any, url: str, items: str, link: str, title: str = "", date: str = "", nxt: str = "",
                  param: str = "") -> ApiPage:
    """The page of the API at ``url`` whose JSON is ``data``, read by the paths of a
    :class:`~hunaworld.profile.ListingApi` (``nxt`` is its ``next``)."""
    found = at_path(data, items)
    found = [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []
    host = urlsplit(url).netloc
    cards: list[Card] = []
    refused: list[str] = []
    for item in found:
        href = at_path(item, link)
        target = join_url(url, href) if isinstance(href, str) else None
        if target is None:
            continue
        if urlsplit(target).netloc != host or sponsored_item(item):
            refused.append(target)
            continue
        heading = at_path(item, title) if title else None
        cards.append(Card(target.split("#", 1)[0], heading.strip() if isinstance(heading, str) else "",
                          date_text(at_path(item, date)) if date else ""))
    return ApiPage(cards, refused, len(found), next_url(data, url, len(found), nxt, param))


def next_url(data: Any, url: str, count: int, nxt: str, param: str) -> str | None:
    """The API's next page after the page at ``url`` (``data``, ``count`` items), or None at its end."""
    if not count:
        return None
    if nxt:
        value = at_path(data, nxt)
        if value in (None, "", False) or isinstance(value, dict | list):
            return None
        if not param:
            return join_url(url, str(value))
        return with_param(url, param, str(value))
    if not param:
        return None
    current = dict(parse_qsl(urlsplit(url).query)).get(param, "")
    if param.lower() in OFFSET_PARAMS:
        return with_param(url, param, str((int(current) if current.isdigit() else 0) + count))
    return with_param(url, param, str((int(current) if current.isdigit() else 1) + 1))


def with_param(url: str, name: str, value: str) -> str:
    """``url`` with query parameter ``name`` set to ``value`` (added last when absent)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    if any(k == name for k, _ in query):
        query = [(k, value if k == name else v) for k, v in query]
    else:
        query.append((name, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))

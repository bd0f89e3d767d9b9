"""URL shapes: a link's path and query with their variable parts named, ``/news/{id}/{slug}``.

A URL is cut into positions (path segments, then query parameters by name) and each position is
classed by what it holds: a number (``{id}``), a run of year, month and day (``{yyyy}/{mm}/{dd}``),
or text. Links of one page are grouped by those classes; in a group, a text position that most of
the links share is a literal (``news``), one that varies is a ``{slug}``. The site's article id is
a URL's number outside a date (:func:`url_id`): it needs no learning, so every worker of a crawl,
and every later run, keys an article alike.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from hunaworld.urls import TRACKING_PREFIXES

ID, YEAR, MONTH, DAY, SLUG = "{id}", "{yyyy}", "{mm}", "{dd}", "{slug}"
# Classes of a position; TEXT is resolved to a literal or SLUG when a group of links is learnt.
TEXT = "text"
VARIABLE = frozenset({ID, YEAR, MONTH, DAY, SLUG})

# "12345", "12345.html", "12345-slug-words": a number, alone or heading a slug or a file name.
_NUMBER = re.compile(r"(\d+)(?:\.[a-z]{2,5}|[-_][^/]*)?", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SHORT = re.compile(r"\d{1,2}")
# Words of a slug: what a long title leaves in a URL.
_SLUG_WORDS = re.compile(r"[-_+]+")

Position = tuple[str, str]  # (label: "" for a path segment, "?name" for a query parameter; value)


def positions(url: str) -> tuple[Position, ...]:
    """The URL's path segments (percent-decoded) and its query parameters, tracking ones left out."""
    parts = urlsplit(url)
    found: list[Position] = [("", unquote(segment)) for segment in parts.path.split("/") if segment]
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith(TRACKING_PREFIXES))
    found += [(f"?{key}", value) for key, value in query]
    return tuple(found)


def classes(places: tuple[Position, ...]) -> tuple[str, ...]:
    """The class of each position: ``{id}``, ``{yyyy}``, ``{mm}``, ``{dd}`` or text."""
    values = [value for _, value in places]
    found = [TEXT] * len(values)
    n = 0
    while n < len(values):
        value = values[n]
        if (_YEAR.fullmatch(value) and n + 1 < len(values) and _SHORT.fullmatch(values[n + 1])
                and 1 <= int(values[n + 1]) <= 12):
            found[n], found[n + 1] = YEAR, MONTH
            if n + 2 < len(values) and _SHORT.fullmatch(values[n + 2]) and 1 <= int(values[n + 2]) <= 31:
                found[n + 2] = DAY
                n += 3
            else:
                n += 2
            continue
        if _NUMBER.fullmatch(value):
            found[n] = ID
        n += 1
    return tuple(found)


def url_id(url: str) -> str | None:
    """The site's article id in ``url``: its last path number outside a date (``/news/52817/slug``
    -> ``52817``), else a number-valued query parameter's (``?id=52817``); None when it has none."""
    places = positions(url)
    kinds = classes(places)
    path = [n for n, (label, _) in enumerate(places) if not label and kinds[n] == ID]
    query = [n for n, (label, _) in enumerate(places) if label and kinds[n] == ID]
    chosen = path[-1] if path else (query[0] if len(query) == 1 else None)
    if chosen is None:
        return None
    match = _NUMBER.fullmatch(places[chosen][1])
    return match.group(1) if match else None


def numbered_or_dated(url: str) -> bool:
    """Whether the URL carries a number or a date (an article's mark, where a section's link has none)."""
    return not {ID, YEAR}.isdisjoint(classes(positions(url)))


@dataclass(frozen=True)
class Shape:
    """A URL shape: per position, its label and either a literal value or a variable token."""

    parts: tuple[Position, ...]

    def matches(self, url: str) -> bool:
        places = positions(url)
        if len(places) != len(self.parts):
            return False
        kinds = classes(places)
        for (label, token), (place_label, value), kind in zip(self.parts, places, kinds, strict=True):
            if label != place_label:
                return False
            if token in VARIABLE:
                if token != kind and not (token == SLUG and kind == TEXT):
                    return False
            elif token != value:
                return False
        return True

    @property
    def variables(self) -> set[str]:
        return {token for _, token in self.parts if token in VARIABLE}

    @property
    def skeleton(self) -> tuple[tuple[str, str], ...]:
        """The shape with its literals blanked: shapes that differ only in a literal (``/world/{slug}``
        and ``/sport/{slug}``) share it."""
        return tuple((label, token if token in VARIABLE else TEXT) for label, token in self.parts)

    def pattern(self) -> str:
        """A regular expression of the path (and query) this shape matches, as a profile writes it."""
        path = [token for label, token in self.parts if not label]
        query = [(label[1:], token) for label, token in self.parts if label]
        regex = "^/" + "/".join(_PATTERN.get(token, re.escape(token)) for token in path)
        regex += "/?" if path else ""
        if query:
            regex += r"\?" + "&".join(f"{re.escape(k)}={_PATTERN.get(t, re.escape(t))}" for k, t in query)
        return regex + "$"

    def id_prefix(self) -> tuple[str, str] | None:
        """Where this shape's article id (:func:`url_id`) sits, as a regular expression of what precedes
        it: ``("path", "/news/")`` or ``("query", "id")``; None for a shape without an id."""
        path = [token for label, token in self.parts if not label]
        ids = [n for n, token in enumerate(path) if token == ID]
        if ids:
            return "path", "/" + "".join(_PATTERN.get(token, re.escape(token)) + "/" for token in path[:ids[-1]])
        query = [label[1:] for label, token in self.parts if label and token == ID]
        return ("query", re.escape(query[0])) if len(query) == 1 else None

    def __str__(self) -> str:
        path = "/" + "/".join(token for label, token in self.parts if not label)
        query = "&".join(f"{label[1:]}={token}" for label, token in self.parts if label)
        return path + (f"?{query}" if query else "")


_PATTERN = {ID: r"\d+[^/]*", YEAR: r"\d{4}", MONTH: r"\d{1,2}", DAY: r"\d{1,2}", SLUG: r"[^/?]+"}


def generalise(urls: list[str]) -> list[tuple[Shape, list[str]]]:
    """The shapes of ``urls`` (distinct URLs), each with the URLs it covers, largest group first.

    URLs are grouped by the classes of their positions; in a group, a text position is a literal
    when one value holds at least half of the group's URLs (the section's ``world`` in
    ``/world/{slug}``), else a ``{slug}``. URLs with another value at a literal position form a
    shape of their own (``/sport/{slug}``: another section).
    """
    groups: dict[tuple[tuple[str, str], ...], list[tuple[str, tuple[Position, ...]]]] = {}
    for url in urls:
        places = positions(url)
        key = tuple(zip((label for label, _ in places), classes(places), strict=True))
        groups.setdefault(key, []).append((url, places))
    found: list[tuple[Shape, list[str]]] = []
    for key, members in groups.items():
        # A position that varies across the group stays a slug for the URLs split off from it.
        slugs: set[int] = set()
        while members:
            shape = _shape_of(key, [places for _, places in members], slugs)
            slugs |= {n for n, (_, token) in enumerate(shape.parts) if token == SLUG}
            covered = [url for url, places in members if _covers(shape, places)]
            found.append((shape, covered))
            members = [(url, places) for url, places in members if not _covers(shape, places)]
    return sorted(found, key=lambda pair: -len(pair[1]))


def _shape_of(key: tuple[tuple[str, str], ...], members: list[tuple[Position, ...]], slugs: set[int]) -> Shape:
    parts = []
    for n, (label, kind) in enumerate(key):
        if kind != TEXT:
            parts.append((label, kind))
            continue
        value, count = Counter(places[n][1] for places in members).most_common(1)[0]
        literal = n not in slugs and 2 * count >= len(members) and (count > 1 or len(members) == 1)
        parts.append((label, value if literal else SLUG))
    return Shape(tuple(parts))


def _covers(shape: Shape, places: tuple[Position, ...]) -> bool:
    return all(token in VARIABLE or token == value for (_, token), (_, value) in zip(shape.parts, places, strict=True))


def slug_words(url: str, shape: Shape) -> int:
    """The words of the URL's longest ``{slug}`` under ``shape`` (0 without one)."""
    places = positions(url)
    return max((len(_SLUG_WORDS.split(value.strip("-_+"))) for (_, token), (_, value) in zip(shape.parts, places,
                                                                                          strict=False)
                if token == SLUG), default=0)

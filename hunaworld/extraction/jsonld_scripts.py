"""Reading a page's schema.org JSON-LD: its scripts parsed tolerating the usual breakage (HTML
comments, CDATA wrappers, trailing commas, raw newlines in strings, several objects in one script),
every node in page order with an ``@id`` index, node types, and values as text.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from typing import Any

from lxml import etree

from hunaworld.html.dom import clean_ws, page_index

_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]*>")


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as one string: entities decoded, blank -> None."""
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list):
        for item in value:
            text = ld_text(item)
            if text:
                return text
        return None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if "&" in text:
        text = html.unescape(text)
    return text.strip() or None


def without_tags(text: str | None) -> str | None:
    if text and "<" in text:
        text = _TAG_RE.sub(" ", text)
    return clean_ws(text) or None


_COMMENT_RE = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>|^\s*//[^\n]*$", re.M)
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_BAD_ESCAPE = re.compile(r"\\(?![\"\\/bfnrtu])")
_FIELD_RE = re.compile(r'"(@type|headline|name|description|datePublished|dateModified|dateCreated|'
                       r'articleBody|articleSection|url)"\s*:\s*"((?:[^"\\]|\\.)*)"')

NEWS_TYPES = frozenset({
    "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "asknewsarticle", "askpublicnewsarticle",
    "livebloposting", "liveblogposting",
})
# A live blog: its text is the updates the page shows, newest or oldest first.
LIVE_TYPES = frozenset({"liveblogposting", "livebloposting"})
ARTICLE_TYPES = frozenset({
    "article", "blogposting", "report", "socialmediaposting", "techarticle", "scholarlyarticle",
    "posting", "creativework",
})
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "aboutpage", "contactpage"})
# A video or a gallery that is the page's own subject, and the kind of story it makes.
MEDIA_TYPES = {"videoobject": "video", "imagegallery": "gallery", "mediagallery": "gallery"}
ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website", "brand"})


def node_types(node: dict) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    out = set()
    for v in values:
        if isinstance(v, str):
            out.add(v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
    return out


def parse_json_ld(raw: str) -> list:
    """Every JSON value in one ``ld+json`` script; [] when nothing can be read."""
    text = _COMMENT_RE.sub("", raw or "").strip().lstrip("\ufeff")
    if not text:
        return []
    attempts = (text, _TRAILING_COMMA.sub(r"\1", text))
    for attempt in attempts:
        for candidate in (attempt, _BAD_ESCAPE.sub(r"\\\\", attempt)):
            values = _decode_all(candidate)
            if values:
                return values
    # last resort: pick the flat string fields out of the broken text
    fields: dict = {}
    for key, value in _FIELD_RE.findall(text):
        with contextlib.suppress(ValueError):
            value = json.loads(f'"{value}"', strict=False)
        fields.setdefault(key, value)
    return [fields] if "@type" in fields else []


def _decode_all(text: str) -> list:
    decoder = json.JSONDecoder(strict=False)
    values = []
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and text[pos] in " \t\r\n,;":
            pos += 1
        if pos >= end:
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return values if values and pos > 0 else []
        values.append(value)
    return values


def page_nodes(root: etree._Element) -> tuple[list[dict], dict[str, dict]]:
    """All objects of every JSON-LD script in page order, and an ``@id`` index."""
    nodes: list[dict] = []
    index: dict[str, dict] = {}

    def walk(value: Any, depth: int) -> None:
        if depth > 12:
            return
        if isinstance(value, list):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, dict):
            if "@type" in value or "@id" in value:
                nodes.append(value)
                ident = value.get("@id")
                if isinstance(ident, str) and len(value) > 1:
                    known = index.get(ident)
                    if known is None or len(value) > len(known):
                        index[ident] = value
            for key, item in value.items():
                if isinstance(item, (dict, list)) and key != "@context":
                    walk(item, depth + 1)

    for script in page_index(root)["script"]:
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        raw = script.text
        if not raw:
            continue
        for value in parse_json_ld(raw):
            walk(value, 0)
    return nodes, index

"""Layer 2: the page's schema.org JSON-LD (``<script type="application/ld+json">``).

The scripts are read tolerating the usual breakage (HTML comments, CDATA wrappers, trailing commas,
raw newlines in strings, several objects in one script, ``@graph``, ``@id`` references), and the
article node that describes this page is picked among them. Values are returned raw; the only
clean-up done here is decoding HTML entities that a CMS left in JSON-LD strings and removing a
site-name suffix/prefix from titles.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from functools import cached_property
from typing import Any

from hunaworld.extraction.fields import PageLayer
from hunaworld.html.dom import clean_ws, element_text, meta_map, page_index
from hunaworld.html.paragraphs import text_paragraphs
from hunaworld.html.sitenames import host_label, is_site_name, name_key, site_keys, strip_site_name
from hunaworld.html.values import is_url, split_labels
from hunaworld.urls import join_url, page_identity

__all__ = ["JsonLdLayer", "parse_json_ld"]

_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]*>")


def _text(value: Any) -> str | None:
    """A JSON-LD value as one string: entities decoded, blank -> None."""
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list):
        for item in value:
            text = _text(item)
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


def _strip_tags(text: str | None) -> str | None:
    if text and "<" in text:
        text = _TAG_RE.sub(" ", text)
    return clean_ws(text) or None


_COMMENT_RE = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>|^\s*//[^\n]*$", re.M)
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_BAD_ESCAPE = re.compile(r"\\(?![\"\\/bfnrtu])")
_FIELD_RE = re.compile(r'"(@type|headline|name|description|datePublished|dateModified|dateCreated|'
                       r'articleBody|articleSection|url)"\s*:\s*"((?:[^"\\]|\\.)*)"')

_NEWS_TYPES = frozenset({
    "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "asknewsarticle", "askpublicnewsarticle",
    "livebloposting", "liveblogposting",
})
_ARTICLE_TYPES = frozenset({
    "article", "blogposting", "report", "socialmediaposting", "techarticle", "scholarlyarticle",
    "posting", "creativework",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "aboutpage", "contactpage"})
# A video or a gallery that is the page's own subject, and the kind of story it makes.
_MEDIA_TYPES = {"videoobject": "video", "imagegallery": "gallery", "mediagallery": "gallery"}
_ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website", "brand"})


def _types(node: dict) -> set[str]:
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


class JsonLdLayer(PageLayer):
    name = "jsonld"
    fields = frozenset({"headline", "summary", "body", "date_published", "date_modified", "authors", "tags",
                        "section", "image_url", "image_caption", "canonical_url", "views", "story_type"})

    @cached_property
    def _nodes(self) -> tuple[list[dict], dict[str, dict]]:
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

        for script in page_index(self.root)["script"]:
            kind = (script.get("type") or "").lower()
            if "ld+json" not in kind:
                continue
            raw = script.text
            if not raw:
                continue
            for value in parse_json_ld(raw):
                walk(value, 0)
        return nodes, index

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            found = self._nodes[1].get(value["@id"])
            if found is not None:
                return found
        return value

    def _same_page(self, node: dict) -> bool:
        page = page_identity(self.url)
        for key in ("url", "@id", "mainEntityOfPage"):
            value = node.get(key)
            if isinstance(value, dict):
                value = value.get("@id") or value.get("url")
            if isinstance(value, str) and page and page_identity(value) == page:
                return True
        return False

    @cached_property
    def _article(self) -> dict | None:
        best, best_rank = None, None
        for pos, node in enumerate(self._nodes[0]):
            types = _types(node)
            if types & _NEWS_TYPES:
                kind = 0
            elif types & _ARTICLE_TYPES:
                kind = 1
            elif types & _PAGE_TYPES and ("articleBody" in node or "headline" in node):
                kind = 2
            elif types & _MEDIA_TYPES.keys() and self._same_page(node):  # a video page's own video
                kind = 3
            else:
                continue
            rank = (
                kind,
                not self._same_page(node),
                "headline" not in node and "name" not in node,
                "articleBody" not in node,
                pos,
            )
            if best_rank is None or rank < best_rank:
                best, best_rank = node, rank
        return best

    @cached_property
    def _page(self) -> dict | None:
        """The WebPage node that describes this page (dates and URL fallback)."""
        article = self._article
        if article is not None:
            for key in ("isPartOf", "mainEntityOfPage"):
                value = self._resolve(article.get(key))
                if isinstance(value, list) and value:
                    value = self._resolve(value[0])
                if isinstance(value, dict) and _types(value) & _PAGE_TYPES:
                    return value
        pages = [n for n in self._nodes[0] if _types(n) & _PAGE_TYPES]
        for node in pages:
            if self._same_page(node):
                return node
        return pages[0] if len(pages) == 1 else None

    def _get(self, *keys: str, page_fallback: bool = False) -> Any:
        for node in filter(None, (self._article, self._page if page_fallback else None)):
            for key in keys:
                value = node.get(key)
                if value not in (None, "", [], {}):
                    return value
        return None

    @cached_property
    def _site_names(self) -> list[str]:
        names = []
        article = self._article or {}
        publisher = self._resolve(article.get("publisher"))
        if isinstance(publisher, list) and publisher:
            publisher = self._resolve(publisher[0])
        if isinstance(publisher, dict):
            names.append(_text(publisher.get("name")))
        article_authors = article.get("author")
        authors = article_authors if isinstance(article_authors, list) else [article_authors]
        author_ids = {a.get("@id") for a in authors if isinstance(a, dict)} - {None}
        for node in self._nodes[0]:
            # the site itself: WebSite and Organization nodes, except the article's own authors
            if _types(node) & _ORG_TYPES and node.get("@id") not in author_ids and not any(
                node is a for a in authors
            ):
                names.append(_text(node.get("name")))
        metas = meta_map(self.root)
        names.extend(metas.get("og:site_name", ()))
        names.extend(metas.get("application-name", ()))
        names.append(host_label(self.url))
        names.extend(self.known_names)
        return [n for n in names if n]

    # -- fields ----------------------------------------------------------------------------------

    def headline(self) -> str | None:
        title = _strip_tags(_text(self._get("headline", "name", "alternativeHeadline")))
        return strip_site_name(title, self._site_names) if title else None

    def summary(self) -> str | None:
        return _strip_tags(_text(self._get("description", "abstract")))

    def body(self) -> list[str]:
        value = self._get("articleBody", "text")
        text = value if isinstance(value, str) else _text(value)
        if text and "&" in text:
            text = html.unescape(text)
        if not text or self._truncated(text):
            return []
        return text_paragraphs(text, self.headline())

    def _truncated(self, text: str) -> bool:
        """Is ``articleBody`` an excerpt cut short (the page's own text goes on mid-word)?"""
        text = text.rstrip()
        if text.endswith(("...", "…")):
            return True
        if not text[-1:].isalnum():
            return False
        tail = clean_ws(text[-30:])
        if len(tail) < 8:
            return False
        page_text = " ".join(element_text(self.root).split())
        return re.search(re.escape(tail) + r"\w", page_text) is not None

    def date_published(self) -> str | None:
        return _text(self._get("datePublished", "dateCreated", "uploadDate", page_fallback=True))

    def date_modified(self) -> str | None:
        return _text(self._get("dateModified", page_fallback=True))

    def authors(self) -> list[str]:
        found = self._get("author", "creator")
        if found is None:
            return []
        keys = site_keys(self._site_names)
        out: list[str] = []

        def add(value: Any, depth: int = 0) -> None:
            if depth > 4 or value is None:
                return
            value = self._resolve(value)
            if isinstance(value, list):
                for item in value:
                    add(item, depth + 1)
                return
            if isinstance(value, dict):
                name = value.get("name")
                if name is None and ("givenName" in value or "familyName" in value):
                    parts = (_text(value.get("givenName")), _text(value.get("familyName")))
                    name = " ".join(p for p in parts if p)
                if isinstance(name, (list, dict)):
                    add(name, depth + 1)
                    return
                name = _text(name)
                # The site's own account is no author: an organisation whose name is like the site's,
                # or a person filed under exactly the site's name (unsigned posts in WordPress/Yoast).
                if name and (is_site_name(name, keys) if _types(value) & _ORG_TYPES
                             else name_key(name) in keys):
                    return
            else:
                name = _text(value)
            name = clean_ws(name)
            if not name or is_url(name):
                return
            if name not in out:
                out.append(name)

        add(found)
        return out

    def tags(self) -> list[str]:
        value = self._get("keywords")
        if value is None:
            return []
        values = value if isinstance(value, list) else [value]
        return split_labels([_text(v) for v in values if _text(v)])

    def section(self) -> str | None:
        return clean_ws(_text(self._get("articleSection"))) or None

    @cached_property
    def _image(self) -> tuple[str | None, str | None]:
        def pick(value: Any, depth: int = 0) -> tuple[str | None, str | None]:
            if depth > 4 or value is None:
                return None, None
            value = self._resolve(value)
            if isinstance(value, list):
                for item in value:
                    found = pick(item, depth + 1)
                    if found[0]:
                        return found
                return None, None
            if isinstance(value, dict):
                if "@list" in value:
                    return pick(value["@list"], depth + 1)
                ident = value.get("@id")
                ident = ident if isinstance(ident, str) and "#" not in ident else None  # a node name
                url, _ = pick(value.get("url") or value.get("contentUrl") or ident, depth + 1)
                if url and not url.startswith(("http", "/")):
                    url = None
                caption = _text(value.get("caption") or value.get("description"))
                return url, caption
            text = _text(value)
            if text and not text.startswith("data:"):
                return join_url(self.url, text), None
            return None, None

        url, caption = pick(self._get("image"))
        if not url:
            url, caption = pick(self._get("thumbnailUrl"))
        return url, caption

    def image_url(self) -> str | None:
        return self._image[0]

    def image_caption(self) -> str | None:
        return clean_ws(self._image[1]) or None

    def canonical_url(self) -> str | None:
        for node, key in ((self._article, "mainEntityOfPage"), (self._article, "url"), (self._page, "url")):
            if not node:
                continue
            value = self._resolve(node.get(key))
            if isinstance(value, list) and value:
                value = self._resolve(value[0])
            if isinstance(value, dict):
                value = value.get("url") or value.get("@id")
            text = _text(value)
            if text and text.startswith(("http://", "https://")):
                return text.split("#", 1)[0]
        return None

    def story_type(self) -> str | None:
        """"video" or "gallery" for an article node that is one, or that carries its own video."""
        article = self._article
        if article is None:
            return None
        for kind, story in _MEDIA_TYPES.items():
            if kind in _types(article):
                return story
        return "video" if article.get("video") else None

    def views(self) -> int | None:
        stats = self._get("interactionStatistic")
        for stat in stats if isinstance(stats, list) else [stats]:
            if not isinstance(stat, dict):
                continue
            kind = stat.get("interactionType")
            if isinstance(kind, dict):
                kind = kind.get("@type") or kind.get("@id")
            if isinstance(kind, str) and re.search(r"view|read|watch", kind, re.I):
                count = stat.get("userInteractionCount")
                try:
                    return int(str(count).replace(",", "").strip())
                except (TypeError, ValueError):
                    continue
        return None


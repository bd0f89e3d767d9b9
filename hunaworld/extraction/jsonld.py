"""Layer 2: the page's schema.org JSON-LD (``<script type="application/ld+json">``).

The scripts are read by :mod:`hunaworld.extraction.jsonld_scripts`, and the article node that
describes this page is picked among their nodes (``@graph`` and ``@id`` references followed).
Values are returned raw; the only clean-up done here is decoding HTML entities that a CMS left in
JSON-LD strings and removing a site-name suffix/prefix from titles.
"""

from __future__ import annotations

import html
import re
from functools import cached_property
from typing import Any

from hunaworld.extraction.fields import PageLayer
from hunaworld.extraction.jsonld_scripts import (
    ARTICLE_TYPES,
    LIVE_TYPES,
    MEDIA_TYPES,
    NEWS_TYPES,
    ORG_TYPES,
    PAGE_TYPES,
    ld_text,
    node_types,
    page_nodes,
    parse_json_ld,
    without_tags,
)
from hunaworld.html.dom import clean_ws, element_text, meta_map
from hunaworld.html.paragraphs import text_paragraphs
from hunaworld.html.sitenames import host_label, is_site_name, name_key, site_keys, strip_site_name
from hunaworld.html.values import is_url, split_labels
from hunaworld.urls import join_url, page_identity

__all__ = ["JsonLdLayer", "parse_json_ld"]


class JsonLdLayer(PageLayer):
    name = "jsonld"
    fields = frozenset({"headline", "summary", "body", "date_published", "date_modified", "authors", "tags",
                        "section", "image_url", "image_caption", "canonical_url", "views", "story_type"})

    @cached_property
    def _nodes(self) -> tuple[list[dict], dict[str, dict]]:
        """All objects of every JSON-LD script in page order, and an ``@id`` index."""
        return page_nodes(self.root)

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
            types = node_types(node)
            if types & NEWS_TYPES:
                kind = 0
            elif types & ARTICLE_TYPES:
                kind = 1
            elif types & PAGE_TYPES and ("articleBody" in node or "headline" in node):
                kind = 2
            elif types & MEDIA_TYPES.keys() and self._same_page(node):  # a video page's own video
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
                if isinstance(value, dict) and node_types(value) & PAGE_TYPES:
                    return value
        pages = [n for n in self._nodes[0] if node_types(n) & PAGE_TYPES]
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
            names.append(ld_text(publisher.get("name")))
        article_authors = article.get("author")
        authors = article_authors if isinstance(article_authors, list) else [article_authors]
        author_ids = {a.get("@id") for a in authors if isinstance(a, dict)} - {None}
        for node in self._nodes[0]:
            # the site itself: WebSite and Organization nodes, except the article's own authors
            if node_types(node) & ORG_TYPES and node.get("@id") not in author_ids and not any(
                node is a for a in authors
            ):
                names.append(ld_text(node.get("name")))
        metas = meta_map(self.root)
        names.extend(metas.get("og:site_name", ()))
        names.extend(metas.get("application-name", ()))
        names.append(host_label(self.url))
        names.extend(self.known_names)
        return [n for n in names if n]

    # -- fields ----------------------------------------------------------------------------------

    def headline(self) -> str | None:
        title = without_tags(ld_text(self._get("headline", "name", "alternativeHeadline")))
        return strip_site_name(title, self._site_names) if title else None

    def summary(self) -> str | None:
        return without_tags(ld_text(self._get("description", "abstract")))

    def body(self) -> list[str]:
        value = self._get("articleBody", "text")
        text = value if isinstance(value, str) else ld_text(value)
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
        return ld_text(self._get("datePublished", "dateCreated", "uploadDate", page_fallback=True))

    def date_modified(self) -> str | None:
        return ld_text(self._get("dateModified", page_fallback=True))

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
                    parts = (ld_text(value.get("givenName")), ld_text(value.get("familyName")))
                    name = " ".join(p for p in parts if p)
                if isinstance(name, (list, dict)):
                    add(name, depth + 1)
                    return
                name = ld_text(name)
                # The site's own account is no author: an organisation whose name is like the site's,
                # or a person filed under exactly the site's name (unsigned posts in WordPress/Yoast).
                if name and (is_site_name(name, keys) if node_types(value) & ORG_TYPES
                             else name_key(name) in keys):
                    return
            else:
                name = ld_text(value)
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
        return split_labels([ld_text(v) for v in values if ld_text(v)])

    def section(self) -> str | None:
        return clean_ws(ld_text(self._get("articleSection"))) or None

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
                caption = ld_text(value.get("caption") or value.get("description"))
                return url, caption
            text = ld_text(value)
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
            text = ld_text(value)
            if text and text.startswith(("http://", "https://")):
                return text.split("#", 1)[0]
        return None

    def story_type(self) -> str | None:
        """"live" for a live blog; "video" or "gallery" for an article node that is one, or that
        carries its own video."""
        article = self._article
        if article is None:
            return None
        if node_types(article) & LIVE_TYPES:
            return "live"
        for kind, story in MEDIA_TYPES.items():
            if kind in node_types(article):
                return story
        return "video" if article.get("video") else None

    def live_story(self) -> str | None:
        """"live" for a live blog, whatever text the page has (see :func:`story_type`)."""
        return "live" if self._article is not None and node_types(self._article) & LIVE_TYPES else None

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


"""Layer 3: the page's meta tags and microdata.

``<meta>`` tags (Open Graph, ``article:*``, Dublin Core, ``name=pubdate`` and friends, Twitter
cards), microdata (``itemprop``) of the article and ``<link rel=canonical>``. Values are returned raw;
the only clean-up done here is removing a site-name suffix/prefix from titles.
"""

from __future__ import annotations

import re
from functools import cached_property

from lxml import etree

from hunaworld.extraction.fields import PageLayer
from hunaworld.html.dom import clean_ws, element_text, itemprop_elements, meta_map, page_index
from hunaworld.html.furniture import NOISE_ALL, element_flags
from hunaworld.html.paragraphs import text_lines, text_paragraphs
from hunaworld.html.sitenames import host_label, is_site_name, name_key, site_keys, strip_site_name, title_segments
from hunaworld.html.values import is_url, split_labels
from hunaworld.urls import join_url

__all__ = ["MetaLayer"]

_ARTICLE_SCOPES = re.compile(r"article|posting|webpage|report|creativework", re.I)
_URL_PROPS = frozenset({"image", "url", "thumbnailurl", "contenturl"})
_MICRO_PROPS = frozenset({
    "headline", "description", "articlebody", "datepublished", "datecreated", "datemodified",
    "author", "articlesection", "image",
})

_PUBLISHED_KEYS = (
    "article:published_time", "article:published", "og:published_time", "pubdate", "publishdate",
    "publish-date", "publish_date", "datepublished", "date_published", "article.published",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "dc.date.created", "original-publish-date", "release_date", "date",
)
_MODIFIED_KEYS = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "date_modified",
    "lastmod", "last-modified", "dcterms.modified", "dc.date.modified", "article.updated", "revised",
)


class MetaLayer(PageLayer):
    name = "meta"
    fields = frozenset({"headline", "summary", "body", "date_published", "date_modified", "authors", "tags",
                        "section", "image_url", "canonical_url", "story_type"})

    @cached_property
    def _meta(self) -> dict[str, list[str]]:
        return meta_map(self.root)

    def _first(self, *keys: str) -> str | None:
        meta = self._meta
        for key in keys:
            for value in meta.get(key, ()):
                if value:
                    return value
        return None

    @cached_property
    def _micro(self) -> dict[str, list]:
        """``itemprop`` name (lower case) -> elements that belong to the article (or to no item).

        Only the properties this layer reads are kept; microdata of an item of another type
        (publisher, logo, author's page...) or inside page furniture (teasers in related lists,
        sidebars) is left out.
        """
        out: dict[str, list] = {}
        furniture: dict = {}
        for el in itemprop_elements(self.root, *_MICRO_PROPS):
            ancestors = list(el.iterancestors())
            scope = next((a for a in ancestors if a.get("itemscope") is not None), None)
            if scope is not None:
                kind = scope.get("itemtype") or ""
                if kind and not _ARTICLE_SCOPES.search(kind):
                    continue
            # microdata of teasers in related lists, sidebars... is about other articles
            noisy = False
            for a in ancestors:
                if a.tag == "head":
                    break
                flag = furniture.get(a)
                if flag is None:
                    flag = furniture[a] = bool(element_flags(a) & NOISE_ALL)
                if flag:
                    noisy = True
                    break
            if noisy:
                continue
            for prop in el.get("itemprop").lower().split():
                if prop in _MICRO_PROPS:
                    out.setdefault(prop, []).append(el)
        return out

    def _micro_value(self, el: etree._Element, prop: str) -> str | None:
        tag = el.tag
        if tag == "meta":
            return el.get("content")
        if tag == "time":
            return el.get("datetime") or el.get("content") or element_text(el)
        if prop in _URL_PROPS:
            for attr in ("content", "href", "src", "data-src"):
                if el.get(attr):
                    return el.get(attr)
            if el.get("itemscope") is not None:
                for inner in el.iter():
                    if inner is not el and (inner.get("itemprop") or "").lower() in ("url", "contenturl"):
                        return self._micro_value(inner, "url")
            return None
        return el.get("content") or element_text(el)

    def _micro_first(self, prop: str) -> str | None:
        for el in self._micro.get(prop.lower(), ()):
            value = clean_ws(self._micro_value(el, prop.lower()))
            if value:
                return value
        return None

    @cached_property
    def _site_names(self) -> list[str]:
        names = [self._first("og:site_name"), self._first("application-name"),
                 (self._first("twitter:site") or "").lstrip("@"), host_label(self.url), *self.known_names]
        return [n for n in names if n]

    @cached_property
    def _title_names(self) -> list[str]:
        # a site that names itself as the page author also puts that name in its titles
        return [*self._site_names, *self._meta.get("author", ())]

    # -- fields ----------------------------------------------------------------------------------

    def headline(self) -> str | None:
        title = (
            self._first("og:title")
            or self._micro_first("headline")
            or self._first("twitter:title", "dc.title", "dcterms.title")
        )
        return strip_site_name(title, self._title_names) if title else None

    def summary(self) -> str | None:
        return clean_ws(
            self._first("og:description", "description")
            or self._micro_first("description")
            or self._first("twitter:description", "dc.description", "dcterms.description")
        ) or None

    def body(self) -> list[str]:
        for el in self._micro.get("articlebody", ()):
            content = el.get("content") if el.tag == "meta" else None
            lines = text_paragraphs(content) if content else text_lines(el, self.headline())
            if lines:
                return lines
        return []

    def date_published(self) -> str | None:
        return (
            self._first(*_PUBLISHED_KEYS[:2])
            or self._micro_first("datePublished")
            or self._first(*_PUBLISHED_KEYS[2:])
            or self._micro_first("dateCreated")
        )

    def date_modified(self) -> str | None:
        return self._first(*_MODIFIED_KEYS[:2]) or self._micro_first("dateModified") or self._first(
            *_MODIFIED_KEYS[2:]
        )

    @cached_property
    def _title_edges(self) -> set[str]:
        """Name keys of the first and last segments of ``og:title`` / ``<title>`` ("Site - Headline")."""
        titles = [*self._meta.get("og:title", ()), *(element_text(t) for t in page_index(self.root)["title"])]
        edges = set()
        for title in titles:
            segments = title_segments(title)
            if len(segments) > 1:
                edges.update((name_key(segments[0]), name_key(segments[-1])))
        edges.discard("")
        return edges

    def authors(self) -> list[str]:
        candidates: list[str] = list(self._meta.get("article:author", ()))
        for el in self._micro.get("author", ()):
            if el.get("itemscope") is not None:
                names = [inner for inner in el.iter() if (inner.get("itemprop") or "").lower() == "name"]
                candidates.extend(clean_ws(self._micro_value(n, "name")) for n in names)
            else:
                candidates.append(clean_ws(self._micro_value(el, "author")))
        candidates.extend(self._meta.get("author", ()))
        candidates.extend(self._meta.get("sailthru.author", ()))
        candidates.extend(self._meta.get("parsely-author", ()))
        if not candidates:
            return []
        keys = site_keys(self._site_names)
        edges = self._title_edges
        out: list[str] = []
        for value in candidates:
            value = clean_ws(value)
            if not value or is_url(value) or len(value) > 100 or is_site_name(value, keys):
                continue
            if name_key(value) in edges:  # the site's name, as it titles its pages
                continue
            if value not in out:
                out.append(value)
        return out

    def tags(self) -> list[str]:
        return split_labels(self._meta.get("article:tag", ()))

    def story_type(self) -> str | None:
        """"video" for a page that Open Graph calls a video ("video.other", "video.episode")."""
        return "video" if (self._first("og:type") or "").lower().startswith("video") else None

    def section(self) -> str | None:
        return clean_ws(self._first("article:section") or self._micro_first("articleSection")) or None

    def image_url(self) -> str | None:
        value = (
            self._first("og:image", "og:image:url", "og:image:secure_url")
            or self._micro_first("image")
            or self._first("twitter:image", "twitter:image:src")
        )
        if not value:
            for link in page_index(self.root)["link"]:
                if (link.get("rel") or "").lower() == "image_src" and link.get("href"):
                    value = link.get("href")
                    break
        value = clean_ws(value)
        if not value or value.startswith("data:"):
            return None
        return join_url(self.url, value)

    def canonical_url(self) -> str | None:
        for link in page_index(self.root)["link"]:
            if "canonical" in (link.get("rel") or "").lower().split():
                href = clean_ws(link.get("href"))
                href = join_url(self.url, href)
                if href:
                    return href
        return join_url(self.url, clean_ws(self._first("og:url")))

"""The heuristic layer's main image and its caption: the first picture near the headline.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from lxml import etree

from hunaworld.extraction.heuristic.body import BodyField
from hunaworld.extraction.heuristic.page import enclosing_block
from hunaworld.html.dom import clean_ws, element_text
from hunaworld.html.furniture import NOISE_ALL, element_flags
from hunaworld.html.images import picture_src
from hunaworld.urls import join_url


class ImageFields(BodyField):
    def _image_scopes(self) -> Iterator[etree._Element]:
        """Where to look for the main image, nearest first; the main-content search runs only when
        the headline gives no region (or the region has no image)."""
        region = self._headline_region
        if region is not None:
            yield region
        for start in self._body_roots:
            node = enclosing_block(start, ("article",))
            if node is not region:
                yield node

    @cached_property
    def _image(self) -> tuple[str | None, str | None]:
        for scope in self._image_scopes():
            for img in scope.iter("img"):
                src = picture_src(img)
                if src is None:
                    continue
                ancestors = list(img.iterancestors())
                if any(element_flags(a) & NOISE_ALL for a in ancestors):
                    continue
                caption = None
                for anc in ancestors:
                    if anc.tag == "figure":
                        for cap in anc.iter("figcaption"):
                            caption = clean_ws(element_text(cap)) or None
                            break
                        break
                    if anc is scope:
                        break
                return join_url(self.url, src), caption
        return None, None

    def image_url(self) -> str | None:
        return self._image[0]

    def image_caption(self) -> str | None:
        return self._image[1]

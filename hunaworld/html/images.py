"""Which ``<img>`` of a page may be its article's picture, and the URL it shows."""

from __future__ import annotations

import re

from lxml import etree

_IMG_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-srcset", "src", "srcset")
_BAD_IMAGE = re.compile(
    r"logo|icon|avatar|sprite|pixel|spacer|blank|placeholder|loading|loader|lazy\.|gravatar|emoji|"
    r"arrow|bread|bullet|separator|"
    r"badge|button|/ads?/|banner|advert|facebook|twitter|whatsapp|telegram|instagram|youtube|"
    r"1x1|transparent|tracking|analytics|\.svg",
    re.I,
)


def image_src(img: etree._Element) -> str | None:
    """The URL an ``<img>`` shows (lazy-loading attributes first), or None."""
    for attr in _IMG_ATTRS:
        value = img.get(attr)
        if value:
            value = value.strip()
            if attr.endswith("srcset"):
                value = value.split(",")[0].strip().split(" ")[0]
            if value and not value.startswith(("data:", "about:", "javascript:")):
                return value
    return None


def _int_attr(el: etree._Element, name: str) -> int | None:
    value = el.get(name)
    if value:
        m = re.match(r"\s*(\d+)", value)
        if m:
            return int(m.group(1))
    return None


def picture_src(img: etree._Element) -> str | None:
    """The URL ``img`` shows when it may be an article's picture; None for a logo, icon, avatar,
    tracking pixel, share button or ad (by URL, class, id or alt text), for an image its markup says
    is smaller than 150x100, and for a GIF of unknown size (an animation or a spacer)."""
    src = image_src(img)
    if not src or _BAD_IMAGE.search(src):
        return None
    described = " ".join(filter(None, (img.get("class"), img.get("id"), img.get("alt"))))
    if described and _BAD_IMAGE.search(described):
        return None
    width, height = _int_attr(img, "width"), _int_attr(img, "height")
    if (width is not None and width < 150) or (height is not None and height < 100):
        return None
    if src.lower().split("?")[0].endswith(".gif") and width is None:
        return None
    return src

"""Whether an article's own element holds a video player or a picture gallery.

Spotting only: whether the page is a video or gallery story is decided with its text
(:mod:`hunaworld.extraction.story`). Players and galleries in blocks about other articles (a
"videos" sidebar, related stories) are not the article's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from hunaworld.html.dom import in_excluded_block
from hunaworld.html.images import image_src

VIDEO, GALLERY = "video", "gallery"

# Embedded players by their source, and player containers by their class or id.
_PLAYER_SRC = re.compile(
    r"youtube(?:-nocookie)?\.com/embed|youtu\.be/|player\.vimeo\.com|dailymotion\.com/(?:embed|video)|"
    r"facebook\.com/plugins/video|jwplayer|jwplatform|brightcove|players?\.|/embed/video|\.m3u8|\.mp4",
    re.I,
)
_PLAYER_CLASS = re.compile(r"(?:^|[\s_-])(?:video-?player|jwplayer|player|video-?embed|video-?wrapper)(?:$|[\s_-])",
                           re.I)
_GALLERY_CLASS = re.compile(r"gallery|slideshow|carousel|album|swiper|slider|lightbox", re.I)
_GALLERY_IMAGES = 3  # pictures in a gallery container
_LOOSE_FIGURES = 4  # figures with a picture in the article element, without a gallery container


# Candidates, found by XPath (a walk over every element costs more than the rest of the layer):
# players, and blocks whose class or id names a player or a gallery.
_PLAYERS = etree.XPath(".//video | .//iframe | .//embed | .//object")
_NAMED = etree.XPath(
    ".//*[" + " or ".join(f"contains(@{attr}, '{word}')" for attr in ("class", "id")
                          for word in ("player", "Player", "video", "Video", "gallery", "Gallery", "slide", "Slide",
                                       "carousel", "album", "swiper", "lightbox")) + "]"
)


def _described(el: etree._Element) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"))))


def _pictures(el: etree._Element) -> int:
    return sum(1 for img in el.iter("img") if image_src(img))


def media_kind(region: etree._Element, excluded: Callable[[etree._Element], bool]) -> str | None:
    """``"video"`` when ``region`` holds a player, ``"gallery"`` when it holds a gallery, else None."""
    for el in _PLAYERS(region):
        source = el.get("src") or el.get("data-src") or el.get("data") or ""
        player = el.tag == "video" or _PLAYER_SRC.search(source)
        if player and not in_excluded_block(el.getparent(), region, excluded):
            return VIDEO
    for el in _NAMED(region):
        described = _described(el)
        if _PLAYER_CLASS.search(described):
            kind = VIDEO
        elif _GALLERY_CLASS.search(described) and _pictures(el) >= _GALLERY_IMAGES:
            kind = GALLERY
        else:
            continue
        if not in_excluded_block(el, region, excluded):
            return kind
    figures = [f for f in region.iter("figure") if _pictures(f) and not in_excluded_block(f, region, excluded)]
    return GALLERY if len(figures) >= _LOOSE_FIGURES else None

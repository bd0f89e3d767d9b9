"""The site's own name in a page: recognising it, and taking it off titles.

Names are compared by key (:func:`name_key`): folded, without ``www.``, spaces and punctuation, so
"Al Jazeera", "الجزيرة نت" and "www.aljazeera.net" compare with what the page writes. (The site
layouts check that a page names its site with an XPath of their own, for speed:
:mod:`hunaworld.extraction.layout`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from hunaworld.html.dom import clean_ws
from hunaworld.text.arabic import fold

# A separator between a headline and a site name in <title>/og:title: " | ", " - ", " – ", " :: ".
# (Not « »: they are quotation marks in Arabic; not a lone colon: headlines use it.)
_TITLE_SEP = re.compile(r"(\s+(?:[|\-–—•·]|::)\s+|\s*\|\s*|\s*::\s*)")
_NOT_NAME = re.compile(r"[\W_]+")


def name_key(text: str) -> str:
    """``text`` as a name to compare: folded, without ``www.``, spaces and punctuation."""
    return _NOT_NAME.sub("", fold(text).replace("www.", ""))


def site_keys(names: Iterable[str | None]) -> list[str]:
    """The keys of the site's ``names`` (empty ones left out)."""
    return [k for k in (name_key(n) for n in names if n) if k]


def host_label(url: str) -> str:
    """``https://www.youm7.com/x`` -> ``youm7``."""
    host = (urlsplit(url).hostname or "").lower()
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "ar", "arabic")]
    if len(parts) >= 2:
        parts = parts[:-1]
        if len(parts) >= 2 and parts[-1] in ("com", "co", "net", "org", "gov", "edu"):
            parts = parts[:-1]
    return parts[-1] if parts else ""


def is_site_name(name: str, keys: list[str], *, segment: bool = False) -> bool:
    """Whether ``name`` is the site's: its key is one of ``keys`` (see :func:`site_keys`), or one
    contains the other.

    Containment counts only for a site key of three characters or more: a one- or two-letter name of
    the site matches only whole. For a title ``segment`` the length asked is the segment's instead:
    a short segment matches only whole, a two-letter site key may sit inside a longer segment.
    """
    key = name_key(name)
    if not key:
        return False
    if segment:
        if len(key) < 3:
            return key in keys
        return any(key in k or k in key for k in keys)
    return any(key == k or (len(k) >= 3 and (k in key or key in k)) for k in keys)


def title_segments(title: str) -> list[str]:
    """The parts of a ``<title>`` between its separators ("Site - Section - Headline")."""
    return _TITLE_SEP.split(clean_ws(title))[0::2]


def strip_site_name(title: str | None, site_names: Iterable[str] = (), guess: bool = False) -> str | None:
    """``title`` without a leading or trailing site-name segment.

    A segment is dropped when it matches one of ``site_names`` (compared folded, ignoring spaces and
    punctuation; a name containing the segment or contained in it counts). With ``guess``, a short
    trailing segment is dropped even when no name matches, as long as the rest is clearly longer:
    the usual ``Headline - Site`` shape of ``<title>``.
    """
    title = clean_ws(title)
    if not title:
        return None
    parts = _TITLE_SEP.split(title)
    if len(parts) < 3:
        return title
    segments = parts[0::2]
    seps = parts[1::2]
    keys = [k for k in site_keys(site_names) if len(k) >= 2]
    lo, hi = 0, len(segments)
    changed = True
    while changed and hi - lo > 1:
        changed = False
        if is_site_name(segments[hi - 1], keys, segment=True):
            hi -= 1
            changed = True
        elif is_site_name(segments[lo], keys, segment=True):
            lo += 1
            changed = True
    while guess and hi - lo > 1:  # "Headline - Section - Site"
        last, rest = segments[hi - 1], " ".join(segments[lo : hi - 1])
        if len(last.split()) > 4 or len(rest) <= 2 * len(last):
            break
        hi -= 1
    out = segments[lo]
    for i in range(lo + 1, hi):
        out += seps[i - 1] + segments[i]
    out = out.strip(" -|:–—")
    return out or title


# Between a dateline and the text: a dash set off by spaces, or a colon.
_DATELINE_END = re.compile(r"\s+[-–—]\s+|\s*[:–—]\s+")
_DATELINE_MAX = 80  # characters: a signature, not a sentence
_DATELINE_EXTRA_WORDS = 2  # after the name: a section or a city


def without_site_dateline(paragraph: str, names: Iterable[str | None]) -> str:
    """``paragraph`` without the site's signature before it: one of its ``names``, up to two words
    more (a section, a city) and a dash or colon ("أخبار هنا العالم - ...")."""
    match = _DATELINE_END.search(paragraph[:_DATELINE_MAX])
    if match is None:
        return paragraph
    keys = [k for k in site_keys(names) if len(k) >= 3]
    words = paragraph[: match.start()].split()
    for n in range(1, len(words) + 1):
        if len(words) - n <= _DATELINE_EXTRA_WORDS and name_key(" ".join(words[:n])) in keys:
            return paragraph[match.end():]
    return paragraph

"""Bylines: the words before an author's name ("كتب:", "بقلم", "By"), several names in one byline, and
credits that name a source rather than a person ("المصدر: وكالات", "(رويترز)")."""

from __future__ import annotations

import re
from collections.abc import Collection

from hunaworld.html.sitenames import name_key
from hunaworld.text.arabic import fold

BYLINE_PREFIX = re.compile(
    r"^(?:كتب|كتبت|كتبه|كتبها|بقلم|بواسطة|إعداد|اعداد|تقرير|تحرير|حوار|متابعة|ترجمة|المحرر|"
    # Not followed by a letter: "كتبت سارة" is كتبت + name, "Byron Smith" is a name.
    r"by|written by|author)(?![^\W\d_])\s*[:：\-–]?\s*",
    re.I,
)

# Between names: Arabic and Latin commas and semicolons, "&", "and", and "و" standing alone.
_SEPARATORS = re.compile(r"\s*[،,؛;&]\s*|\s+(?:and|et|و)\s+", re.I)
# "و" glued to the next name ("محمد علي وسارة أحمد") is read as "and" only between two names of two
# words or more, and never before a given name that itself begins with و or before an article ("وال").
_GLUED_AND = re.compile(r"^و(?!ال)[^\W\d_]{2,}$")
_WAW_NAMES = frozenset(
    fold(name)
    for name in (
        "وليد", "وائل", "وفاء", "وسام", "وجدي", "وديع", "وهبة", "وداد", "وصفي", "وحيد", "وجيه", "وفيق", "وعد",
        "وئام", "ورد", "وردة", "ولاء", "وضاح", "وسيم", "وصال", "وهيب", "وجدان", "وفيقة", "وليم", "ويليام", "وحيدة",
        "وسيلة", "وهيبة", "وديعة", "وضحى", "ولي", "وهب", "وهبي", "وافي", "واصف", "ودود", "وفاق", "ورود",
    )
)

# News agencies and other source credits, folded and without spaces or dots: a credit, not a person.
_AGENCIES = frozenset(
    re.sub(r"[\W_]+", "", fold(name))
    for name in (
        "وكالات", "وكالات الأنباء", "رويترز", "فرانس برس", "فرانس بريس", "أ ف ب", "ا ف ب", "أسوشيتد برس",
        "أسوشيتدبرس", "الأسوشيتد برس", "أ ب", "د ب أ", "الأناضول", "سبوتنيك", "شينخوا", "وام", "واس", "قنا", "كونا",
        "بترا", "سانا", "واج", "وات", "ماب", "و م ع", "أ ش أ", "بي بي سي", "سي إن إن", "الجزيرة نت", "مواقع",
        "مواقع إلكترونية", "متابعات", "وسائل إعلام", "وكالات ومواقع", "afp", "reuters", "ap", "associated press",
        "dpa", "anadolu", "xinhua", "agencies", "wires", "bbc", "cnn",
    )
)
_AGENCY_WORD = re.compile(r"^(?:ال)?وكال(?:ه|ات)(?![^\W\d_])|^agence\b|^agency\b", re.I)
_SOURCE_LABEL = re.compile(r"^\s*(?:ال)?مصدر\s*[:：\-–]|^\s*(?:source|sources)\s*:", re.I)


def strip_byline(text: str) -> str:
    """``text`` without its byline prefixes, however many ("تقرير: كتب محمد" -> "محمد"), and without
    the punctuation left around the name."""
    prev = None
    while text and text != prev:
        prev = text
        text = BYLINE_PREFIX.sub("", text).strip(" :|-–—،,")
    return text


# Between a byline's name and the city it was filed from: "بقلم: سامي يوسف - بيروت".
_CITY_SEPARATOR = re.compile(r"\s+[-–—|]\s+")


def byline_author(text: str, site: Collection[str] = (), *, labelled: bool = False) -> str | None:
    """The author one byline names: its prefix dropped, and after a prefix the city it was filed
    from ("بقلم: سامي يوسف - بيروت" -> "سامي يوسف"; ``labelled``: the text is what follows a label
    such as "الكاتب:", a prefix too); None when the site signs as a desk ("الساحل -
    تونس") or itself. ``site``: the site's names as keys (:func:`hunaworld.html.sitenames.name_key`)."""
    text = " ".join(text.split())
    name = strip_byline(text)
    parts = _CITY_SEPARATOR.split(name, maxsplit=1)
    if name_key(parts[0]) in site or name_key(name) in site:
        return None
    if len(parts) > 1 and (labelled or name != text.strip(" :|-–—،,")) and len(parts[1].split()) <= 3:
        name = parts[0]
    return name or None


def is_source_credit(text: str) -> bool:
    """Whether a byline names a source, not a person: "المصدر: وكالات", "(رويترز)", "وكالة الأناضول"."""
    text = text.strip()
    if _SOURCE_LABEL.match(text) or (text.startswith("(") and text.endswith(")")):
        return True
    folded = fold(text)
    return re.sub(r"[\W_]+", "", folded) in _AGENCIES or _AGENCY_WORD.match(folded) is not None


def _split_glued(name: str) -> list[str]:
    """"محمد علي وسارة أحمد" -> two names; a name with a و-word that is not "and" stays whole."""
    words = name.split()
    for i in range(2, len(words) - 1):
        word = words[i]
        if _GLUED_AND.match(word) and fold(word) not in _WAW_NAMES:
            return [" ".join(words[:i]), *_split_glued(" ".join([word[1:], *words[i + 1 :]]))]
    return [name]


def split_byline(text: str) -> list[str]:
    """The names in one byline, prefixes and source credits removed: "كتب: محمد علي وسارة أحمد" ->
    ["محمد علي", "سارة أحمد"]; "المصدر: وكالات" -> []."""
    if is_source_credit(text):
        return []
    names: list[str] = []
    for part in _SEPARATORS.split(strip_byline(text)):
        for name in _split_glued(strip_byline(part)):
            if name and not is_source_credit(name) and name not in names:
                names.append(name)
    return names

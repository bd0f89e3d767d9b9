"""Layer 4: generic heuristics over the page's visible markup.

Used when neither the site's own selectors nor the structured data (JSON-LD, meta tags) answer a
field. Everything works on the lxml tree parsel already built (``sel.root``): no copy of the tree, no
XPath inside loops.

- headline: the ``<h1>`` that best matches ``og:title`` / ``<title>``, else ``<title>`` without the
  site name.
- body: one walk over the article region (the ``<article>``/``<main>`` holding the headline, else the
  page) skips whole subtrees of page furniture (scripts, navigation, sidebars, share bars, related
  and most-read lists, comments, ads, hidden elements: by tag, and by the words of class and id) and
  scores every block by the text of its paragraphs, penalised by link text. ``itemprop=articleBody``
  wins when present, then the best block of the best ``<article>``; its paragraphs are the ``<p>``
  texts, or text runs split on ``<br>``, without boilerplate lines.
- date_published: the date-like element (``<time>``, class/id with date/time/publish/meta...)
  nearest after the headline outside furniture, else a date line right after the headline.
- image_url / image_caption, authors: near the headline.

The helpers at the top (``strip_site_name``, ``text_lines``, ``element_flags``,
``page_index``...) are shared with :mod:`hunaworld.extraction.structured`.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from hunaworld.dates.parser import GREGORIAN_MONTHS, HIJRI_MONTHS
from hunaworld.html.furniture import READ_ALSO
from hunaworld.text.arabic import fold, to_ascii_digits

# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------

_WORDS = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")


_STRING = etree.XPath("string()")


def element_text(el: etree._Element) -> str:
    """All the text inside ``el`` (works for HTML and plain XML elements alike)."""
    return str(_STRING(el))


def clean_ws(text: str | None) -> str:
    """Collapse runs of whitespace (including no-break spaces) and strip."""
    return " ".join(text.split()) if text else ""


def _word_set(text: str) -> set[str]:
    return set(_WORDS.findall(fold(text)))


def _dice(wa: set[str], wb: set[str]) -> float:
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


# A separator between a headline and a site name in <title>/og:title: " | ", " - ", " – ", " :: ".
# (Not « »: they are quotation marks in Arabic; not a lone colon: headlines use it.)
_TITLE_SEP = re.compile(r"(\s+(?:[|\-–—•·]|::)\s+|\s*\|\s*|\s*::\s*)")


def _name_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text).replace("www.", ""))


def host_label(url: str) -> str:
    """``https://www.youm7.com/x`` -> ``youm7``."""
    host = (urlsplit(url).hostname or "").lower()
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "ar", "arabic")]
    if len(parts) >= 2:
        parts = parts[:-1]
        if len(parts) >= 2 and parts[-1] in ("com", "co", "net", "org", "gov", "edu"):
            parts = parts[:-1]
    return parts[-1] if parts else ""


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
    keys = [k for k in (_name_key(n) for n in site_names if n) if len(k) >= 2]

    def is_site(seg: str) -> bool:
        key = _name_key(seg)
        return bool(key) and any(key == k or (len(key) >= 3 and (key in k or k in key)) for k in keys)

    lo, hi = 0, len(segments)
    changed = True
    while changed and hi - lo > 1:
        changed = False
        if is_site(segments[hi - 1]):
            hi -= 1
            changed = True
        elif is_site(segments[lo]):
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


# ---------------------------------------------------------------------------------------------
# Classifying elements by tag, class and id
# ---------------------------------------------------------------------------------------------

# Never part of the article text.
_SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "iframe", "frame", "frameset", "template", "svg", "math",
        "canvas", "object", "embed", "video", "audio", "map", "head", "title", "meta", "link",
        "button", "select", "option", "textarea", "input", "label", "dialog", "nav", "menu",
        "aside", "footer", "header", "figure", "figcaption", "picture", "source",
    }
)
# Furniture by tag that broken markup can make hold the article (an unclosed <div> in a <figure>).
_RELAXABLE_TAGS = frozenset({"figure", "figcaption", "picture", "header", "label"})
# Page furniture by tag, also for the date search (an article's own <header> is fine there).
_NOISE_TAGS = frozenset(
    {
        "script", "style", "noscript", "iframe", "template", "svg", "head", "nav", "menu", "aside",
        "footer", "button", "select", "option", "textarea", "dialog",
    }
)
# Containers whose class/id must never exclude them: they are the page or the article itself.
_NEVER_NOISE = frozenset({"html", "body", "main", "article"})

# class/id words of page furniture. A class or id is cut into words (on punctuation, digits stay
# with their word, camelCase split: "relatedNews" -> related, news); a keyword matches a word, or two
# or three consecutive words run together ("read-also" -> readalso, "time_to_read" -> timetoread).
#
# Furniture for everything, the date search included: blocks about other articles or about the site.
_NOISE_ALL_WORDS = frozenset(
    {
        "related", "relatedposts", "relatednews", "comment", "comments", "commentlist", "disqus", "sidebar",
        "sidebars", "widget", "widgets", "footer", "mostread", "mostviewed", "mostpopular", "popular",
        "trending", "recommended", "recommendations", "readalso", "morenews", "morestories", "outbrain",
        "taboola", "navbar", "navigation", "nav", "menu", "ticker", "breaking", "newsticker", "ad", "ads",
        "advert", "adverts", "advertisement", "advertising", "adsbygoogle", "adslot", "adunit", "banner",
        "banners", "newsletter", "clock", "weather", "topbar", "siteheader", "masthead"
    }
)
# Not article text, but may hold the article's date line or byline.
_NOISE_BODY_WORDS = frozenset(
    {
        "share", "shares", "sharing", "sharer", "sharethis", "addthis", "addtoany", "a2a", "social",
        "socials", "breadcrumb", "breadcrumbs", "sponsor", "sponsored", "promo", "promoted", "subscribe",
        "subscription", "tag", "tags", "taglist", "hashtags", "keywords", "readmore", "seealso",
        "pagination", "pager", "authorbio", "prev", "previous", "next", "prevnext", "nextprev", "toolbar",
        "modal", "popup", "cookie", "cookies", "consent", "tweet", "instagram", "tiktok", "fbpost", "embed",
        "embedded", "poll", "rating", "timetoread", "readingtime", "readtime", "caption", "wpcaption",
        "search", "login", "signup", "rss", "copyright", "byline", "meta", "postmeta", "entrymeta",
        "articlemeta", "author", "authors", "writer", "date", "time", "timestamp", "published", "dateline"
    }
)
_WORD_RE = re.compile(r"[A-Z]*[a-z0-9]+|[A-Z]+")
_LAYOUT_TOKEN = re.compile(r"^(?:has|no|with|without|is|show|enable|layout|template|page|single)[-_]")
_HIDDEN_TOKENS = frozenset(
    {"hidden", "hide", "d-none", "u-hide", "invisible", "visually-hidden", "sr-only",
     "screen-reader-text", "is-hidden", "display-none", "hidden-all"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


# Bit flags of an element: not article text / not anything (furniture) / may hold the date line /
# may hold the byline.
NOISE_BODY, NOISE_ALL, HINT_DATE, HINT_AUTHOR = 1, 2, 4, 8
_NOISE_MASK = NOISE_BODY | NOISE_ALL
_DATE_HINT = re.compile(r"date|time|publish|posted|created|stamp|byline|meta|info")
_AUTHOR_HINT = re.compile(r"author|byline|writer|reporter")
_RESPONSIVE = ("d-sm-", "d-md-", "d-lg-", "d-xl-", "visible-")


@lru_cache(maxsize=8192)
def _attr_flags(value: str) -> int:
    """Flags of one class or id attribute value."""
    low = value.lower()
    flags = 0
    if _DATE_HINT.search(low):
        flags |= HINT_DATE
    if _AUTHOR_HINT.search(low):
        flags |= HINT_AUTHOR
    tokens = [t for t in value.split() if not _LAYOUT_TOKEN.match(t.lower())]
    if not tokens:
        return flags
    lowered = [t.lower() for t in tokens]
    if any(t in _HIDDEN_TOKENS for t in lowered) and not any(t.startswith(_RESPONSIVE) for t in lowered):
        return flags | NOISE_ALL
    words: set[str] = set()
    for token in tokens:
        parts = [w.lower() for w in _WORD_RE.findall(token)]
        words.update(parts)
        for k in range(len(parts) - 1):
            words.add(parts[k] + parts[k + 1])
            if k + 2 < len(parts):
                words.add(parts[k] + parts[k + 1] + parts[k + 2])
    if not words.isdisjoint(_NOISE_ALL_WORDS):
        return flags | NOISE_ALL
    if not words.isdisjoint(_NOISE_BODY_WORDS):
        return flags | NOISE_BODY
    return flags


def element_flags(el: etree._Element, relaxed: bool = False) -> int:
    """The :data:`NOISE_BODY` / :data:`NOISE_ALL` / hint flags of ``el`` from tag, class, id, style.

    ``relaxed``: ``<figure>``, ``<header>`` and the like are not furniture by their tag alone (for
    broken markup, where an unclosed element swallows the article text).
    """
    tag = el.tag
    if tag.__class__ is not str:  # comment, processing instruction
        return NOISE_ALL
    if tag in _NOISE_TAGS:
        return NOISE_ALL
    flags = NOISE_BODY if tag in _SKIP_TAGS and not (relaxed and tag in _RELAXABLE_TAGS) else 0
    for key, value in el.items():  # one call for all attributes: cheaper than several get()s
        if key == "class" or key == "id":
            if value:
                flags |= _attr_flags(value)
        elif key == "style":
            if value and ("none" in value or "hidden" in value) and _HIDDEN_STYLE.search(value):
                flags |= NOISE_ALL
        elif key == "hidden" or (key == "aria-hidden" and value == "true"):
            flags |= NOISE_ALL
    if tag in _NEVER_NOISE:
        flags &= ~_NOISE_MASK
    return flags


def noise_level(el: etree._Element) -> int:
    """How much of page furniture ``el`` is: 0 keep, 1 not article text, 2 not anything."""
    flags = element_flags(el)
    return 2 if flags & NOISE_ALL else (flags & NOISE_BODY)


# ---------------------------------------------------------------------------------------------
# Paragraphs of a block
# ---------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tbody", "thead", "tfoot", "tr", "td",
        "th", "caption", "figure", "figcaption", "header", "footer", "address", "center", "hr",
        "form", "fieldset", "legend", "details", "summary", "body", "html", "aside", "nav",
    }
)
# Elements whose own text is a paragraph of their parent (for scoring).
_PARA_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dd"})

# Lines that are page furniture even inside the article block. Anchored ones are tried with
# match() (cheap); the unanchored ones only when a cheap substring test says they may apply.
_BOILERPLATE_START = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            # share / print / follow calls
            r"(?:تابعونا|تابعوا|تابعنا|follow us|انشر|share|tweet|print|طباعة|اطبع|نسخ الرابط|copy link)"
            r"\b.{0,60}$",
            r"(?:شارك|شاركها|شاركه|مشاركة|المشاركة|ارسل|أرسل|حفظ)"
            r"(?:\s*(?:على|عبر|via|on|this|الخبر|المقال|هذا|هذه|الموضوع|الصفحة|مع)\b.{0,30})?\s*:?$",
            r"(?:التالي|السابق|الخبر التالي|الخبر السابق|المقال التالي|المقال السابق|next|previous|prev)"
            r"\s*:?$",
            READ_ALSO.pattern,
            r"(?:أخبار|اخبار|مواضيع|مقالات|موضوعات)\s+(?:ذات\s+صلة|متعلقة|مشابهة)\s*:?$",
            r"(?:الأكثر|الاكثر)\s+(?:قراءة|مشاهدة|تداولا|تداولاً)\s*:?$",
            # comment forms and tag lists
            r"(?:إضافة|اضافة|أضف|اضف|اترك|أترك|اكتب)\s+(?:تعليق|تعليقا|تعليقاً|رد|ردا)",
            r"(?:التعليقات|تعليقات|comments?|تعليقات الفيسبوك|الوسوم|وسوم|الكلمات الدالة|"
            r"كلمات دالة|كلمات مفتاحية|الكلمات المفتاحية|tags)\s*:?\s*\S{0,30}$",
        )
    ),
    re.I,
)
# Unanchored ones, tried only when the cheap cue regex finds one of their words (no re.I: slow).
_BOILERPLATE_CUES = re.compile(r"حقوق|[Rr]ights|RIGHTS|[Cc]opyright|COPYRIGHT|©|تعبر|يعبر|تمثل|تعكس")
_BOILERPLATE_ANYWHERE = re.compile(
    r"(?:جميع|كل)\s+الحقوق\s+محفوظة|all rights reserved|copyright\s|©"
    # comment-policy disclaimers
    r"|(?:الآراء|الاراء|التعليقات)\s+(?:الواردة|المنشورة)[^.]{0,80}(?:لا|ليست)\s+(?:تعبر|يعبر|تمثل|تعكس)"
    r"|لا\s+(?:تعبر|يعبر)\s+(?:بالضرورة\s+)?عن\s+(?:رأي|وجهة\s+نظر)\s+(?:الموقع|موقع|الصحيفة|الجريدة)",
    re.I,
)
# A link to the site's own rules: the last path segment is a privacy / terms / guidelines page.
_POLICY_HREF = re.compile(
    r"(?:^|/)(?:privacy|terms|community[-_]?guidelines|guidelines|disclaimer|usage[-_]?policy|cookie)"
    r"[\w-]*(?:\.\w+)?/?(?:[?#]|$)",
    re.I,
)


def is_boilerplate(line: str) -> bool:
    if not _LETTER.search(line):
        return True
    if len(line) > 300:
        return False
    if _BOILERPLATE_START.match(line):
        return True
    # copyright lines and disclaimers are short; long lines are article text
    return len(line) <= 200 and _BOILERPLATE_CUES.search(line) is not None and (
        _BOILERPLATE_ANYWHERE.search(line) is not None
    )


class _LineCollector:
    """Turns a subtree into lines: one per paragraph-level block, and one per ``<br>`` break."""

    __slots__ = ("buf", "lines", "skip")

    def __init__(self, skip: Callable[[etree._Element], bool]) -> None:
        self.buf: list[str] = []
        self.lines: list[str] = []
        self.skip = skip

    def flush(self) -> None:
        buf = self.buf
        if buf:
            text = buf[0] if len(buf) == 1 else "".join(buf)
            buf.clear()
            if not text.isspace():
                text = " ".join(text.split())
                if text:
                    self.lines.append(text)

    def walk(self, el: etree._Element, top: bool = False) -> None:
        buf = self.buf
        tag = el.tag
        if tag.__class__ is not str:  # comment, processing instruction
            if el.tail:
                buf.append(el.tail)
            return
        if not top and self.skip(el):
            if tag in _BLOCK_TAGS:
                self.flush()
            elif tag == "img" or tag == "br":
                buf.append(" ")
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "br":
            self.flush()
        elif tag in _BLOCK_TAGS:
            if buf:
                self.flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                self.walk(child)
            if buf:
                self.flush()
        else:
            if el.text:
                buf.append(el.text)
            for child in el:
                self.walk(child)
        if not top:
            tail = el.tail
            if tail:
                buf.append(tail)


def _policy_paragraph(el: etree._Element) -> bool:
    """A paragraph linking to the site's policies: a comment or usage disclaimer."""
    if el.tag == "p" and len(el):
        for a in el.iter("a"):
            href = a.get("href")
            if href and _POLICY_HREF.search(href):
                return True
    return False


_LINK_CHECKED = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "div", "span"})


def _link_paragraph(el: etree._Element) -> bool:
    """A short paragraph or list item that is mostly a link: "read also" lists inside the body."""
    if el.tag not in _LINK_CHECKED or not len(el):
        return False
    linked = 0
    for a in el.iter("a"):
        linked += len(element_text(a).strip())
    if not linked:
        return False
    total = len(element_text(el).strip())
    return total < 200 and linked > 0.7 * total


def _skip_in_text(el: etree._Element) -> bool:
    """Paragraph-level elements left out of the article text whatever their class."""
    return _policy_paragraph(el) or _link_paragraph(el)


def _default_skip(el: etree._Element) -> bool:
    return el.tag == "h1" or bool(element_flags(el) & _NOISE_MASK) or _skip_in_text(el)


def text_lines(
    elements: etree._Element | list[etree._Element] | tuple[etree._Element, ...],
    headline: str | None = None,
    skip: Callable[[etree._Element], bool] | None = None,
) -> list[str]:
    """The article paragraphs under ``elements`` (one element or several, in order).

    Furniture subtrees (see :func:`noise_level`), ``<h1>`` and boilerplate lines are left out, as is
    any line equal to ``headline``.
    """
    if not isinstance(elements, (list, tuple)):
        elements = [elements]
    collector = _LineCollector(skip or _default_skip)
    for el in elements:
        collector.walk(el, top=True)
        collector.flush()
    head_key = fold(headline) if headline else None
    head_len = len(headline) if headline else 0
    out: list[str] = []
    for line in collector.lines:
        if is_boilerplate(line):
            continue
        if head_key and abs(len(line) - head_len) <= 0.3 * head_len + 5 and fold(line) == head_key:
            continue
        if out and out[-1] == line:
            continue
        out.append(line)
    return out


# ---------------------------------------------------------------------------------------------
# Dates in visible text
# ---------------------------------------------------------------------------------------------

# Pages spell month names with or without hamza, teh marbuta and alef maksura; the vocabulary is
# the date parser's, matched here on unfolded text so that spans index the page's own text.
_SPELLINGS = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ة": "[ةه]", "ه": "[ةه]",
              "ي": "[يى]", "ى": "[يى]", " ": r"\s+"}


def _spelling_pattern(name: str) -> str:
    return "".join(_SPELLINGS.get(c) or re.escape(c) for c in name)


_MONTHS = "|".join(
    sorted(
        {_spelling_pattern(name) for names in (*GREGORIAN_MONTHS.values(), *HIJRI_MONTHS.values()) for name in names}
        | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"},
        key=len,
        reverse=True,
    )
)
_MONTH_RE = re.compile(r"(?<![^\W\d_])(?:" + _MONTHS + r")(?![^\W\d_])", re.I)
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d\s*[-/.]\s*(?:0?[1-9]|1[0-2])\s*[-/.]\s*(?:0?[1-9]|[12]\d|3[01])"  # 2020-08-24
    r"|(?:0?[1-9]|[12]\d|3[01])\s*[-/.]\s*(?:0?[1-9]|1[0-2])\s*[-/.]\s*(?:19|20)?\d\d)(?!\d)"  # 24/08/2020
)
_YEAR = re.compile(r"(?<!\d)(?:19|20|14)\d\d(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[\s,،/.-]*$")
_RELATIVE_RE = re.compile(
    r"(?:منذ|قبل)\s+(?:\d+\s*)?"
    r"(?:ثانية|ثوان|دقيقة|دقائق|دقيقتين|ساعة|ساعتين|ساعات|يوم|يومين|أيام|ايام)"
)
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")


def _date_span(text: str) -> tuple[int, int] | None:
    """Where a date is in ``text`` (digits already ASCII): a numeric date, a month name near a
    year, or a relative date; None when there is none."""
    if _HAS_DIGIT.search(text):
        match = _NUMERIC_DATE.search(text)
        if match:
            return match.span()
        for year in _YEAR.finditer(text):
            lo, hi = max(0, year.start() - 30), year.end() + 20
            month = _MONTH_RE.search(text, lo, hi)
            if month:
                start = min(month.start(), year.start())
                day = _DAY_BEFORE.search(text, max(0, start - 8), start)
                return (day.start() if day else start), max(month.end(), year.end())
    if "منذ" in text or "قبل" in text:
        match = _RELATIVE_RE.search(text)
        if match:
            return match.span()
    return None


_CLOCK = re.compile(
    r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:ص|م|صباحا|صباحًا|صباحاً|مساء|مساءً|مساءا|am|pm|a\.m\.|p\.m\.)"
    r"(?![^\W\d_]))?"
    r"|(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?",
    re.I,
)


def find_date(text: str | None) -> str | None:
    """The date-looking part of ``text``, or None.

    A short date line is returned whole ("الخميس 15:11 04/09/2025"); when the text is long or holds
    other numbers (a view counter, a comment count), only the date and the clock time next to it.
    """
    text = clean_ws(text)
    if not text:
        return None
    ascii_text = to_ascii_digits(text)  # same length: spans index ``text`` too
    span = _date_span(ascii_text)
    if span is None:
        return None
    start, end = span
    rest = _CLOCK.sub(" ", ascii_text[:start] + " " + ascii_text[end:])
    if len(text) <= 90 and not _HAS_DIGIT.search(rest):
        return text
    for clock in _CLOCK.finditer(ascii_text, max(0, start - 25), end + 25):
        start, end = min(start, clock.start()), max(end, clock.end())
    return text[start:end].strip(" ،,|-")


def _has_date(text: str | None) -> bool:
    return bool(text) and _date_span(to_ascii_digits(text)) is not None


# ---------------------------------------------------------------------------------------------
# Images and authors
# ---------------------------------------------------------------------------------------------

_BAD_IMAGE = re.compile(
    r"logo|icon|avatar|sprite|pixel|spacer|blank|placeholder|loading|loader|lazy\.|gravatar|emoji|"
    r"arrow|bread|bullet|separator|"
    r"badge|button|/ads?/|banner|advert|facebook|twitter|whatsapp|telegram|instagram|youtube|"
    r"1x1|transparent|tracking|analytics|\.svg",
    re.I,
)
_IMG_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-srcset", "src", "srcset")
_AUTHOR_PREFIX = re.compile(
    r"^(?:كتب|كتبت|كتبه|كتبها|بقلم|بواسطة|إعداد|اعداد|تقرير|تحرير|حوار|متابعة|ترجمة|المحرر|"
    r"by|written by|author)\s*[:：\-–]?\s*",
    re.I,
)


_MAX_DEPTH = 400  # deeper subtrees are left out of the walk (and Python's recursion limit)
_SCOPE_MIN_TEXT = 600  # an <article> around the headline with less text is only its header
_ARTICLE_BODY_MIN_TEXT = 150  # characters
_EMBEDDED_ARTICLE = 600  # characters
_SHORT_BODY = 100  # characters: a body shorter than this is looked for again with relaxed rules
_DATE_XPATH = etree.XPath(
    "descendant-or-self::time | descendant-or-self::*["
    + " or ".join(
        f"contains(@{attr}, '{word}')"
        for attr in ("class", "id")
        for word in ("date", "Date", "time", "Time", "publish", "Publish", "posted", "created", "meta",
                     "info")
    )
    + "]"
)
_AUTHOR_XPATH = etree.XPath(
    ".//h1 | .//a[contains(@rel, 'author')] | .//*["
    + " or ".join(
        f"contains(@{attr}, '{word}')"
        for attr in ("class", "id")
        for word in ("author", "Author", "byline", "Byline", "writer", "Writer", "reporter")
    )
    + "]"
)
_ITEMPROP_XPATH = etree.XPath("//@itemprop")  # attribute nodes: much faster than //*[@itemprop]
_INDEX_TAGS = ("meta", "link", "title", "script", "h1")
_page_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def page_index(root: etree._Element) -> dict[str, list]:
    """The page's ``meta``, ``link``, ``title``, ``script`` and ``h1`` elements in document order,
    and its ``itemprop`` attributes, found in one pass over the tree and shared by every layer
    that works on the same parsed page (the cache lives as long as the tree's root element)."""
    try:
        index = _page_indexes.get(root)
    except TypeError:  # a plain XML element cannot be weakly referenced: no sharing then
        index = None
    if index is None:
        index = {tag: [] for tag in _INDEX_TAGS}
        for el in root.iter(*_INDEX_TAGS):
            index[el.tag].append(el)
        index["itemprop"] = [(value.lower().split(), value.getparent()) for value in _ITEMPROP_XPATH(root)]
        with contextlib.suppress(TypeError):  # a plain XML element cannot be weakly referenced
            _page_indexes[root] = index
    return index


def meta_map(root: etree._Element) -> dict[str, list[str]]:
    """``<meta>`` contents by ``property`` / ``name`` (lower case), in document order; shared like
    :func:`page_index`."""
    index = page_index(root)
    found = index.get("meta_map")
    if found is None:
        found = index["meta_map"] = {}
        for meta in index["meta"]:
            content = meta.get("content")
            if content is None or not content.strip():
                continue
            content = content.strip()
            for attr in ("property", "name"):
                key = meta.get(attr)
                if key:
                    found.setdefault(key.strip().lower(), []).append(content)
    return found


def itemprop_elements(root: etree._Element, *props: str) -> list:
    """Elements whose ``itemprop`` (any of its names, lower case) is one of ``props``; all when
    ``props`` is empty. In document order."""
    return [el for names, el in page_index(root)["itemprop"] if not props or any(n in props for n in names)]


def _texts_in(el: etree._Element) -> Iterator[tuple[str, etree._Element | None]]:
    """(text, element holding it) of ``el``'s subtree in document order, furniture left out, then
    ``el``'s tail."""
    if not element_flags(el) & NOISE_ALL:
        if el.text:
            yield el.text, el
        for child in el:
            yield from _texts_in(child)
    if el.tail:
        yield el.tail, el.getparent()


def texts_after(el: etree._Element, limit: int = 40) -> Iterator[tuple[str, etree._Element | None]]:
    """The first ``limit`` non-blank texts after ``el`` (not inside it) in document order, with the
    element holding each; furniture subtrees are left out."""
    count = 0
    node = el
    while node is not None and node.tag != "body":
        tail = node.tail
        if tail and not tail.isspace():
            yield tail, node.getparent()
            count += 1
        for sibling in node.itersiblings():
            for text, holder in _texts_in(sibling):
                if not text.isspace():
                    yield text, holder
                    count += 1
                    if count >= limit:
                        return
        node = node.getparent()


# Links in a byline block that name a section, not a person.
_CATEGORY_LINK = re.compile(r"/(?:category|categories|cat|section|sections|tag|tags|topic|topics)/", re.I)
_CATEGORY_CLASS = re.compile(r"categor|section|(?<![a-z])tags?(?![a-z])", re.I)


def _section_link(a: etree._Element) -> bool:
    """A byline link that names a section, not a person."""
    if _CATEGORY_LINK.search(a.get("href") or ""):
        return True
    described = " ".join(filter(None, (a.get("class"), a.get("id"))))
    return bool(described) and _CATEGORY_CLASS.search(described) is not None


def strip_author(text: str | None) -> str | None:
    text = clean_ws(text)
    prev = None
    while text and text != prev:
        prev = text
        text = _AUTHOR_PREFIX.sub("", text).strip(" :|-–—،,")
    return text or None


def _int_attr(el: etree._Element, name: str) -> int | None:
    value = el.get(name)
    if value:
        m = re.match(r"\s*(\d+)", value)
        if m:
            return int(m.group(1))
    return None


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


# ---------------------------------------------------------------------------------------------
# The layer
# ---------------------------------------------------------------------------------------------


def _enclosing_block(node: etree._Element, stop_tags: tuple[str, ...]) -> etree._Element:
    """The ancestor up to three levels above ``node``: the first ``stop_tags`` element, else the
    third parent, never ``<body>`` itself."""
    for _ in range(3):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
        if node.tag in stop_tags:
            break
    return node


class _Block:
    __slots__ = ("direct", "el", "link", "parent", "text", "total")

    def __init__(self, el: etree._Element, parent: _Block | None) -> None:
        self.el = el
        self.parent = parent
        self.text = 0  # length of the text directly in this block (not in child blocks)
        self.link = 0  # ... of which inside links
        self.direct = 0.0  # score: its paragraphs' text, and half of its grandchildren's
        self.total = 0.0  # all paragraph text in the subtree


class _Scan:
    """What one walk over the page found."""

    __slots__ = ("articles", "authors", "blocks", "dates", "flags", "order")

    def __init__(self) -> None:
        self.flags: dict = {}  # element -> its flags (protection applied), for every element seen
        self.blocks: dict = {}  # element -> _Block, for blocks outside furniture
        self.articles: list = []  # <article> elements
        self.dates: list = []  # (order, element): <time> and elements whose class/id hint a date
        self.authors: list = []  # (order, element): rel=author links, class/id author/byline
        self.order: dict = {}  # h1 element -> order


class HeuristicLayer:
    name = "heuristic"
    fields = frozenset({"headline", "body", "date_published", "image_url", "image_caption", "authors"})

    def __init__(self, sel: Selector, url: str, site_names: tuple[str, ...] = ()) -> None:
        self.sel = sel
        self.url = url
        self.root = sel.root
        self.known_names = site_names

    # -- shared page facts ---------------------------------------------------------------------

    @cached_property
    def _index(self) -> dict[str, list]:
        return page_index(self.root)

    @cached_property
    def _meta(self) -> dict[str, str]:
        return {key: values[0] for key, values in meta_map(self.root).items()}

    @cached_property
    def _title(self) -> str | None:
        for title in self._index["title"]:
            text = clean_ws(element_text(title))
            if text:
                return text
        return None

    @cached_property
    def _site_names(self) -> list[str]:
        meta = self._meta
        names = [meta.get("og:site_name"), meta.get("application-name"), meta.get("twitter:site", "")]
        names.append(host_label(self.url))
        names.extend(self.known_names)
        return [n.lstrip("@") for n in names if n]

    @cached_property
    def _headline_h1(self) -> tuple[etree._Element | None, str | None]:
        """(element, text) of the <h1> that is the headline, or (None, None)."""
        h1s = []
        for h1 in self._index["h1"]:
            text = clean_ws(element_text(h1))
            if text and _LETTER.search(text):
                h1s.append((h1, text))
        if not h1s:
            return None, None
        refs = [r for r in (self._meta.get("og:title"), self._meta.get("twitter:title"), self._title) if r]
        if refs:
            ref_words = [_word_set(r) for r in dict.fromkeys(refs)]
            best, best_score = (None, None), 0.0
            for h1, text in h1s:
                words = _word_set(text)
                score = max(_dice(words, ref) for ref in ref_words)
                if score > best_score:
                    best, best_score = (h1, text), score
            return best if best_score >= 0.5 else (None, None)
        # no reference: the first h1 that is a sentence and not furniture
        for h1, text in h1s:
            if len(text.split()) >= 3 and not any(element_flags(a) & NOISE_ALL for a in h1.iterancestors()):
                return h1, text
        return None, None

    # -- headline ------------------------------------------------------------------------------

    def headline(self) -> str | None:
        text = self._headline_h1[1]
        if text:
            return text
        title = self._title or clean_ws(self._meta.get("og:title"))
        return strip_site_name(title, self._site_names, guess=True)

    # -- one walk over the page ----------------------------------------------------------------

    @cached_property
    def _article_body_elements(self) -> list:
        return [el for el in itemprop_elements(self.root, "articlebody") if el.tag != "meta"]

    @cached_property
    def _protected(self) -> set:
        """Elements never treated as furniture: the containers of the headline and of the body.

        A class such as ``content-with-sidebar`` on the page wrapper must not hide the article.
        """
        keep = set()
        h1 = self._headline_h1[0]
        if h1 is not None:
            # from the grandparent up: the h1's own header block stays furniture for the body
            keep.update(list(h1.iterancestors())[1:])
        for el in self._article_body_elements:
            keep.add(el)
            keep.update(el.iterancestors())
        return keep

    @cached_property
    def _scope(self) -> etree._Element:
        """Where the article is looked for: the ``<article>`` (or ``<main>``) that holds the headline
        when it holds some text besides, else the whole page."""
        h1 = self._headline_h1[0]
        if h1 is not None:
            for anc in h1.iterancestors():
                if anc.tag in ("article", "main"):
                    if len(element_text(anc)) - len(element_text(h1)) >= _SCOPE_MIN_TEXT:
                        return anc
                    break
        return self.root

    @cached_property
    def _scan(self) -> _Scan:
        scan = self._walk(self._scope)
        if self._scope is not self.root and max((b.direct for b in scan.blocks.values()), default=0) < 300:
            scan = self._page_scan  # the article element holds little text: the body is elsewhere
        return scan

    @cached_property
    def _page_scan(self) -> _Scan:
        scan = self.__dict__.get("_scan")
        if scan is not None and self._scope is self.root:
            return scan
        return self._walk(self.root)

    def _walk(self, start: etree._Element, relaxed: bool = False) -> _Scan:
        """Walk ``start``'s subtree once: score blocks by paragraph text, collect date and byline
        candidates.

        Furniture subtrees (:data:`NOISE_ALL`) are skipped entirely; the text of
        :data:`NOISE_BODY` subtrees (article header, byline, tag list, figure...) is not scored,
        but their date and byline candidates are collected.
        """
        scan = _Scan()
        blocks, dates, authors, seen = scan.blocks, scan.dates, scan.authors, scan.flags
        articles = scan.articles
        protected = self._protected
        order = 0

        def visit(parent: etree._Element, top: _Block | None, in_link: bool, quiet: bool, depth: int) -> None:
            nonlocal order
            for el in parent:
                tag = el.tag
                if tag.__class__ is str:
                    order += 1
                    flags = element_flags(el, relaxed)
                    if flags & _NOISE_MASK and el in protected:
                        flags &= ~_NOISE_MASK
                    seen[el] = flags
                    if not flags & NOISE_ALL and depth < _MAX_DEPTH:
                        if flags & HINT_DATE or tag == "time":
                            dates.append((order, el))
                        if flags & HINT_AUTHOR or (tag == "a" and "author" in (el.get("rel") or "")):
                            authors.append((order, el))
                        if tag == "h1":
                            scan.order[el] = order
                            flags |= NOISE_BODY
                        elif tag == "article":
                            articles.append(el)
                        if quiet or flags & NOISE_BODY:
                            visit(el, None, False, True, depth + 1)
                        elif tag in _BLOCK_TAGS:
                            block = _Block(el, top)
                            blocks[el] = block
                            text = el.text
                            if text:
                                block.text = len(text.strip())
                                if in_link:
                                    block.link = block.text
                            visit(el, block, in_link, False, depth + 1)
                            value = block.text - block.link
                            if block.link * 2 > block.text:
                                value = 0
                            if tag in _PARA_TAGS:
                                if top is not None:
                                    top.direct += value
                                    if top.parent is not None:
                                        top.parent.direct += value / 2
                            elif value >= 20:
                                block.direct += value
                            block.total += value
                            if top is not None:
                                top.total += block.total
                        else:
                            link = in_link or tag == "a"
                            text = el.text
                            if text and top is not None:
                                n = len(text.strip())
                                top.text += n
                                if link:
                                    top.link += n
                            visit(el, top, link, False, depth + 1)
                if not quiet and top is not None:
                    tail = el.tail
                    if tail:
                        n = len(tail.strip())
                        top.text += n
                        if in_link:
                            top.link += n

        top = _Block(start, None)
        blocks[start] = top
        if start.tag == "article":
            articles.append(start)
        visit(start, top, False, False, 0)
        return scan

    # -- main content --------------------------------------------------------------------------

    def _skip(self, el: etree._Element, scan: _Scan | None = None, relaxed: bool = False) -> bool:
        """For :func:`text_lines`: leave ``el`` out of the article text?"""
        if el.tag == "h1":
            return True
        if scan is None:
            scan = self.__dict__.get("_scan")
        flags = scan.flags.get(el) if scan is not None else None
        if flags is None:
            flags = element_flags(el, relaxed)
            if flags & _NOISE_MASK and el in self._protected:
                flags &= ~_NOISE_MASK
        if flags & _NOISE_MASK:
            return True
        if el.tag == "article" and len(element_text(el)) < _EMBEDDED_ARTICLE:
            return True  # a short <article> inside the article text: a card for another story
        return _skip_in_text(el)

    @staticmethod
    def _inside(el: etree._Element, container: etree._Element | None) -> bool:
        if container is None:
            return True
        return any(a is container for a in el.iterancestors())

    @cached_property
    def _body_roots(self) -> list:
        # 1. microdata articleBody, when it holds some text and is not in page furniture
        for el in self._article_body_elements:
            if len(clean_ws(element_text(el))) >= _ARTICLE_BODY_MIN_TEXT and not any(
                element_flags(a) & NOISE_ALL for a in el.iterancestors()
            ):
                return [el]
        return self._roots_from(self._scan)

    def _roots_from(self, scan: _Scan) -> list:
        """The main-content blocks of one walk."""
        blocks = scan.blocks
        if not blocks:
            return []
        ranked = sorted(blocks.values(), key=lambda b: b.direct, reverse=True)
        best_direct = ranked[0].direct
        if best_direct <= 0:
            return []
        # 2. the best <article> as the search scope (the innermost when nested with the same text)
        scope = None
        if scan.articles:
            arts = [a for a in scan.articles if a in blocks]
            arts.sort(key=lambda a: blocks[a].total, reverse=True)
            if arts:
                scope = arts[0]
                for art in arts[1:]:
                    if blocks[art].total >= 0.8 * blocks[scope].total and self._inside(art, scope):
                        scope = art
                if blocks[scope].total < max(150, 0.5 * best_direct):
                    scope = None
        # 3. the block with the best text-density score inside the scope
        best = None
        for block in ranked[:60]:
            if block.direct <= 0:
                break
            if block.el is scope or self._inside(block.el, scope):
                best = block
                break
        if best is None:
            return [scope] if scope is not None else []
        # 4. sibling blocks that carry on the text (an article split over several containers)
        parent = best.el.getparent()
        if parent is None:
            return [best.el]
        roots = []
        threshold = max(80, 0.2 * best.total)
        for child in parent:
            if child is best.el:
                roots.append(child)
                continue
            block = blocks.get(child)
            if block is not None and block.total >= threshold and block.link * 3 < max(block.text, 1):
                roots.append(child)
        return roots

    @cached_property
    def _body(self) -> list[str]:
        headline = self._headline_h1[1] or self._meta.get("og:title")
        roots = self._body_roots
        lines = text_lines(roots, headline, skip=self._skip) if roots else []
        if sum(map(len, lines)) < _SHORT_BODY:
            # broken markup? an unclosed element in a <figure> or <header> may hold the text
            scan = self._walk(self.root, relaxed=True)
            roots = self._roots_from(scan)
            if roots:
                relaxed = text_lines(roots, headline, skip=lambda el: self._skip(el, scan, True))
                if sum(map(len, relaxed)) > 2 * sum(map(len, lines)) + _SHORT_BODY:
                    lines = relaxed
        return lines

    def body(self) -> list[str]:
        return list(self._body)

    # -- date ------------------------------------------------------------------------------------

    def _ranked(self, candidates: list, scan: _Scan) -> list:
        """Candidates (order, element) nearest the headline first; after it before before it."""
        h1 = self._headline_h1[0]
        return self._rank_around(candidates, scan.order.get(h1) if h1 is not None else None)

    @staticmethod
    def _rank_around(candidates: list, h1_order: int | None) -> list:
        if h1_order is None:
            return list(candidates)

        def rank(item: tuple[int, etree._Element]) -> int:
            order = item[0]
            return order - h1_order if order > h1_order else (h1_order - order) + 10

        return sorted(candidates, key=rank)

    def date_published(self) -> str | None:
        # 1. date-like elements of the article, nearest the headline
        found = self._date_in(self._scan)
        if found is not None:
            return found
        # 2. a date line right after the headline, whatever its markup
        h1 = self._headline_h1[0]
        if h1 is not None:
            for text, holder in texts_after(h1, 25):
                if len(text) > 150:
                    break  # the article text has started: a date line comes before it
                if len(text) > 100:
                    continue
                value = find_date(text)
                if value and holder is not None and not any(
                    element_flags(a) & NOISE_ALL for a in holder.iterancestors()
                ):
                    return value
        # 3. date-like elements just before or after the headline's <article> (a date line above it)
        scope = self._scope
        if scope is not self.root and self._scan is not self.__dict__.get("_page_scan"):
            before = list(scope.itersiblings(preceding=True))[:3][::-1]
            after = list(scope.itersiblings())[:3]
            nodes = [el for sib in before for el in _DATE_XPATH(sib)]
            h1_order = len(nodes)
            nodes += [el for sib in after for el in _DATE_XPATH(sib)]
            found = [
                (order if order < h1_order else order + 1, el)
                for order, el in enumerate(nodes)
                if el.tag != "h1" and not any(element_flags(a) & NOISE_ALL for a in (el, *el.iterancestors()))
            ]
            return self._date_in(found, h1_order)
        return None

    def _date_in(self, candidates: _Scan | list[tuple[int, etree._Element]], h1_order: int | None = None) -> str | None:
        """The best date among candidates: a walk, or (order, element) pairs ranked around
        ``h1_order``."""
        if isinstance(candidates, _Scan):
            scan, candidates = candidates, candidates.dates
            ranked = self._ranked(candidates, scan)
        else:
            ranked = self._rank_around(candidates, h1_order)
        values: dict = {}

        def value_of(el: etree._Element) -> tuple[str | None, bool, bool]:
            if el not in values:
                machine, value, short = False, None, True
                if el.tag == "time":
                    attr = el.get("datetime") or el.get("content")
                    machine = _has_date(attr)
                    value = clean_ws(attr) if machine else find_date(element_text(el))
                else:
                    text = element_text(el)
                    if len(text) <= 400:
                        value = find_date(text)
                        short = len(clean_ws(text)) <= 100
                values[el] = (value, machine, short)
            return values[el]

        members = {el for _, el in candidates}
        for _, el in ranked[:40]:
            if not value_of(el)[0]:
                continue
            # nested candidates: a machine-readable <time> first, then the outermost short date
            # line, else the innermost date inside a long meta block
            group = [a for a in el.iterancestors() if a in members][::-1]
            group.append(el)
            group += [d for d in el.iterdescendants() if d in members]
            valid = [g for g in group if value_of(g)[0]]
            machine = [g for g in valid if value_of(g)[1]]
            if machine:
                return value_of(machine[0])[0]
            short = [g for g in valid if value_of(g)[2]]
            return value_of(short[0] if short else valid[-1])[0]
        return None

    # -- image -----------------------------------------------------------------------------------

    @cached_property
    def _headline_region(self) -> etree._Element | None:
        """The block around the headline: its ``<article>``/``<main>``, else the ``<h1>``'s ancestor
        three levels up (never ``<body>``); None without a headline ``<h1>``."""
        h1 = self._headline_h1[0]
        if h1 is None:
            return None
        if self._scope is not self.root:
            return self._scope
        return _enclosing_block(h1, ("article", "main"))

    def _image_scopes(self) -> Iterator[etree._Element]:
        """Where to look for the main image, nearest first; the main-content search runs only when
        the headline gives no region (or the region has no image)."""
        region = self._headline_region
        if region is not None:
            yield region
        for start in self._body_roots:
            node = _enclosing_block(start, ("article",))
            if node is not region:
                yield node

    @cached_property
    def _image(self) -> tuple[str | None, str | None]:
        for scope in self._image_scopes():
            for img in scope.iter("img"):
                src = image_src(img)
                if not src or _BAD_IMAGE.search(src):
                    continue
                described = " ".join(filter(None, (img.get("class"), img.get("id"), img.get("alt"))))
                if described and _BAD_IMAGE.search(described):
                    continue
                width, height = _int_attr(img, "width"), _int_attr(img, "height")
                if (width is not None and width < 150) or (height is not None and height < 100):
                    continue
                if src.lower().split("?")[0].endswith(".gif") and width is None:
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
                return urljoin(self.url, src), caption
        return None, None

    def image_url(self) -> str | None:
        return self._image[0]

    def image_caption(self) -> str | None:
        return self._image[1]

    # -- authors ---------------------------------------------------------------------------------

    def _author_candidates(self) -> tuple[list, _Scan | None]:
        """Byline candidates (order, element) and the walk they come from (None: a direct search of
        the headline's region, in document order with the ``<h1>`` itself as a member)."""
        scan = self.__dict__.get("_scan")
        region = self._headline_region
        if scan is None and region is not None:
            found = []
            for order, el in enumerate(_AUTHOR_XPATH(region)):
                if el.tag == "h1" or el.tag == "a" or element_flags(el) & HINT_AUTHOR:
                    found.append((order, el))
            return found, None
        scan = self._scan
        return scan.authors, scan

    def authors(self) -> list[str]:
        h1 = self._headline_h1[0]
        scope = None
        if h1 is not None:
            scope = next((a for a in h1.iterancestors() if a.tag in ("article", "main")), None)
        candidates, scan = self._author_candidates()
        if scan is None:
            h1_order = next((o for o, el in candidates if el is h1), None)
            candidates = [c for c in candidates if c[1].tag != "h1"]
            ranked = self._rank_around(candidates, h1_order)
        else:
            ranked = self._ranked(candidates, scan)
        section = fold(self._meta.get("article:section"))
        for _, node in ranked[:20]:
            if scope is not None and not self._inside(node, scope):
                continue
            if any(element_flags(a) & NOISE_ALL for a in (node, *node.iterancestors())):
                continue
            links = [a for a in node.iter("a") if clean_ws(element_text(a))]  # iter() includes node
            names = [element_text(a) for a in links if not _section_link(a)]
            if not links:
                names = [element_text(node)]
            out: list[str] = []
            for name in names:
                name = strip_author(name)
                if not name or len(name) > 60 or not _LETTER.search(name) or _has_date(name):
                    continue
                if section and fold(name) == section:
                    continue
                if name not in out:
                    out.append(name)
            if out:
                return out
        return []

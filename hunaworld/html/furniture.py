"""Page furniture: what sits among an article's paragraphs or around it but is not article text.

Elements are classified by tag and by the words of their class and id (navigation, sidebars, share
bars, related and most-read lists, comments, ads, hidden elements); lines of text by their words
(share calls, tag lists, copyright lines, comment-policy disclaimers); paragraphs by their links
(a "read also" cross-link, a link to the site's policies).
"""

from __future__ import annotations

import re

from lxml import etree

from hunaworld.html.dom import LETTER, element_text
from hunaworld.text.arabic import fold

# "Read also: <link to another article>": a cross-link between paragraphs, never article text.
READ_ALSO = re.compile(r"(?:اقرأ|إقرأ|اقرا|إقرا|طالع|شاهد)\s*(?:أيضا|أيضاً|ايضا|ايضاً|المزيد|كذلك)\b"
                       r"|(?:read also|read more|see also|related)\b", re.I)

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
        "articlemeta", "author", "authors", "writer", "date", "time", "timestamp", "published", "dateline",
        "player", "videoplayer", "jwplayer", "gallery", "slideshow", "carousel",
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
NOISE_MASK = NOISE_BODY | NOISE_ALL
_DATE_HINT = re.compile(r"date|time|publish|posted|created|stamp|byline|meta|info")
_AUTHOR_HINT = re.compile(r"author|byline|writer|reporter")
_RESPONSIVE = ("d-sm-", "d-md-", "d-lg-", "d-xl-", "visible-")


def _class_words(tokens: list[str]) -> set[str]:
    """The words of class or id tokens, and runs of two or three of them ("read-also" -> readalso)."""
    words: set[str] = set()
    for token in tokens:
        parts = [w.lower() for w in _WORD_RE.findall(token)]
        words.update(parts)
        for k in range(len(parts) - 1):
            words.add(parts[k] + parts[k + 1])
            if k + 2 < len(parts):
                words.add(parts[k] + parts[k + 1] + parts[k + 2])
    return words


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
    words = _class_words(tokens)
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
        flags &= ~NOISE_MASK
    return flags


# Blocks about other articles or about the site. Inside the article's own element, these are all that
# is left out when looking for its tags or its update line, which sit in its own footer or meta block.
_OTHER_CONTENT_TAGS = frozenset({"aside", "nav", "menu", "script", "style", "template"})
_OTHER_CONTENT_WORDS = frozenset(
    {
        "related", "relatedposts", "relatednews", "comment", "comments", "commentlist", "sidebar", "widget",
        "widgets", "mostread", "mostviewed", "mostpopular", "popular", "trending", "recommended", "readalso",
        "morenews", "morestories", "outbrain", "taboola", "navbar", "navigation", "nav", "menu", "ticker",
        "breaking", "newsticker", "sitefooter", "siteheader", "masthead",
    }
)


def _about_others(value: str) -> bool:
    return not _class_words(value.split()).isdisjoint(_OTHER_CONTENT_WORDS)


def other_content(el: etree._Element) -> bool:
    """Whether ``el`` is a block about other articles or the site: related, most read, comments,
    sidebars, navigation, the ticker, the site's header or footer."""
    if el.tag.__class__ is not str or el.tag in _OTHER_CONTENT_TAGS:
        return True
    return any(_about_others(value) for key, value in el.items() if key in ("class", "id") and value)


# The label heading a block that lists other articles than the page's own (compared folded): a
# rail ("الأكثر قراءة", any "الأكثر ..."), a related or "read also" list, a "you may like" box.
_RAIL_LABEL = re.compile(
    r"^\W*(?:الاكثر\s+\S+|(?:اقرا|طالع|شاهد)\s*(?:ايضا|كذلك)"
    r"|(?:اخبار|مواضيع|مقالات|موضوعات|قصص|تقارير)?\s*(?:ذات\s+صله|متعلقه|مشابهه)"
    r"|قد\s+(?:يهمك|يعجبك|تهمك)|اخترنا\s+لك|لا\s+تفوتك|ننصحك|مختارات"
    r"|most\s+(?:read|viewed|popular|shared)|related(?:\s+\w+)?|read\s+(?:also|more)|trending(?:\s+\w+)?"
    r"|you\s+may\s+(?:also\s+)?like)\W*$",
    re.I,
)
_RAIL_LABEL_MAX = 40  # characters: a label, not a sentence
# A card paid for by an advertiser: by the words of its class or id, or the label it shows.
_SPONSORED_WORDS = frozenset({"sponsor", "sponsored", "sponsoredpost", "promo", "promoted", "advertorial",
                              "paidcontent", "partnercontent", "nativead"})
_SPONSORED_LABEL = re.compile(
    r"^\W*(?:محتوي\s+)?(?:ممول|مدفوع|برعايه|اعلان|اعلاني|ترويجي)\W*$"
    r"|^\W*(?:sponsored|promoted|advertisement|paid content|partner content)\W*$",
    re.I,
)


def rail_block(el: etree._Element) -> bool:
    """Whether ``el`` is a block headed by a rail's label ("الأكثر قراءة", "اقرأ أيضاً", "ذات صلة"):
    its first child says the links below are not the page's own list."""
    first = next(el.iterchildren(etree.Element), None)
    if first is None:
        return False
    label = element_text(first)
    return len(label) <= 2 * _RAIL_LABEL_MAX and _rail_label(" ".join(label.split()))


def _rail_label(text: str) -> bool:
    return len(text) <= _RAIL_LABEL_MAX and _RAIL_LABEL.match(fold(text)) is not None


def _sponsored_attr(value: str) -> bool:
    return not _class_words(value.split()).isdisjoint(_SPONSORED_WORDS)


def sponsored(el: etree._Element) -> bool:
    """Whether ``el`` is marked as paid for: ``rel="sponsored"``, or sponsor words in its class or id."""
    if "sponsored" in (el.get("rel") or ""):
        return True
    return any(_sponsored_attr(value) for key, value in el.items() if key in ("class", "id") and value)


def sponsored_name(name: str) -> bool:
    """Whether a name (a class, a key, a one-word value: ``is_sponsored``, ``advertorial``) says
    "paid for", by the same words as a card's class."""
    return _sponsored_attr(name)


def sponsored_label(text: str) -> bool:
    """Whether a short text is a sponsored-content label ("محتوى مموّل", "برعاية", "إعلان")."""
    return len(text) <= _RAIL_LABEL_MAX and _SPONSORED_LABEL.match(fold(text)) is not None


def noise_level(el: etree._Element) -> int:
    """How much of page furniture ``el`` is: 0 keep, 1 not article text, 2 not anything."""
    flags = element_flags(el)
    return 2 if flags & NOISE_ALL else (flags & NOISE_BODY)

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
            # a labelled list of tags: "الوسوم: مصارف - تحويلات - المغتربون"
            r"(?:الوسوم|وسوم|الكلمات الدالة|كلمات دالة|كلمات مفتاحية|الكلمات المفتاحية|tags|keywords)\s*[:：].{0,150}$",
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
    """A line of text that is page furniture wherever it stands: no letter, a share or follow call,
    a "read also" or tag-list label, a copyright line, a comment-policy disclaimer."""
    if not LETTER.search(line):
        return True
    if len(line) > 300:
        return False
    if _BOILERPLATE_START.match(line):
        return True
    # copyright lines and disclaimers are short; long lines are article text
    return len(line) <= 200 and _BOILERPLATE_CUES.search(line) is not None and (
        _BOILERPLATE_ANYWHERE.search(line) is not None
    )

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


def furniture_paragraph(el: etree._Element) -> bool:
    """A paragraph-level element left out of the article text whatever its class: a policy
    disclaimer, or a short paragraph that is mostly a link."""
    return _policy_paragraph(el) or _link_paragraph(el)

# Links in a byline block that name a section, not a person.
_CATEGORY_LINK = re.compile(r"/(?:category|categories|cat|section|sections|tag|tags|topic|topics)/", re.I)
_CATEGORY_CLASS = re.compile(r"categor|section|(?<![a-z])tags?(?![a-z])", re.I)


def section_link(a: etree._Element) -> bool:
    """A byline link that names a section, not a person."""
    if _CATEGORY_LINK.search(a.get("href") or ""):
        return True
    described = " ".join(filter(None, (a.get("class"), a.get("id"))))
    return bool(described) and _CATEGORY_CLASS.search(described) is not None


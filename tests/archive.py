"""Small archives for the analysis tests: articles written through the crawl's own store."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from hunaworld.storage.store import ArticleStore
from hunaworld.urls import url_key
from tests.conftest import ROOT

HOST = "https://www.huna.example/news"

# Each article carries the word forms one matching rule is about (see test_search.py).
ARTICLES: list[dict[str, Any]] = [
    {"n": 1, "headline": "الرئيس الأمريكي يزور ألمانيا",
     "body": "وصل الرئيس الأمريكي إلى برلين في زيارة تستمر يومين.\n\nوقال إن العلاقات مع ألمانيا قوية.",
     "tags": ["أمريكا", "ألمانيا"], "date_published": "2025-09-01T10:00:00+03:00"},
    {"n": 2, "headline": "مباحثات في بكين",
     "body": "عقد وزير الخارجية مباحثات مع نظيره حول العلاقات التجارية بالصين والاستثمارات الصينية.",
     "tags": ["الصين"], "date_published": "2025-09-02T01:30:00+03:00"},
    {"n": 3, "headline": "قصف على غـزة", "body": "استهدف القصف مستشفى في القطاع عام ٢٠٢٥ وأصاب العشرات.",
     "tags": ["غزة"], "date_published": "2025-09-02T12:00:00+03:00"},
    {"n": 4, "headline": "تقرير عن الاقتصاد", "body": "تراجع اقتصاد الصِّينِ في الربع الأول من العام.",
     "tags": [], "date_published": "2025-09-03T09:00:00+03:00", "summary": "أرقام الربع الأول"},
    {"n": 5, "headline": "الصين تطلق قمراً صناعياً", "body": "أطلقت وكالة الفضاء قمراً صناعياً جديداً.",
     "tags": ["فضاء"], "date_published": "2025-09-03T10:00:00+03:00"},
    {"n": 6, "headline": "موسكو ترد", "body": "ردت موسكو على العقوبات الجديدة.", "tags": ["روسيا"],
     "date_published": "2025-09-04T10:00:00+03:00"},
    {"n": 7, "headline": "كييف تطلب الدعم", "body": "طلبت كييف دعماً إضافياً من الحلفاء.", "tags": ["أوكرانيا"],
     "date_published": "2025-09-04T11:00:00+03:00"},
    {"n": 8, "headline": "فكرة جديدة للسلام", "body": "طرح الوسيط فكرة جديدة في 2024.", "tags": [],
     "date_published": None},
    {"n": 9, "headline": "الأمريكي في مؤتمر", "body": "حضر الأمريكي المؤتمر ثم التقى الرئيس.", "tags": [],
     "date_published": "2025-09-05T08:00:00+03:00"},
    {"n": 10, "site": "sada", "site_section": "international", "headline": "موقف جديد",
     "body": "قالت الخارجية إن للصين موقفاً واضحاً، وإن كالصين دولاً أخرى تتابع.", "tags": ["دبلوماسية"],
     "date_published": "2025-09-05T20:00:00+01:00"},
]


def url_of(n: int) -> str:
    return f"{HOST}/{n}/"


def article_item(n: int, **fields: Any) -> dict[str, Any]:
    """The item of article ``n`` of ARTICLES (``fields`` override), as the crawl would store it."""
    spec = {k: v for k, v in next(a for a in ARTICLES if a["n"] == n).items() if k != "n"}
    item = {"url": url_of(n), "site": "huna", "site_section": "world", "article_id": str(n), "summary": None,
            "authors": [], "section": "العالم", "image_url": None, "image_caption": None, "views": None,
            "language": "ar", "source": "اخبار هنا", "date_published_raw": None, "date_modified": None,
            "scraped_at": "2025-09-06T07:30:00+00:00", **spec, **fields}
    item.setdefault("content_hash", f"hash-{n}-{len(item['body'])}")
    return item


def make_archive(path: Path, numbers: list[int] | None = None) -> Path:
    """A database holding the ARTICLES (or those numbered ``numbers``), stored by the crawl's store."""
    store = ArticleStore(path)
    for spec in ARTICLES:
        if numbers is None or spec["n"] in numbers:
            item = article_item(spec["n"])
            store.upsert(url_key(item["url"]), item)
    store.close()
    return path


def hunaworld(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The ``hunaworld`` command in a subprocess (the console script runs the same ``main``)."""
    return subprocess.run([sys.executable, "-m", "hunaworld.analysis", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


# Sentences that name countries, for archives spanning days or years.
_SENTENCES = ("وصل الرئيس الأمريكي إلى برلين", "قصف على غزة", "مباحثات في بكين", "موسكو ترد على العقوبات",
              "كييف تطلب الدعم", "زلزال يضرب تركيا", "فيضانات في باكستان", "انتخابات في فرنسا", "احتجاجات في كينيا",
              "السودان يعلن هدنة", "أمطار غزيرة في اليابان", "الهند تطلق قمراً", "البرازيل تكافح الحرائق",
              "إيران ترد على واشنطن", "مصر تفتتح مشروعاً", "المكسيك تستضيف قمة", "العراق يوقع اتفاقاً")
_TAGS = ("اقتصاد", "حرب", "مناخ", "انتخابات", "صحة", "دبلوماسية")


def span_archive(path: Path, first: date, days: int, per_day: int, *, seed: int = 7) -> Path:
    """An archive of articles published over ``days`` days from ``first`` (``per_day`` a day on a one-day
    archive, up to ``per_day`` otherwise), each stored two hours after it was published, a tenth of
    them edited: as hourly crawls of two sites would have left it."""
    rng = random.Random(seed)
    store = ArticleStore(path)
    n = 0
    for offset in range(days):
        day = first + timedelta(days=offset)
        for k in range(per_day if days == 1 else rng.randint(0, per_day)):
            n += 1
            site, hours = ("huna", 3) if n % 3 else ("sada", 1)
            published = datetime.combine(day, time(7 + k % 14), timezone(timedelta(hours=hours)))
            text = " و".join(rng.sample(_SENTENCES, 2))
            item = article_item(1, url=f"https://www.{site}.example/news/{n}/", site=site, article_id=str(n),
                                headline=text, body=f"{text}.", tags=rng.sample(_TAGS, 2),
                                date_published=published.isoformat(), content_hash=f"h{n}",
                                image_url=f"https://www.{site}.example/{n}.jpg" if rng.random() < 0.8 else None)
            key = url_key(item["url"])
            store.upsert(key, item)
            seen = (published + timedelta(hours=2)).astimezone(UTC).isoformat(timespec="seconds")
            store.db.execute("UPDATE articles SET first_seen = ?, last_seen = ? WHERE url_key = ?", (seen, seen, key))
            if rng.random() < 0.1:
                store.upsert(key, {**item, "body": f"{text}، في نص معدل.", "content_hash": f"h{n}-edited"})
                store.db.execute("UPDATE revisions SET seen_at = ? WHERE url_key = ?", (seen, key))
    store.close()
    return path

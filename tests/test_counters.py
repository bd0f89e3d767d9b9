"""The view counter an article shows, read by the generic layers wherever the template puts it."""

from __future__ import annotations

import pytest
from lxml import html

from hunaworld.html.counters import view_count


@pytest.mark.parametrize(("article", "views"), [
    ('<div class="meta"><span>عدد المشاهدات: 1,875</span></div>', 1875),
    ('<p class="info">نشر في 3 سبتمبر <span>4233 مشاهدة</span></p>', 4233),
    ('<div class="share">مشاركة <span class="views-count">2081</span></div>', 2081),
    ('<span class="post-views">٣٤٥</span>', 345),
    # a sidebar's counts are other articles'; a date is no count; a review is no view
    ('<aside class="sidebar"><li>خبر آخر <span>900 مشاهدة</span></li></aside>', None),
    ('<span class="date">12 سبتمبر 2025</span><span class="reviews">12</span>', None),
])
def test_the_view_counter_of_the_article_alone(article: str, views: int | None) -> None:
    root = html.fromstring(f"<html><body><article><h1>عنوان</h1>{article}<p>نص المقال.</p></article></body></html>")
    assert view_count(root.find(".//article")) == views

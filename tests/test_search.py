"""`hunaworld search`: Arabic-aware matching, the FTS5 query language, ranking, filters, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hunaworld.analysis import search as search_module
from hunaworld.analysis.archive import open_archive
from hunaworld.analysis.cli import main
from hunaworld.analysis.query import parse_query
from hunaworld.analysis.words import ArchiveWords
from hunaworld.storage.store import ArticleStore
from hunaworld.text.searchform import search_form, search_word
from hunaworld.urls import url_key
from tests.archive import article_item, hunaworld, make_archive, url_of


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("archive") / "archive.sqlite3")


def results(capsys: pytest.CaptureFixture[str], db: Path, query: str, *options: str) -> list[dict]:
    assert main(["search", query, "--db", str(db), "--json", *options]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def numbers(capsys: pytest.CaptureFixture[str], db: Path, query: str, *options: str) -> list[int]:
    """The numbers (tests/archive.py) of the articles found, best first."""
    return [int(re.search(r"/(\d+)/$", hit["url"]).group(1)) for hit in results(capsys, db, query, *options)]


@pytest.mark.parametrize(("query", "expected"), [
    # hamza forms: أ إ آ ؤ ئ are their bare letters
    ("امريكي", {1, 9}), ("المانيا", {1}), ("مؤتمر", {9}), ("موتمر", {9}), ("اطلقت", {5}), ("الى", {1}),
    # teh marbuta and heh
    ("غزه", {3}), ("التجاريه", {2}),
    # alef maqsura and yeh
    ("مستشفي", {3}), ("مستشفى", {3}),
    # diacritics, in the query and in the text
    ("الصّين", {2, 4, 5, 10}), ("اقتصاد", {4}), ("دعماً", {7}), ("دعما", {7}),
    # tatweel, in the query and in the text (3 writes غـزة)
    ("الـصين", {2, 4, 5, 10}), ("غزة", {3}),
    # Eastern Arabic digits equal ASCII ones, both ways
    ("2025", {3}), ("٢٠٢٥", {3}), ("٢٠٢٤", {8}),
])
def test_spelling_variants_match(capsys, archive, query, expected) -> None:
    assert set(numbers(capsys, archive, query)) == expected


@pytest.mark.parametrize("query", ["الصين", "صين", "والصين", "بالصين", "للصين", "كالصين", "فالصين", "وللصين"])
def test_leading_clitics_match_every_combination(capsys, archive, query) -> None:
    # 2: بالصين (and the tag الصين); 4: الصِّينِ; 5: الصين; 10: للصين and كالصين. Never الصينية alone.
    assert set(numbers(capsys, archive, query)) == {2, 4, 5, 10}


def test_a_letter_that_begins_a_word_is_not_taken_for_a_clitic(capsys, archive) -> None:
    # فكرة (idea) is not ف + كرة (ball); بكين is not ب + كين.
    assert numbers(capsys, archive, "كرة") == []
    assert numbers(capsys, archive, "فكرة") == [8]
    assert numbers(capsys, archive, "بكين") == [2]
    assert numbers(capsys, archive, "كين") == []


def test_phrases_match_words_in_order(capsys, archive) -> None:
    # 9 has both words, apart and in the other order.
    assert numbers(capsys, archive, '"الرئيس الأمريكي"') == [1]
    assert numbers(capsys, archive, '"الرئيس امريكي"') == [1]
    assert set(numbers(capsys, archive, "الرئيس الأمريكي")) == {1, 9}


def test_or_not_and_prefix(capsys, archive) -> None:
    assert set(numbers(capsys, archive, "موسكو OR كييف")) == {6, 7}
    assert set(numbers(capsys, archive, "الصين NOT بكين")) == {4, 5, 10}
    # The prefix runs over the search form: صين* reaches the adjective الصينية, امريك* أمريكا.
    assert set(numbers(capsys, archive, "صين*")) == {2, 4, 5, 10}
    assert set(numbers(capsys, archive, "امريك*")) == {1, 9}
    assert numbers(capsys, archive, "headline: الصين") == [5]


def test_headline_ranks_above_body(capsys, archive) -> None:
    # 5 has الصين in its headline; the others in their bodies or tags.
    assert numbers(capsys, archive, "الصين")[0] == 5


def test_filters_select_site_days_and_tag(capsys, archive) -> None:
    assert numbers(capsys, archive, "الصين", "--site", "sada") == [10]
    # 2 was published at 01:30 on the 2nd in the site's clock (the 1st in UTC): it is the 2nd's.
    assert set(numbers(capsys, archive, "الصين", "--since", "2025-09-02", "--until", "2025-09-02")) == {2}
    assert set(numbers(capsys, archive, "الصين", "--since", "2025-09-03")) == {4, 5, 10}
    # A tag is compared folded: المانيا selects the tag ألمانيا.
    assert numbers(capsys, archive, "الرئيس", "--tag", "المانيا") == [1]
    assert len(numbers(capsys, archive, "الصين", "--limit", "2")) == 2


def test_json_lines_carry_the_fields_and_a_marked_snippet(capsys, archive) -> None:
    (hit,) = results(capsys, archive, "امريكي", "--tag", "امريكا")
    assert hit["url"] == url_of(1)
    assert hit["headline"] == "الرئيس الأمريكي يزور ألمانيا"
    assert hit["date_published"] == "2025-09-01T10:00:00+03:00"
    assert hit["site"] == "huna"
    # The snippet is the stored text as written, hamza and all, on one line, the match marked.
    assert hit["snippet"].startswith("وصل الرئيس [الأمريكي] إلى برلين")
    assert "\n" not in hit["snippet"]


def test_snippet_marks_words_with_their_clitics_and_diacritics(capsys, archive) -> None:
    by_number = {int(re.search(r"/(\d+)/$", h["url"]).group(1)): h["snippet"] for h in
                 results(capsys, archive, "الصين")}
    assert "[بالصين]" in by_number[2] and "[الصِّينِ]" in by_number[4]
    assert "[للصين]" in by_number[10] and "[كالصين]" in by_number[10]


def test_text_output_and_no_match(archive) -> None:
    done = hunaworld("search", "كييف", "--db", str(archive))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "1. كييف تطلب الدعم"
    assert url_of(7) in lines[1] and "2025-09-04T11:00:00+03:00" in lines[1]
    assert "[كييف]" in lines[2]
    done = hunaworld("search", "طوكيو", "--db", str(archive))
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "No article matches 'طوكيو'.", "")


@pytest.mark.parametrize("query", ['"الصين', "الصين AND", "a.b", "", "(الصين", "NEAR(الصين"])
def test_a_query_fts5_cannot_parse_is_one_line_and_exit_2(archive, query) -> None:
    done = hunaworld("search", query, "--db", str(archive))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("hunaworld search: cannot parse the query")


def test_query_words_get_the_index_processing_and_operators_stay() -> None:
    query = parse_query('"الرئيسُ الأمريكيّ" OR وبالصين* NOT headline: ألمانيا NEAR(غزة مستشفى, 5)')
    assert query.fts == '"رييس امريكي" OR "صين"* NOT headline: "مانيا" NEAR("غزه" "مستشفي", 5)'
    assert query.prefixes == {"صين"} and "مانيا" in query.words
    assert search_form("ذهبَ إلى الـمدرســة ٣ مرات") == "ذهب الي مدرسه 3 مرات"
    assert search_word("وللصّين") == "صين"
    # Latin accents go as well, as SQLite's unicode61 tokenizer would take them.
    assert search_form("Café ÉCOLE naïve") == "cafe ecole naive"


def test_a_broad_query_is_ranked_among_its_newest_matches_unless_all_are_asked_for(archive, monkeypatch) -> None:
    # With a window of 2, الصين (articles 2, 4, 5, 10; 5 the best) is ranked among 10 and 5, the
    # two stored last; on site huna, among the two newest of huna's (5 and 4), the filter first.
    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    query = parse_query("الصين")
    db = open_archive(archive)
    try:
        def found(**options) -> list[str]:
            return [hit.url for hit in search_module.search(db, query, **options)]
        assert found() == [url_of(5), url_of(10)]
        assert set(found(rank_all=True)) == {url_of(n) for n in (2, 4, 5, 10)}
        assert found(rank_all=True)[0] == url_of(5)
        assert found(where=search_module.ArticleFilter(site="huna")) == [url_of(5), url_of(4)]
    finally:
        db.close()


# Word counts decide ب ك ل ف without the article: تمويل (funding) is used 6 times, لتمويل twice,
# so the ل is a clitic; فكرة (idea) and كرة (ball) are each used as often, so neither is the other.
LETTER_ARTICLES = [
    ("تمويل المشاريع", "بحث الوزراء تمويل المشاريع وتمويل المدارس."),
    ("خطة تمويل", "أقرت الحكومة تمويل خطة النقل."),
    ("تمويل جديد", "تمويل جديد للمستشفيات."),
    ("قرض لتمويل السدود", "حصلت الحكومة على قرض لتمويل السدود."),
    ("فكرة جديدة", "طرح الوسيط فكرة جديدة، وهي فكرة قديمة."),
    ("كرة القدم", "فاز الفريق في مباراة كرة القدم، وكانت كرة سريعة."),
    ("قصف بغزة", "قصف مستشفى بغزة."),
    ("غزة", "أطفال غزة في غزة، وغزة تنتظر، ومن غزة خرجوا إلى غزة."),
]


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = ArticleStore(tmp_path_factory.mktemp("letters") / "letters.sqlite3")
    for n, (headline, body) in enumerate(LETTER_ARTICLES, 101):
        item = article_item(1, headline=headline, body=body, tags=[], url=url_of(n), content_hash=f"letters-{n}")
        store.upsert(url_key(item["url"]), item)
    store.close()
    return store.path


def test_a_clitic_letter_the_archive_counts_as_one_is_found_both_ways(capsys, letters) -> None:
    assert set(numbers(capsys, letters, "تمويل")) == {101, 102, 103, 104}
    assert set(numbers(capsys, letters, "لتمويل")) == {101, 102, 103, 104}
    assert set(numbers(capsys, letters, "غزة")) == {107, 108}
    assert set(numbers(capsys, letters, "بغزة")) == {107, 108}
    # In a phrase, the first word's forms; the snippet marks the word with its letter.
    (hit,) = results(capsys, letters, '"تمويل السدود"')
    assert "[لتمويل]" in hit["snippet"]
    assert set(numbers(capsys, letters, "تمويل NOT قرض")) == {101, 102, 103}


def test_a_word_of_its_own_is_not_taken_for_a_clitic_and_a_word(capsys, letters) -> None:
    assert numbers(capsys, letters, "فكرة") == [105]
    assert numbers(capsys, letters, "كرة") == [106]


def test_the_letter_forms_follow_the_counts(tmp_path) -> None:
    # One تمويل and one لتمويل: the archive does not use تمويل often enough to decide.
    store = ArticleStore(tmp_path / "few.sqlite3")
    for n, body in ((1, "تمويل المشروع"), (2, "قرض لتمويل المشروع")):
        item = article_item(1, headline="خبر", body=body, tags=[], url=url_of(n), content_hash=f"few-{n}")
        store.upsert(url_key(item["url"]), item)
    store.close()
    db = open_archive(tmp_path / "few.sqlite3")
    try:
        assert ArchiveWords(db).forms("تمويل") == ("تمويل",)
        assert ArchiveWords(db).forms("لتمويل") == ("لتمويل",)
    finally:
        db.close()

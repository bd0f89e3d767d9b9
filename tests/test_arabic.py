"""hunaworld.text.arabic: the normalisation every stored field and every comparison key goes through."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hunaworld.text.arabic import clean_body, clean_text, fold, to_ascii_digits
from hunaworld.text.bylines import strip_byline

FAST = settings(max_examples=300, deadline=None)
ARABIC_LETTERS = st.text(alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A))

INVISIBLE = {
    "LRM": "\u200e",
    "RLM": "\u200f",
    "ALM": "\u061c",
    "ZWSP": "\u200b",
    "ZWNJ": "\u200c",
    "ZWJ": "\u200d",
    "BOM": "\ufeff",
    "WORD JOINER": "\u2060",
    "SOFT HYPHEN": "\u00ad",
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}


@pytest.mark.parametrize("mark", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_mark_is_deleted_without_a_space(mark: str) -> None:
    assert clean_text(f"مر{mark}حبا") == "مرحبا"
    assert clean_text(f"{mark}خبر عاجل{mark}") == "خبر عاجل"
    assert clean_text(f"خبر {mark} عاجل") == "خبر عاجل"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   \n\t ", ""),
        # tatweel (kashida) stretches letters; it is not part of the word
        ("الأخـــــبار", "الأخبار"),
        ("ـــ", ""),
        # presentation forms (NFKC)
        ("ﻻ", "لا"),
        ("ﷲ", "الله"),
        ("ﺍﻟﻌﺮﺑﻴﺔ", "العربية"),
        # entities, including nested ones and entities for invisible characters
        ("&quot;عاجل&quot;", '"عاجل"'),
        ("قال &laquo;لا&raquo;", "قال «لا»"),
        ("&amp;quot;", '"'),
        ("س&zwnj;لام", "سلام"),
        ("&nbsp;خبر&nbsp;", "خبر"),
        # every kind of whitespace collapses to one space
        ("خبر\u00a0عاجل", "خبر عاجل"),
        ("خبر\u2002\u2003\u2009عاجل", "خبر عاجل"),
        ("خبر\u202fعاجل", "خبر عاجل"),
        ("  خبر \n\n\t عاجل  ", "خبر عاجل"),
        ("سطر\u2028سطر", "سطر سطر"),
        # diacritics are kept by clean_text
        ("مَرْحَبًا", "مَرْحَبًا"),
        ("الرَّحْمٰن", "الرَّحْمٰن"),
        # digits are kept as written
        ("عام ٢٠٢٥", "عام ٢٠٢٥"),
        # a tatweel between a letter and a hamza mark must not block their composition
        ("ا\u0640\u0654", "أ"),
    ],
)
def test_clean_text(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        # diacritics removed (harakat, tanween, shadda, sukun, superscript alef, Quranic marks)
        ("مَرْحَبًا", "مرحبا"),
        ("الرَّحْمٰنِ", "الرحمن"),
        ("قُرْآنٌ", "قران"),
        ("الْعَالَمِينَ\u06d6", "العالمين"),
        ("ذَٰلِكَ\u06e1", "ذلك"),
        # hamza forms of alef and alef wasla
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        # alef maksura, teh marbuta, hamza on waw and yeh
        ("مصطفى", "مصطفي"),
        ("مدينة", "مدينه"),
        ("مؤتمر", "موتمر"),
        ("رئيس", "رييس"),
        # Persian yeh and keheh
        ("ایران", "ايران"),
        ("کتاب", "كتاب"),
        # Eastern Arabic and Persian digits
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        # Latin is case-folded
        ("BBC News", "bbc news"),
        ("Straße", "strasse"),
        # and everything clean_text does happens first
        ("&quot;الأخـــبار&quot;\u200f", '"الاخبار"'),
        ("ﻷ", "لا"),
    ],
)
def test_fold(raw: str | None, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_unifies_spelling_variants() -> None:
    assert fold("إبريل") == fold("أبريل") == fold("ابريل")
    assert fold("يونية") == fold("يونيه")
    assert fold("الأُولَى") == fold("الاولي")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("٠٤/٠٩/٢٠٢٥", "04/09/2025"),
        ("۱۵:۱۱", "15:11"),
        ("abc 123", "abc 123"),
        ("عام ٢٠٢٥م", "عام 2025م"),
        ("", ""),
    ],
)
def test_to_ascii_digits(raw: str, expected: str) -> None:
    assert to_ascii_digits(raw) == expected


def test_clean_body_keeps_paragraph_breaks() -> None:
    paragraphs = ["  الفقرة الأولى\u200f ", "", "ـــ", "الفقرة\nالثانية", None, "&nbsp;"]
    assert clean_body(paragraphs) == "الفقرة الأولى\n\nالفقرة الثانية"


def test_clean_body_accepts_a_stored_body() -> None:
    body = clean_body(["أ", "ب", "ج"])
    assert body == "أ\n\nب\n\nج"
    assert clean_body(body) == body
    assert clean_body(None) == ""
    assert clean_body([]) == ""


@FAST
@given(st.text())
def test_clean_text_is_idempotent_and_total(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@FAST
@given(st.text())
def test_fold_is_idempotent_and_total(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@FAST
@given(st.text())
def test_fold_absorbs_clean_text(text: str) -> None:
    assert fold(clean_text(text)) == fold(text)


@FAST
@given(ARABIC_LETTERS)
def test_arabic_letters_never_grow(text: str) -> None:
    assert len(clean_text(text)) <= len(text)
    assert len(fold(text)) <= len(text)


@FAST
@given(st.lists(st.text()))
def test_clean_body_is_idempotent(paragraphs: list[str]) -> None:
    body = clean_body(paragraphs)
    assert clean_body(body) == body
    assert "\n\n\n" not in body


@pytest.mark.parametrize(("byline", "name"), [
    ("كتب: محمد علي", "محمد علي"),
    ("كتبت سارة أحمد", "سارة أحمد"),
    ("بقلم: يوسف بن علي", "يوسف بن علي"),
    ("تقرير: كتب محمد", "محمد"),
    ("By Byron Smith", "Byron Smith"),
    ("Byron Smith", "Byron Smith"),
    ("كتبية الأخبار", "كتبية الأخبار"),
])
def test_byline_words_are_not_the_name(byline: str, name: str) -> None:
    assert strip_byline(byline) == name


# Arabic letters with presentation forms and isolated harakat: random text rarely hits them.
ARABIC_FORMS = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
                       | st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF) | st.sampled_from(" \u0640"))


@FAST
@given(ARABIC_FORMS)
def test_fold_and_clean_text_are_idempotent_on_presentation_forms(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert clean_text(clean_text(text)) == clean_text(text)
    assert fold(clean_text(text)) == fold(text)


def test_an_isolated_haraka_is_a_mark_not_a_space() -> None:
    assert fold("\ufef4\ufe7a") == fold(fold("\ufef4\ufe7a")) == "ي"
    assert clean_text("ب\ufe7cر") == "بّر"

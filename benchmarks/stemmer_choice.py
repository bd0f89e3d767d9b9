"""Which word processing the search uses: our light clitic stripper against the Snowball Arabic
stemmer, then ب, ك, ل, ف decided by word counts.

Over a labelled list of word forms: ``VARIANTS`` are forms a reader means as one word (clitics,
spellings), which should get one search key; ``DISTINCT`` pairs a word whose first letter could be
taken for a clitic with what it would leave, which should not. Both candidates run after ``fold``.
Prints recall (variant pairs given one key), collisions (distinct pairs given one key) and
microseconds a word.

Then the query's clitic letters (``searchform.clitic_forms``), with ``LETTER_VARIANTS`` and
``LETTER_DISTINCT`` added: a pair is found when a search for either word finds the other (both
directions are counted), with the search form alone (before) and with the letters decided by
word counts (after, for several ratios). The counts are those of wordfreq's large Arabic list
(Wikipedia, subtitles, news, the web), scaled to 250 million words, the size of a
million-article archive: what an archive of real news would count.

    pip install -e ".[bench]"; python benchmarks/stemmer_choice.py
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable
from unittest import mock

import snowballstemmer
import wordfreq

from hunaworld.text import searchform
from hunaworld.text.arabic import fold
from hunaworld.text.searchform import clitic_forms, search_word, strip_clitics

VARIANTS = [
    ["الصين", "والصين", "بالصين", "للصين", "فالصين", "كالصين", "وبالصين", "وللصين", "الصّين"],
    ["أمريكا", "امريكا", "وأمريكا", "الأمريكي", "والأمريكي", "أمريكي"],
    ["ألمانيا", "المانيا", "وألمانيا", "بألمانيا"],
    ["ترامب", "وترامب"],
    ["غزة", "غزه", "وغزة", "غـزة"],
    ["فلسطين", "وفلسطين"],
    ["الرئيس", "والرئيس", "للرئيس", "بالرئيس", "فالرئيس", "رئيس"],
    ["قال", "وقال"],
    ["موسكو", "وموسكو"],
    ["مستشفى", "المستشفى", "بالمستشفى", "للمستشفى", "مستشفي"],
    ["الحرب", "والحرب", "بالحرب", "للحرب", "حرب"],
    ["واشنطن", "وواشنطن", "لواشنطن"],
    ["الولايات", "والولايات", "للولايات"],
    ["إيران", "ايران", "وإيران"],
    ["المتحدة", "والمتحدة", "المتحده"],
    ["٢٠٢٥", "2025"],
]
DISTINCT = [
    ("فكرة", "كرة"), ("لجنة", "جنة"), ("بكين", "كين"), ("كتاب", "تاب"), ("فريق", "ريق"), ("وطن", "طن"),
    ("فلسطين", "لسطين"), ("فرنسا", "رنسا"), ("الأمم", "الأم"), ("ولد", "لد"), ("بحر", "حر"), ("لبنان", "بنان"),
    ("كبير", "بير"), ("وزير", "زير"), ("والد", "الد"), ("وفاة", "فاة"),
]

# ب, ك, ل, ف before a word without the article: one word with and without them.
LETTER_VARIANTS = [
    ["تمويل", "لتمويل", "بتمويل"], ["غزة", "بغزة", "لغزة"], ["إسرائيل", "لإسرائيل", "بإسرائيل"],
    ["مصر", "بمصر", "لمصر"], ["روسيا", "لروسيا", "بروسيا"], ["واشنطن", "بواشنطن", "لواشنطن"],
    ["إيران", "لإيران", "بإيران"], ["دعم", "بدعم", "لدعم"], ["مواجهة", "لمواجهة", "بمواجهة"],
    ["حماية", "لحماية", "بحماية"], ["وزير", "بوزير", "لوزير"], ["تحقيق", "لتحقيق", "بتحقيق"],
    ["سوريا", "لسوريا", "بسوريا"], ["فرنسا", "لفرنسا", "بفرنسا"], ["لبنان", "بلبنان", "ولبنان"],
    ["قطاع", "بقطاع", "لقطاع"], ["وسيط", "كوسيط"], ["سوف", "فسوف"], ["مجلس", "لمجلس", "بمجلس"],
    ["رئيس", "لرئيس", "برئيس", "كرئيس"], ["الرئيس", "للرئيس", "لرئيس"],
]
# Words that begin with one of those letters, and what would be left without it.
LETTER_DISTINCT = [
    ("بحث", "حث"), ("فقط", "قط"), ("كلمة", "لمة"), ("بنما", "نما"), ("بريطانيا", "ريطانيا"), ("فيلم", "يلم"),
    ("بلاد", "لاد"), ("كانت", "انت"), ("فيروس", "يروس"), ("باكستان", "اكستان"), ("لندن", "ندن"),
    ("بوتين", "وتين"), ("كندا", "ندا"), ("بحرية", "حرية"), ("لقاء", "قاء"), ("كوريا", "وريا"), ("بيان", "يان"),
    ("فريد", "ريد"), ("لحظة", "حظة"), ("بقاء", "قاء"), ("فنان", "نان"), ("كتيبة", "تيبة"), ("برلين", "رلين"),
    ("كبرى", "برى"), ("كامل", "امل"), ("بعيد", "عيد"), ("كبار", "بار"), ("بيروت", "يروت"), ("لاعب", "اعب"),
    ("كافة", "افة"), ("بقية", "قية"), ("فارس", "ارس"), ("بدأ", "دأ"), ("لون", "ون"), ("بلغ", "لغ"),
]


def light(word: str) -> str:
    return strip_clitics(fold(word))


_snowball = snowballstemmer.stemmer("arabic")


def snowball(word: str) -> str:
    return _snowball.stemWord(fold(word))


def measure(name: str, key: Callable[[str], str]) -> None:
    pairs = [pair for group in VARIANTS for pair in itertools.combinations(group, 2)]
    recall = sum(key(a) == key(b) for a, b in pairs) / len(pairs)
    collisions = [f"{a}/{b}" for a, b in DISTINCT if key(a) == key(b)]
    words = [word for group in VARIANTS for word in group] + [word for pair in DISTINCT for word in pair]
    started = time.perf_counter()
    for _ in range(200):
        for word in words:
            key(word)
    micros = (time.perf_counter() - started) / (200 * len(words)) * 1e6
    print(f"{name:9} recall {recall:.2f} ({len(pairs)} variant pairs), collisions {len(collisions)}/{len(DISTINCT)}"
          f" ({' '.join(collisions)}), {micros:.1f} µs a word (with fold)")


def archive_counts(words: int = 250_000_000) -> Counter[str]:
    """Uses of each search form in an archive of ``words`` words with wordfreq's frequencies."""
    counts: Counter[str] = Counter()
    for word, frequency in wordfreq.get_frequency_dict("ar", wordlist="large").items():
        form = search_word(word)
        if form and " " not in form:
            counts[form] += round(frequency * words)
    return counts


def letter_pairs() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(pairs that should find each other, pairs that should not), every pair in both directions."""
    variants = [pair for group in VARIANTS + LETTER_VARIANTS for pair in itertools.permutations(group, 2)]
    distinct = [pair for a, b in DISTINCT + LETTER_DISTINCT for pair in ((a, b), (b, a))]
    return variants, distinct


def measure_letters(counts: Counter[str]) -> None:
    variants, distinct = letter_pairs()

    def occurrences(form: str, limit: int) -> tuple[int, float | None]:
        # Occurrences spread evenly over the archive: the limit-th is at that share of it.
        count = counts[form]
        return (limit, limit / count) if count >= limit else (count, None)

    def finds(query: str, other: str, decide: bool) -> bool:
        wanted = search_word(query)
        return search_word(other) in (clitic_forms(wanted, occurrences) if decide else (wanted,))

    print(f"\nب ك ل ف by word counts: {len(variants)} ordered variant pairs, {len(distinct)} ordered distinct pairs")
    rows = [("before (search form only)", False, None)] + [(f"after, ratio {r}", True, r) for r in (1, 1.5, 2, 3, 4, 6)]
    for name, decide, ratio in rows:
        with mock.patch.object(searchform, "CLITIC_RATIO", ratio or searchform.CLITIC_RATIO):
            found = [pair for pair in variants if finds(*pair, decide)]
            wrong = [pair for pair in distinct if finds(*pair, decide)]
        print(f"  {name:26} found {len(found)}/{len(variants)}, wrongly found {len(wrong)}/{len(distinct)}"
              f" ({' '.join(f'{a}>{b}' for a, b in wrong)})")
    with mock.patch.object(searchform, "CLITIC_RATIO", searchform.CLITIC_RATIO):
        missed = [f"{a}>{b}" for a, b in variants if not finds(a, b, True)]
    print(f"  not found at ratio {searchform.CLITIC_RATIO}: {' '.join(missed)}")


def main() -> None:
    measure("light", light)
    measure("snowball", snowball)
    measure_letters(archive_counts())


if __name__ == "__main__":
    main()

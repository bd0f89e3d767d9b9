"""Which word processing the search index uses: our light clitic stripper against the Snowball Arabic stemmer.

Over a labelled list of word forms: ``VARIANTS`` are forms a reader means as one word (clitics,
spellings), which should get one search key; ``DISTINCT`` pairs a word whose first letter could be
taken for a clitic with what it would leave, which should not. Both candidates run after ``fold``.
Prints recall (variant pairs given one key), collisions (distinct pairs given one key) and
microseconds a word.

    pip install -e ".[bench]"; python benchmarks/stemmer_choice.py
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import snowballstemmer

from hunaworld.text.arabic import fold
from hunaworld.text.searchform import strip_clitics

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


def main() -> None:
    measure("light", light)
    measure("snowball", snowball)


if __name__ == "__main__":
    main()

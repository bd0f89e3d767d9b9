"""Precision and recall of an article's ``countries`` on the labelled set (fixtures/countries/).

The set: the articles of the two bundled captures, extracted from their pages as a crawl extracts
them (``huna.json``: labels read from the 13 articles of the first site; ``sada.json``: the 26
of the second, labelled with the words that name each country), and articles written for the
set (``written-a.json``, the development set the word lists were reviewed against, and
``written-b.json``, written after the lists were frozen). Labels were made by reading each
article by the rules of the README, never from the detector. A code a label holds as
``uncertain`` counts neither way. Pairs (article, country) are counted over the whole set:
precision = found and labelled / found, recall = found and labelled / labelled.

    python benchmarks/countries_accuracy.py [--errors]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hunaworld import extract_article
from hunaworld.capture.manifest import load_manifest
from hunaworld.text.countries import named_countries

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "fixtures" / "countries"
CAPTURES = {"huna": ROOT / "fixtures" / "huna" / "capture", "sada": ROOT / "fixtures" / "sada" / "capture"}
WRITTEN = ("written-a", "written-b")


@dataclass
class Score:
    articles: int = 0
    found: int = 0
    right: int = 0
    labelled: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, got: set[str], label: dict[str, Any]) -> None:
        wanted, doubtful = set(label["countries"]), set(label.get("uncertain", ()))
        got = got - doubtful
        self.articles += 1
        self.found += len(got)
        self.labelled += len(wanted)
        self.right += len(got & wanted)
        if got != wanted:
            self.errors.append(f"{name}: extra {sorted(got - wanted)}, missed {sorted(wanted - got)}")

    def __iadd__(self, other: Score) -> Score:
        self.articles += other.articles
        self.found += other.found
        self.right += other.right
        self.labelled += other.labelled
        self.errors += other.errors
        return self

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0

    def line(self, name: str) -> str:
        return (f"{name:<10} {self.articles:>4} articles, {self.labelled:>4} labelled countries: precision"
                f" {self.precision:.3f} ({self.right}/{self.found}), recall {self.recall:.3f}"
                f" ({self.right}/{self.labelled})")


def capture_score(site: str) -> Score:
    """The captured articles, extracted from their pages, against their labels."""
    labels = {label["url"]: label for label in json.loads((LABELS / f"{site}.json").read_text(encoding="utf-8"))}
    score = Score()
    folder = CAPTURES[site]
    for entry in load_manifest(folder):
        if entry["url"] not in labels:
            continue
        item = extract_article((folder / entry["file"]).read_bytes(), entry["url"], site=site)
        score.add(entry["url"], set(item["countries"]), labels.pop(entry["url"]))
    assert not labels, f"labelled articles missing from the {site} capture: {sorted(labels)}"
    return score


def written_score(name: str) -> Score:
    score = Score()
    for article in json.loads((LABELS / f"{name}.json").read_text(encoding="utf-8")):
        got = named_countries(article["headline"], article.get("summary"), article["body"])
        score.add(article["id"], set(got), article)
    return score


def scores() -> dict[str, Score]:
    """Each part of the set's score, and the whole set's (``all``)."""
    parts = {site: capture_score(site) for site in CAPTURES} | {name: written_score(name) for name in WRITTEN}
    total = Score()
    for part in parts.values():
        total += part
    return {**parts, "all": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list each article the detector gets wrong")
    args = parser.parse_args()
    for name, score in scores().items():
        print(score.line(name))
    if args.errors:
        print("\n".join(scores()["all"].errors))


if __name__ == "__main__":
    main()

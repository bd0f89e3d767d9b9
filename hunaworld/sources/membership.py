"""Which entries of a sitemap or feed are the section's articles.

An entry must be on the site (the crawled host, or the host the source names itself at) and of the
section's article URLs (its profile's pattern, or the shapes discovery learnt). That is enough for
the section's own source, a feed named for it. A site's sitemap lists every section, and on many
sites every section shares one URL shape (``/{yyyy}/{mm}/{dd}/{slug}/``, ``/article.php?id={id}``),
so its entries are taken only on more evidence, never by shape alone:

- the sitemap proves to be the section's: at least ``MIN_LISTED`` of its entries are listed on the
  listing pages read, and every entry of the section's shape that it dates within the span of
  those (or, undated, places between them) is listed too; an article of another section in that
  span would be in the sitemap and not in the listing. Then its entries outside the span are the
  section's too: those that dropped off the listing;
- else an entry is taken when its own labels name the section (Google News keywords, a feed
  entry's categories: "العالم", the section's key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from hunaworld.sources.reading import Entry, when
from hunaworld.text.arabic import fold

MIN_LISTED = 3


@dataclass
class Verdict:
    """The entries of one source taken as the section's, and why."""

    taken: list[Entry] = field(default_factory=list)
    # Entries of the section's article URLs on the site, and how many of them the listing showed.
    candidates: int = 0
    listed: int = 0
    reason: str = ""


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def section_entries(entries: list[Entry], *, own: bool, hosts: set[str], is_article: Callable[[str], bool],
                    listed: Callable[[str], bool], names: Iterable[str], newer_only: bool = False) -> Verdict:
    """The section's entries of a source (see the module's docstring). ``own``: the source is the
    section's; ``hosts``: the site's hosts (``www.`` left out); ``listed``: whether the listing showed
    an entry's URL; ``names``: the section's title and key; ``newer_only``: leave out the entries
    older than the oldest listed one (a crawl told to read only so many listing pages)."""
    candidates = [entry for entry in entries if host_of(entry.url) in hosts and is_article(entry.url)]
    shown = {n for n, entry in enumerate(candidates) if listed(entry.url)}
    verdict = Verdict(candidates=len(candidates), listed=len(shown))
    place = _span(candidates, shown)
    if own:
        taken, verdict.reason = range(len(candidates)), "the section's own"
    elif place is not None and all(n in shown or place(n) != 0 for n in range(len(candidates))):
        taken = range(len(candidates))
        verdict.reason = (f"the section's: every entry it dates among the {len(shown)} it shares with the listing"
                          " is listed")
    else:
        wanted = {fold(name).casefold() for name in names if name}
        taken = [n for n, entry in enumerate(candidates)
                 if any(fold(label).casefold() in wanted for label in entry.labels)]
        verdict.reason = "the site's: only its entries labelled with the section's name"
    if newer_only:
        taken = [n for n in taken if place is not None and place(n) >= 0]
    verdict.taken = [candidates[n] for n in taken]
    return verdict


def _span(candidates: list[Entry], shown: set[int]) -> Callable[[int], int] | None:
    """Where each candidate (by index) lies against the span of the listed ones: -1 older, 0 within,
    1 newer; by date where the listed ones and the candidate are dated, else by place (sources list
    newest first). None with fewer than ``MIN_LISTED`` listed."""
    if len(shown) < MIN_LISTED:
        return None
    first, last = min(shown), max(shown)

    def by_place(n: int) -> int:
        return 1 if n < first else -1 if n > last else 0

    dates = [when(entry.published) for entry in candidates]
    listed_dates = [date for n in shown if (date := dates[n]) is not None]
    if len(listed_dates) < len(shown):
        return by_place
    oldest, newest = min(listed_dates), max(listed_dates)

    def by_date(n: int) -> int:
        date = dates[n]
        if date is None:
            return by_place(n)
        return -1 if date < oldest else 1 if date > newest else 0

    return by_date

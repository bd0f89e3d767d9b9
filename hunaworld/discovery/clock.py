"""The site's clock without a profile: learnt from the UTC offsets its pages print.

Pages print wall-clock times ("الجمعة 13:56 05/09/2025") whose instant depends on the site's zone,
and machine-readable ones that carry their offset (``<time datetime>``, JSON-LD, ``article:*_time``
meta tags: ``2025-09-05T13:56:00+03:00``). When ``-a timezone`` gives no zone, the offsets printed
on the run's pages give it: a site whose pages agree on one offset is read at that offset. A
``Z`` (UTC) is no evidence: sites print their structured data in UTC whatever their wall clock. A
wall-clock time read before any offset was seen waits for one; with none in the whole run, or
with two offsets that disagree (a clock with daylight saving), it is left unread (the date is
null, its text kept) rather than guessed, and the run says so.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from lxml import etree

from hunaworld.dates import parse_date

if TYPE_CHECKING:
    from hunaworld.extraction import Extraction

# A date and time with a numeric offset (never "Z").
_WITH_OFFSET = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*([+-])(\d{2}):?(\d{2})\b")
_MACHINE_DATES = etree.XPath(
    "//time/@datetime | //meta[contains(@property, 'time') or contains(@name, 'date') or contains(@itemprop, 'date')"
    " or contains(@property, 'date')]/@content | //script[@type='application/ld+json']/text()")
# A zone no site keeps: wall-clock times read in it are told apart from those that carry an offset.
_PROBE = timezone(timedelta(hours=5, minutes=37))


def printed_offsets(root: etree._Element) -> list[int]:
    """The UTC offsets (seconds) of the machine-readable dates printed on the page."""
    found = []
    for text in _MACHINE_DATES(root):
        for sign, hours, minutes in _WITH_OFFSET.findall(str(text)):
            seconds = int(hours) * 3600 + int(minutes) * 60
            found.append(-seconds if sign == "-" else seconds)
    return found


class DateFacts(NamedTuple):
    """What an article's dates say of the site's clock: those read as wall-clock times (field ->
    text: their instant depends on the zone); those whose instant is known but not the site's
    offset (relative ones, "منذ ساعتين", and those printed in UTC), to be shown in the site's zone;
    and the offsets (seconds) the others were printed with."""

    wall: dict[str, str]
    shown: dict[str, str]
    offsets: list[int]


def date_facts(found: Extraction, tz: tzinfo, now: datetime | None) -> DateFacts:
    """The :class:`DateFacts` of an extraction whose dates were read in ``tz``."""
    facts = DateFacts({}, {}, [])
    for name, parsed in found.dates.items():
        text = found.values[name]
        probe = parse_date(text, tz=_PROBE, now=now)
        if probe is None:
            continue
        offset = parsed.utcoffset()
        if probe != parsed:
            facts.wall[name] = text
        elif probe.utcoffset() != offset or _utc_named(text):
            facts.shown[name] = text
        elif offset is not None:
            facts.offsets.append(int(offset.total_seconds()))
    return facts


def _utc_named(text: str) -> bool:
    return text.rstrip().endswith(("Z", "z"))


def zone_name(zone: tzinfo) -> str:
    return str(zone) if not isinstance(zone, timezone) else zone.tzname(None) or "UTC"


class SiteClock:
    """The zone wall-clock times are read in during a crawl: given, learnt, or not (yet) known."""

    def __init__(self, given: tzinfo | None = None) -> None:
        self.given = given
        self.offsets: Counter[int] = Counter()

    @property
    def zone(self) -> tzinfo | None:
        """The zone to read wall-clock times in, or None while none can be (no offset, or several)."""
        if self.given is not None:
            return self.given
        if len(self.offsets) != 1:
            return None
        return timezone(timedelta(seconds=next(iter(self.offsets))))

    @property
    def ambiguous(self) -> bool:
        """The pages printed offsets that disagree: the site keeps daylight saving."""
        return self.given is None and len(self.offsets) > 1

    def observe(self, offsets: list[int]) -> None:
        self.offsets.update(offsets)

    def describe(self) -> str:
        """How the clock is known, for the log."""
        if self.given is not None:
            return f"the given time zone {zone_name(self.given)}"
        printed = ", ".join(zone_name(timezone(timedelta(seconds=s))) for s in sorted(self.offsets))
        if self.ambiguous:
            return f"unknown: the pages print several UTC offsets ({printed})"
        if self.offsets:
            return f"{printed}, the UTC offset the site's pages print"
        return "unknown: no page printed a UTC offset"

    def read(self, text: str, now: datetime | None) -> datetime | None:
        """A wall-clock date's text read in the learnt zone, or None while none is known."""
        zone = self.zone
        return None if zone is None else parse_date(text, tz=zone, now=now)


Waiting = tuple[dict[str, Any], DateFacts, datetime | None]


class DatedArticles:
    """Articles whose dates wait for the site's clock before they leave the spider: wall-clock
    times to be read in it, relative ones to be shown in it."""

    def __init__(self, clock: SiteClock) -> None:
        self.clock = clock
        self.waiting: list[Waiting] = []

    def settle(self, item: dict[str, Any], facts: DateFacts, read_in: tzinfo,
               now: datetime | None) -> list[dict[str, Any]]:
        """The articles ready to go: ``item`` (its dates were read in ``read_in``) unless it must
        wait for the clock, and those that waited for a clock now known."""
        ready = self.release()
        if not facts.wall and not facts.shown:
            return [*ready, item]
        zone = self.clock.zone
        if zone is None:
            self.waiting.append((item, facts, now))
            return ready
        _redate(item, facts, zone, now, read_in)
        return [*ready, item]

    def release(self) -> list[dict[str, Any]]:
        """The waiting articles, dated, once the clock is known; none before."""
        zone = self.clock.zone
        if zone is None or not self.waiting:
            return []
        ready, self.waiting = self.waiting, []
        for item, facts, now in ready:
            _redate(item, facts, zone, now)
        return [item for item, _, _ in ready]

    def give_up(self) -> list[dict[str, Any]]:
        """The waiting articles, the run ending with no clock: wall-clock dates left null (their
        text is kept), the others shown in UTC."""
        ready, self.waiting = self.waiting, []
        for item, facts, _ in ready:
            for name in facts.wall:
                item[name] = None
        return [item for item, _, _ in ready]


def _redate(item: dict[str, Any], facts: DateFacts, zone: tzinfo, now: datetime | None,
            read_in: tzinfo | None = None) -> None:
    """The article's dates in the site's ``zone``: wall-clock ones read in it (unless they were
    already, in ``read_in``), the others shown in it."""
    for name in facts.shown:
        if item.get(name):
            item[name] = datetime.fromisoformat(item[name]).astimezone(zone).isoformat()
    for name, text in facts.wall.items() if zone != read_in else ():
        parsed = parse_date(text, tz=zone, now=now)
        item[name] = parsed.isoformat() if parsed else None
    published, modified = item.get("date_published"), item.get("date_modified")
    # As the loader has it: an update at the publication time is no update.
    if published and modified and datetime.fromisoformat(published) == datetime.fromisoformat(modified):
        item["date_modified"] = None

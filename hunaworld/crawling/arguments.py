"""The spider's arguments (``-a NAME=VALUE``), read and checked in one place.

Checked before anything is fetched or written, so a typo costs one line and exit status 1, not a
crawl that silently does something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hunaworld.discovery.site import DiscoveredSite, discovered_profile
from hunaworld.profile import ProfileError, Section, SiteProfile
from hunaworld.sites import get_profile, profile_of_host

HELP = {
    "site": "site profile key (`scrapy sites` lists them; default: the profile of start_url's host, else none:"
            " discovery mode; huna without start_url)",
    "section": "section of the site (default: the one start_url starts, else its first)",
    "start_url": "first listing page: of a profile's section, or of any site's section (discovery mode); with"
                 " site=KEY, the profile's section on a mirror or a local server",
    "timezone": "IANA zone of the times the site prints without an offset (default: the profile's; with none,"
                " the UTC offset the site's pages print)",
    "max_pages": "read at most N listing pages",
    "since": "YYYY-MM-DD: skip older articles; stop paging once a whole listing page is older",
    "full": "1: fetch every listed article and every listing page, stored or not",
}
# Set by scrapyd: the job id on every job, the project version on a job scheduled with one.
TOOL_ARGUMENTS = frozenset({"_job", "_version"})


class ArgumentError(ValueError):
    """A spider argument that cannot be used; the message names it."""


@dataclass(frozen=True)
class CrawlArguments:
    profile: SiteProfile
    section: Section
    start_url: str
    max_pages: int | None
    since: date | None
    full: bool
    # The clock given with -a timezone, over the profile's.
    timezone: str | None = None

    @property
    def discovery(self) -> bool:
        """Whether the site has no profile: its navigation and clock are learnt as it is crawled."""
        return isinstance(self.profile, DiscoveredSite)

    @classmethod
    def parse(cls, kwargs: dict[str, Any]) -> CrawlArguments:
        unknown = set(kwargs) - set(HELP) - TOOL_ARGUMENTS
        if unknown:
            raise ArgumentError(f"unknown spider argument {sorted(unknown)[0]!r} (known: {', '.join(HELP)})")
        start_url = kwargs.get("start_url") or None
        if start_url is not None:
            parts = urlsplit(start_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ArgumentError(f"start_url={start_url!r} is not an http(s) URL")
        try:
            profile = _profile(kwargs.get("site"), start_url, kwargs.get("section"))
            section = profile.section(kwargs.get("section") or _section_started_at(profile, start_url))
        except ProfileError as exc:
            raise ArgumentError(str(exc)) from exc
        return cls(profile, section, start_url or section.start_urls[0], _positive(kwargs, "max_pages"),
                   _date(kwargs, "since"), _flag(kwargs, "full"), _zone(kwargs, "timezone"))


def _profile(site: str | None, start_url: str | None, section: str | None) -> SiteProfile:
    """The profile named, else the one of the start URL's host, else (a start URL on a host no
    profile knows) the discovered one; the default profile without a start URL."""
    if site or not start_url:
        return get_profile(site)
    return profile_of_host(start_url) or discovered_profile(start_url, section)


def _section_started_at(profile: SiteProfile, start_url: str | None) -> str | None:
    """The key of the profile's section whose start URL is ``start_url`` (path and query), if any."""
    if start_url is None:
        return None
    here = urlsplit(start_url)
    for section in profile.sections:
        for start in section.start_urls:
            there = urlsplit(start)
            if (there.path.rstrip("/"), there.query) == (here.path.rstrip("/"), here.query):
                return section.key
    return None


def _positive(kwargs: dict[str, Any], name: str) -> int | None:
    value = kwargs.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ArgumentError(f"{name}={value!r} is not a whole number of 1 or more")
    return number


def _date(kwargs: dict[str, Any], name: str) -> date | None:
    value = kwargs.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ArgumentError(f"{name}={value!r} is not a date (YYYY-MM-DD)") from None


def _zone(kwargs: dict[str, Any], name: str) -> str | None:
    value = kwargs.get(name)
    if value in (None, ""):
        return None
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ArgumentError(f"{name}={value!r} is not an IANA time zone (e.g. Asia/Amman)") from None
    return str(value)


def _flag(kwargs: dict[str, Any], name: str) -> bool:
    value = str(kwargs.get(name, "0")).lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no", ""):
        return False
    raise ArgumentError(f"{name}={value!r} is not 1 or 0")

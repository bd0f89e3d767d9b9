"""The spider's arguments (``-a NAME=VALUE``), read and checked in one place.

Checked before anything is fetched or written, so a typo costs one line and exit status 1, not a
crawl that silently does something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from hunaworld.profile import ProfileError, Section, SiteProfile
from hunaworld.sites import get_profile

HELP = {
    "site": "site profile key (default huna; `scrapy sites` lists them)",
    "section": "section of the site (default: its first)",
    "start_url": "first listing page, instead of the section's own (a mirror, a local server)",
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

    @classmethod
    def parse(cls, kwargs: dict[str, Any]) -> CrawlArguments:
        unknown = set(kwargs) - set(HELP) - TOOL_ARGUMENTS
        if unknown:
            raise ArgumentError(f"unknown spider argument {sorted(unknown)[0]!r} (known: {', '.join(HELP)})")
        try:
            profile = get_profile(kwargs.get("site"))
            section = profile.section(kwargs.get("section"))
        except ProfileError as exc:
            raise ArgumentError(str(exc)) from exc
        start_url = kwargs.get("start_url") or section.start_urls[0]
        parts = urlsplit(start_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ArgumentError(f"start_url={start_url!r} is not an http(s) URL")
        return cls(profile, section, start_url, _positive(kwargs, "max_pages"), _date(kwargs, "since"),
                   _flag(kwargs, "full"))


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


def _flag(kwargs: dict[str, Any], name: str) -> bool:
    value = str(kwargs.get(name, "0")).lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no", ""):
        return False
    raise ArgumentError(f"{name}={value!r} is not 1 or 0")

"""The site profiles: one module per site in this package, each defining ``PROFILE``.

Profiles are found by listing this package, so adding a site is adding a module; nothing else
imports a site by name. Every profile is checked when it is loaded.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from urllib.parse import urlsplit

from hunaworld.profile import ProfileError, SiteProfile

DEFAULT_SITE = "huna"


@cache
def profiles() -> dict[str, SiteProfile]:
    """Every site profile by key, checked."""
    found: dict[str, SiteProfile] = {}
    for module in pkgutil.iter_modules(__path__):
        profile = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PROFILE", None)
        if not isinstance(profile, SiteProfile):
            raise ProfileError(f"{__name__}.{module.name} defines no PROFILE")
        profile.check()
        found[profile.key] = profile
    return found


def get_profile(key: str | None = None) -> SiteProfile:
    """The profile of site ``key`` (the default site when None); ProfileError naming the known ones."""
    known = profiles()
    key = key or DEFAULT_SITE
    if key not in known:
        raise ProfileError(f"unknown site {key!r} (known: {', '.join(sorted(known))})")
    return known[key]


def profile_of_host(url: str) -> SiteProfile | None:
    """The profile one of whose sections starts on ``url``'s host (``www.`` aside), or None."""
    host = _host(url)
    return next((profile for profile in profiles().values()
                 if any(_host(start) == host for section in profile.sections for start in section.start_urls)), None)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")

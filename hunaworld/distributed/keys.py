"""The Redis key names of distributed crawls, in one place (the README lists them for clean-up).

Every key starts with the prefix (setting ``HUNAWORLD_REDIS_PREFIX``, default ``hunaworld``):

- ``P:SITE:SECTION:requests`` (list), ``:dupefilter`` (set), ``:workers`` (set), ``:inflight:W``
  (list), ``:alive:W`` (expiring string), ``:walk`` (integer): one section's crawl, shared by its workers;
- ``P:SITE:seen`` (hash), ``P:SITE:contents`` (set): the site's seen-state;
- ``P:items`` (list), ``P:writer:NAME:processing`` (list), ``:releasing``, ``:feed-offset``,
  ``:lock``: the hand-off;
- ``P:domain:HOST:next``, ``:leases``: the politeness budget of a host.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PREFIX = "hunaworld"


@dataclass(frozen=True)
class SectionKeys:
    """The keys of one section's crawl."""

    base: str

    @property
    def requests(self) -> str:
        return f"{self.base}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.base}:dupefilter"

    @property
    def workers(self) -> str:
        return f"{self.base}:workers"

    @property
    def walk(self) -> str:
        """How many times the crawl's listing has been walked again from its first page (absent: 0)."""
        return f"{self.base}:walk"

    def inflight(self, worker: str) -> str:
        return f"{self.base}:inflight:{worker}"

    def alive(self, worker: str) -> str:
        return f"{self.base}:alive:{worker}"


@dataclass(frozen=True)
class WriterKeys:
    """The keys of one writer: the batch it is storing, what the batch feeds, where its feed stood, its lock."""

    base: str

    @property
    def processing(self) -> str:
        return f"{self.base}:processing"

    @property
    def releasing(self) -> str:
        """The articles the batch in hand feeds once committed (JSON)."""
        return f"{self.base}:releasing"

    @property
    def feed_offset(self) -> str:
        return f"{self.base}:feed-offset"

    @property
    def lock(self) -> str:
        return f"{self.base}:lock"


@dataclass(frozen=True)
class Keys:
    prefix: str = DEFAULT_PREFIX

    def section(self, site: str, section: str) -> SectionKeys:
        return SectionKeys(f"{self.prefix}:{site}:{section}")

    def seen(self, site: str) -> str:
        """Hash: url_key -> "content_hash published" of every article of the site handed to the writer."""
        return f"{self.prefix}:{site}:seen"

    def contents(self, site: str) -> str:
        """Set: every content hash of the site handed to the writer."""
        return f"{self.prefix}:{site}:contents"

    def failures(self, site: str) -> str:
        """Hash: url_key -> JSON {url, section, first_failed, next_attempt, given_up} of the site's
        failed articles, as the writer's ``failures`` table holds them (the writer keeps it)."""
        return f"{self.prefix}:{site}:failures"

    @property
    def items(self) -> str:
        """List: messages from the workers to the writer (articles, touches, run records)."""
        return f"{self.prefix}:items"

    def writer(self, name: str) -> WriterKeys:
        return WriterKeys(f"{self.prefix}:writer:{name}")

    def domain(self, host: str) -> tuple[str, str]:
        """The host's next allowed request time and its concurrency leases."""
        return f"{self.prefix}:domain:{host}:next", f"{self.prefix}:domain:{host}:leases"

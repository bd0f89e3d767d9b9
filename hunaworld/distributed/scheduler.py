"""The scheduler of a worker in distributed mode: scrapy-redis's, with one queue and dupefilter per
site and section, requests handed out reliably, and workers that wait for each other."""

from __future__ import annotations

import logging
import time

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import call_later, create_looping_call
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from hunaworld.distributed.engine import in_progress, wake
from hunaworld.distributed.membership import Membership
from hunaworld.distributed.queue import RequestQueue
from hunaworld.distributed.state import SharedState, shared_state_of
from hunaworld.monitoring import stats as keys

logger = logging.getLogger(__name__)

# Seconds between looks at the shared queue while this worker waits for the others' requests.
WAIT_POLL = 0.5
# The meta key of a listing request: the walk of the listing it belongs to.
WALK = "hunaworld_walk"


class SharedScheduler(Scheduler):
    """Requests of one section's crawl shared by every worker crawling it.

    - Keys per site and section (``hunaworld.distributed.keys``), so crawls of two sections never
      share a queue. The queue and dupefilter always persist when a worker closes: scrapy-redis's
      ``SCHEDULER_PERSIST=False`` would flush them under the other workers' feet.
    - A request is queued together with its fingerprint (one atomic step), and taken into this
      worker's in-flight list until the engine is done with it (``RequestQueue``).
    - An idle worker does not close while requests are queued or in flight anywhere: the others may
      yet queue more (a worker that starts while the first listing page is being fetched waits for
      it). It takes back the requests of workers that stopped beating. When nothing is left, the
      crawl is over and every worker closes; a worker that starts within the join window after
      that belongs to the crawl that ended, and fetches none of its pages again (``membership.py``).
    - The first worker to join a crawl that every worker left unfinished (stopped, killed, or
      waiting out a Redis outage in vain) walks the listing again from its first page, and the
      crawl's workers read every listing page, as a one-machine run after an unfinished one: a
      restarted Redis may have forgotten the last writes, such as the next page of a listing page
      whose articles are stored. Listing pages are deduplicated per walk, and those of an earlier
      walk left in the queue are dropped unread; articles are deduplicated as always, so none is
      fetched twice. A worker that was only paused (taken for stopped) follows the new walk as soon
      as it beats or takes one of its pages.
    - The Redis client is the worker's one client (``SharedState``), which waits out an outage.
    """

    crawler: Crawler
    state: SharedState
    worker_timeout: float
    join_window: float
    walk: int

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        state = shared_state_of(crawler, "SharedScheduler")
        scheduler = cls(server=state.redis, persist=True, dupefilter_cls="scrapy_redis.dupefilter.RFPDupeFilter")
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.state = state
        scheduler.worker_timeout = crawler.settings.getfloat("HUNAWORLD_REDIS_WORKER_TIMEOUT")
        scheduler.join_window = crawler.settings.getfloat("HUNAWORLD_REDIS_JOIN_WINDOW")
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        section = self.state.keys.section(spider.profile.key, spider.arguments.section.key)
        self.df = RFPDupeFilter(self.server, section.dupefilter,
                                debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"))
        self.queue = RequestQueue(self.server, spider, section, self.state.worker, serializer=self.serializer)
        self.members = Membership(self.server, section, self.state.worker, self.worker_timeout, self.join_window)
        # Requests handed to the engine and not yet acknowledged, with their encoded form.
        self.issued: dict[Request, bytes] = {}
        self.walk, inherited = self.members.join()
        # The spider reads every listing page of a walk after the first (``SectionSpider.goes_on``).
        self.state.previous_run_finished = self.walk == 0
        # Not the end of the crawl yet, whatever is left: this worker has queued nothing. (Its end
        # would let the workers set expire before this worker's first beat.)
        left = self.sweep(may_end=False)
        self.heartbeat = create_looping_call(self.beat)
        self.heartbeat.start(self.worker_timeout / 3, now=False)
        logger.info("Worker %s joined the crawl of %s (%d requests queued)", self.state.worker, section.base,
                    len(self.queue))
        if inherited:
            logger.warning("The crawl of %s was left unfinished (%d requests left, no worker crawling it): reading"
                           " the listing again from its first page", section.base, left)
        ended = self.members.ended_ago()
        if ended is not None:
            logger.info("That crawl ended %.0f s ago, within the join window (HUNAWORLD_REDIS_JOIN_WINDOW=%g s):"
                        " the pages it fetched are not fetched again", ended, self.join_window)

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        if is_listing(request):
            request.meta[WALK] = self.walk
            if fingerprint is not None and self.walk:
                fingerprint = f"{fingerprint}:walk{self.walk}"
        if fingerprint is None:
            self.queue.push(request)
        elif not self.queue.push_new(request, fingerprint):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        done = self.finished()
        taken = self.queue.take([self.issued[request] for request in done])
        self.forget(done)
        while taken is not None and not self.current(taken[0]):
            taken = self.queue.take([taken[1]])
        if taken is None:
            return None
        request, raw = taken
        self.issued[request] = raw
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def current(self, request: Request) -> bool:
        """Whether ``request`` is to be fetched: any but a listing page of an earlier walk than this
        worker's, which its walk reads again (dropped, counted). One of a later walk is followed."""
        if not is_listing(request):
            return True
        walk = request.meta.get(WALK, 0)
        self.follow(walk)
        if walk == self.walk:
            return True
        logger.info("Dropped %s, queued by an unfinished walk of the listing: this walk reads it", request.url)
        self.stats.inc_value(keys.DISTRIBUTED_SUPERSEDED)
        return False

    def follow(self, walk: int) -> None:
        """Take part in ``walk`` if it is later than this worker's: another worker started it, having
        taken this one for stopped (paused past its heartbeat timeout)."""
        if walk > self.walk:
            logger.warning("Another worker walks the listing again from its first page (this worker seemed"
                           " stopped): reading every listing page")
            self.walk = walk
            self.state.previous_run_finished = False

    def finished(self) -> list[Request]:
        """The issued requests the engine is done with (none while the spider is not open)."""
        running = in_progress(self.crawler)
        return [] if running is None else [request for request in self.issued if request not in running]

    def forget(self, done: list[Request]) -> None:
        """Called once their acknowledgement reached Redis: until then a failed call is tried again."""
        for request in done:
            del self.issued[request]

    def acknowledge(self) -> None:
        done = self.finished()
        self.queue.ack([self.issued[request] for request in done])
        self.forget(done)

    def beat(self) -> None:
        try:
            self.follow(self.members.beat())
            self.acknowledge()
        except redis.RedisError as exc:
            # Logged and tried again at the next beat: an exception would stop the beats for good,
            # and the other workers would take this worker's requests.
            logger.warning("Worker heartbeat failed (tried again in %.0f s): %s", self.worker_timeout / 3, exc)

    def sweep(self, may_end: bool = True) -> int:
        """Take back the requests of stopped workers; how many requests are left anywhere.

        Not within a heartbeat timeout of a Redis outage: no worker could beat during it, and the
        others may not have beaten since. With ``may_end``, nothing left ends the crawl."""
        recover = time.monotonic() - self.state.outage.resumed_at >= self.worker_timeout
        pending, recovered = self.members.sweep(recover, may_end)
        if recovered:
            logger.warning("Took back %d request(s) in flight at workers that stopped beating", recovered)
            self.stats.inc_value(keys.DISTRIBUTED_RECOVERED, recovered)
        return pending

    def spider_idle(self) -> None:
        self.acknowledge()
        # Idle, this worker has nothing in flight: anything its list still holds (a request taken
        # but never handed to the engine) goes back to the queue rather than keep the crawl open.
        stray = self.queue.give_back()
        if stray:
            logger.warning("Returned %d request(s) this worker had taken and not processed", stray)
        if self.sweep():
            call_later(WAIT_POLL, wake, self.crawler)
            raise DontCloseSpider

    def close(self, reason: str) -> None:
        if self.heartbeat.running:
            self.heartbeat.stop()
        self.acknowledge()
        returned = self.queue.give_back()
        if returned:
            logger.info("Returned %d request(s) to the shared queue for the other workers", returned)
        self.members.leave()
        if not self.stats.get_value("scheduler/dequeued/redis"):
            # The others took every request: no sign of the site's health either way.
            self.stats.set_value(keys.DISTRIBUTED_IDLE, 1)


def is_listing(request: Request) -> bool:
    """Whether ``request`` is one of the pages the spider walks to find articles (``page_type`` listing)."""
    return request.meta.get("page_type") == "listing"

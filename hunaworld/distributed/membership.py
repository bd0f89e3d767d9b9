"""The workers of one section's crawl: who is alive, whose requests to take back, whether work is left."""

from __future__ import annotations

from typing import NamedTuple

import redis

from hunaworld.distributed.keys import SectionKeys

# KEYS: the workers set, the queue, the walk counter.
# ARGV: the section's key base, the worker, the heartbeat timeout (ms). Registers the worker and
# returns the crawl's walk and whether this worker started it. A worker that finds requests left
# (queued, or in flight at stopped workers) and no other worker alive inherits an interrupted
# crawl: its listing walk may have lost its way (a listing page whose next page a restarted Redis
# forgot, read again and found all stored), so the walk starts again from the first page, and
# every page is read. One step, so of workers starting together only the first inherits.
_JOIN = """
local live, left = 0, redis.call('LLEN', KEYS[2])
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if worker ~= ARGV[2] then
    if redis.call('EXISTS', ARGV[1] .. ':alive:' .. worker) == 1 then
      live = live + 1
    else
      left = left + redis.call('LLEN', ARGV[1] .. ':inflight:' .. worker)
    end
  end
end
redis.call('SADD', KEYS[1], ARGV[2])
redis.call('PERSIST', KEYS[1])
redis.call('SET', ARGV[1] .. ':alive:' .. ARGV[2], 1, 'PX', ARGV[3])
if live == 0 and left > 0 then
  redis.call('PERSIST', KEYS[3])
  return {redis.call('INCR', KEYS[3]), 1}
end
return {tonumber(redis.call('GET', KEYS[3]) or '0'), 0}
"""

# KEYS: the workers set, the queue, the dupefilter, the walk counter.
# ARGV: the section's key base; 1 to take back the requests of stopped workers, else 0; the join
# window (ms); the heartbeat timeout (ms); 1 if nothing left means the crawl is over, else 0 (a
# worker that has just joined has queued nothing yet). Atomic, so no request is ever between
# places: it is queued, or in a live worker's in-flight list, or done. A worker that stopped
# beating has its in-flight requests moved back into the queue; just after a Redis outage, when no
# worker could beat, they are counted as pending instead. When nothing is left anywhere the crawl is over. Its
# workers set expires after a heartbeat timeout unless a live worker beats (each leaves it as it
# closes; this clears one killed while idle). Its dupefilter and walk counter expire after the join
# window, unless a new request is queued meanwhile (``queue.py``): a worker that starts within the
# window finds the pages of the crawl it belongs to already fetched; the first one after it starts
# a new crawl, which requests the listing afresh.
_SWEEP = """
local pending, recovered = 0, 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local inflight = ARGV[1] .. ':inflight:' .. worker
  if ARGV[2] == '1' and redis.call('EXISTS', ARGV[1] .. ':alive:' .. worker) == 0 then
    while redis.call('LMOVE', inflight, KEYS[2], 'RIGHT', 'LEFT') do recovered = recovered + 1 end
    redis.call('SREM', KEYS[1], worker)
  else
    pending = pending + redis.call('LLEN', inflight)
  end
end
pending = pending + redis.call('LLEN', KEYS[2])
if pending == 0 and ARGV[5] == '1' then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  for _, key in ipairs({KEYS[3], KEYS[4]}) do
    if tonumber(ARGV[3]) <= 0 then
      redis.call('DEL', key)
    elseif redis.call('PTTL', key) == -1 then
      redis.call('PEXPIRE', key, ARGV[3])
    end
  end
end
return {pending, recovered}
"""


class Sweep(NamedTuple):
    pending: int
    recovered: int


class Joined(NamedTuple):
    # How many times the crawl's listing has been walked again from its first page.
    walk: int
    # Whether this worker inherited an interrupted crawl, and so started that walk.
    inherited: bool


class Membership:
    """One worker's registration: it beats every ``timeout / 3`` seconds; one that misses ``timeout``
    seconds of beats is taken for dead, and its in-flight requests go to the others."""

    def __init__(self, server: redis.Redis, keys: SectionKeys, worker: str, timeout: float,
                 join_window: float = 0) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self.timeout_ms = max(1, int(timeout * 1000))
        self.join_window_ms = int(join_window * 1000)
        self._join = server.register_script(_JOIN)
        self._sweep = server.register_script(_SWEEP)

    def join(self) -> Joined:
        """Register as a worker of the crawl: the walk this worker takes part in."""
        walk, inherited = self._join(keys=[self.keys.workers, self.keys.requests, self.keys.walk],
                                     args=[self.keys.base, self.worker, self.timeout_ms])
        return Joined(int(walk), bool(inherited))

    def beat(self) -> int:
        """Stay: a worker that was taken for dead (a long pause) rejoins at its next beat. Returns the
        crawl's walk, which a worker that took this one for dead may have started again."""
        pipe = self.server.pipeline(transaction=True)
        pipe.sadd(self.keys.workers, self.worker)
        pipe.persist(self.keys.workers)
        pipe.set(self.keys.alive(self.worker), 1, px=self.timeout_ms)
        pipe.get(self.keys.walk)
        return int(pipe.execute()[-1] or 0)

    def ended_ago(self) -> float | None:
        """Seconds since the section's crawl ended, while its join window lasts; else None."""
        left = int(self.server.pttl(self.keys.dupefilter))
        return None if left < 0 else max(0, self.join_window_ms - left) / 1000

    def leave(self) -> None:
        pipe = self.server.pipeline(transaction=True)
        pipe.srem(self.keys.workers, self.worker)
        pipe.delete(self.keys.alive(self.worker))
        pipe.execute()

    def sweep(self, recover: bool = True, may_end: bool = True) -> Sweep:
        """Count what is left of the crawl; with ``recover``, take back the requests of stopped workers;
        with ``may_end``, nothing left ends the crawl (its keys expire)."""
        pending, recovered = self._sweep(keys=[self.keys.workers, self.keys.requests, self.keys.dupefilter,
                                               self.keys.walk],
                                         args=[self.keys.base, int(recover), self.join_window_ms, self.timeout_ms,
                                               int(may_end)])
        return Sweep(int(pending), int(recovered))

"""The workers of one section's crawl: who is alive, whose requests to take back, whether work is left."""

from __future__ import annotations

from typing import NamedTuple

import redis

from hunaworld.distributed.keys import SectionKeys

# KEYS: the workers set, the queue, the dupefilter.
# ARGV: the section's key base; 1 to take back the requests of stopped workers, else 0; the join
# window (ms); the heartbeat timeout (ms). Atomic, so no request is ever between places: it is
# queued, or in a live worker's in-flight list, or done. A worker that stopped beating has its
# in-flight requests moved back into the queue; just after a Redis outage, when no worker could
# beat, they are counted as pending instead. When nothing is left anywhere the crawl is over. Its
# workers set expires after a heartbeat timeout unless a live worker beats (each leaves it as it
# closes; this clears one killed while idle). Its dupefilter expires after the join window, unless
# a new request is queued meanwhile (``queue.py``): a worker that starts within the window finds
# the pages of the crawl it belongs to already fetched; the first one after it starts a new crawl,
# which requests the listing afresh.
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
if pending == 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  if tonumber(ARGV[3]) <= 0 then
    redis.call('DEL', KEYS[3])
  elseif redis.call('PTTL', KEYS[3]) == -1 then
    redis.call('PEXPIRE', KEYS[3], ARGV[3])
  end
end
return {pending, recovered}
"""


class Sweep(NamedTuple):
    pending: int
    recovered: int


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
        self._sweep = server.register_script(_SWEEP)

    def beat(self) -> None:
        """Join, or stay: a worker that was taken for dead (a long pause) rejoins at its next beat."""
        pipe = self.server.pipeline(transaction=True)
        pipe.sadd(self.keys.workers, self.worker)
        pipe.persist(self.keys.workers)
        pipe.set(self.keys.alive(self.worker), 1, px=self.timeout_ms)
        pipe.execute()

    def ended_ago(self) -> float | None:
        """Seconds since the section's crawl ended, while its join window lasts; else None."""
        left = int(self.server.pttl(self.keys.dupefilter))
        return None if left < 0 else max(0, self.join_window_ms - left) / 1000

    def leave(self) -> None:
        pipe = self.server.pipeline(transaction=True)
        pipe.srem(self.keys.workers, self.worker)
        pipe.delete(self.keys.alive(self.worker))
        pipe.execute()

    def sweep(self, recover: bool = True) -> Sweep:
        """Count what is left of the crawl; with ``recover``, take back the requests of stopped workers."""
        pending, recovered = self._sweep(keys=[self.keys.workers, self.keys.requests, self.keys.dupefilter],
                                         args=[self.keys.base, int(recover), self.join_window_ms, self.timeout_ms])
        return Sweep(int(pending), int(recovered))

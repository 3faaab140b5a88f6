"""scrapy-redis's priority queue with leases: a request handed out stays in Redis until done.

scrapy-redis's ``PriorityQueue`` removes a request from Redis when it hands it out, so a worker
killed with requests in hand loses them. :class:`LeasedQueue` extends it (same sorted set of
requests, lowest score first) with three more keys and a few Lua scripts, each atomic on the
server:

``<prefix>:queue``
    sorted set of encoded requests (:mod:`newscrawl.scaleout.codec`); score ``-priority * 1e9 -
    n``, where ``n`` counts pushes (``<prefix>:seq``), so equal priorities come out last in,
    first out, as from Scrapy's own memory queue in a single process (scrapy-redis would order
    them by their text, i.e. alphabetically by URL). The order matters beyond speed: the spider
    judges a page with what it has seen of the site so far, and a breadth-first order (every
    listing before any story) made it take a story linked from every listing for a template
    link once.
``<prefix>:leases``
    sorted set of ``<worker>|<request>``, scored by the time (Unix seconds) the lease expires.
    :meth:`LeasedQueue.lease` moves a request from the queue to here in one step; the holder
    renews its leases every third of the lease time and releases each when its page is in a
    recorded state. Any worker moves expired leases back to the front of the queue
    (:meth:`LeasedQueue.requeue_expired`): their holder died.
``<prefix>:parked``
    set of the leases whose page waits for the site to be better known (the spider's waiting
    pages). They are held, but no other worker needs to wait for them before it goes idle.

A worker that releases a lease that was meanwhile given back to the queue (it stalled past its
lease) also takes the request out of the queue again, so it is not fetched a second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy_redis.queue import PriorityQueue

from newscrawl.scaleout import codec

if TYPE_CHECKING:
    from redis import Redis
    from scrapy import Request, Spider

# A push, unless the fingerprint (when one is given) was seen: 1 if pushed, 0 if seen. The
# score keeps priorities apart (1e9 pushes per priority level), exact in a double.
_PUSH = """
if ARGV[3] ~= '' and redis.call('SADD', KEYS[3], ARGV[3]) == 0 then return 0 end
local n = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], 'NX', tonumber(ARGV[2]) * 1e9 - n, ARGV[1])
return 1
"""
# Lease the first ARGV[3] requests: from the queue to the leases, scored by their expiry.
_LEASE = """
local first = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)
for _, entry in ipairs(first) do
  redis.call('ZREM', KEYS[1], entry)
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1] .. '|' .. entry)
end
return first
"""
# Expired leases back to the front of the queue; returns how many.
_REQUEUE = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, lease in ipairs(expired) do
  local bar = string.find(lease, '|', 1, true)
  redis.call('ZREM', KEYS[2], lease)
  redis.call('SREM', KEYS[3], lease)
  if bar then redis.call('ZADD', KEYS[1], '-inf', string.sub(lease, bar + 1)) end
end
return #expired
"""
# Release: the lease, and the request if it was given back to the queue meanwhile.
_RELEASE = """
for i, lease in ipairs(ARGV) do
  redis.call('ZREM', KEYS[2], lease)
  redis.call('SREM', KEYS[3], lease)
  local bar = string.find(lease, '|', 1, true)
  if bar then redis.call('ZREM', KEYS[1], string.sub(lease, bar + 1)) end
end
return #ARGV
"""
# Give a worker's own leases back now (it is closing before their pages were done).
_GIVE_BACK = """
for i, lease in ipairs(ARGV) do
  if redis.call('ZREM', KEYS[2], lease) == 1 then
    redis.call('SREM', KEYS[3], lease)
    local bar = string.find(lease, '|', 1, true)
    if bar then redis.call('ZADD', KEYS[1], '-inf', string.sub(lease, bar + 1)) end
  end
end
return #ARGV
"""


class LeasedQueue(PriorityQueue):  # type: ignore[misc]
    """The shared queue of one crawl, with leases; requests encoded as JSON, never pickled."""

    def __init__(self, server: Redis, spider: Spider, key: str, seen_key: str = "") -> None:
        # scrapy-redis wants a serializer object; ours is the codec, called with the spider.
        super().__init__(server, spider, key, serializer=_NoPickle)
        self.prefix = key
        self.key = f"{key}:queue"
        self.leases_key = f"{key}:leases"
        self.parked_key = f"{key}:parked"
        self.seq_key = f"{key}:seq"
        self.seen_key = seen_key or f"{key}:seen"
        self._push = server.register_script(_PUSH)
        self._lease = server.register_script(_LEASE)
        self._requeue = server.register_script(_REQUEUE)
        self._release = server.register_script(_RELEASE)
        self._give_back = server.register_script(_GIVE_BACK)

    # --- scrapy-redis's interface ----------------------------------------------------------

    def _encode_request(self, request: Request) -> str:
        return codec.encode(self.spider, request)

    def _decode_request(self, encoded_request: str) -> Request:
        return codec.decode(self.spider, encoded_request)

    def push(self, request: Request) -> None:
        self.push_encoded(self._encode_request(request), request.priority)

    def pop(self, timeout: int = 0) -> Any:
        raise NotImplementedError("use lease(): a request leaves Redis only when its page is done")

    def clear(self) -> None:
        self.server.delete(self.key, self.leases_key, self.parked_key, self.seq_key)

    # --- leases ----------------------------------------------------------------------------

    def push_encoded(self, entry: str, priority: int, fingerprint: str = "") -> bool:
        """Push ``entry`` unless ``fingerprint`` was seen; whether it was pushed."""
        keys = [self.key, self.seq_key, self.seen_key]
        return bool(self._push(keys=keys, args=[entry, -priority, fingerprint]))

    def send(self, pushes: list[tuple[str, int, str]], releases: list[str]) -> list[bool]:
        """In one round trip: ``(entry, priority, fingerprint)`` pushes, then releases (so the
        requests a page gave are in Redis before its lease goes). Whether each was pushed."""
        pipe = self.server.pipeline(transaction=False)
        keys = [self.key, self.seq_key, self.seen_key]
        for entry, priority, fingerprint in pushes:
            self._push(keys=keys, args=[entry, -priority, fingerprint], client=pipe)
        if releases:
            release_keys = [self.key, self.leases_key, self.parked_key]
            self._release(keys=release_keys, args=releases, client=pipe)
        results = pipe.execute()
        return [bool(result) for result in results[: len(pushes)]]

    def lease(self, worker: str, expires: float, count: int = 1) -> list[tuple[str, str]]:
        """The first ``count`` requests' texts and leases, now held by ``worker``."""
        keys = [self.key, self.leases_key]
        entries = self._lease(keys=keys, args=[worker, repr(expires), count])
        texts = [e.decode() if isinstance(e, bytes) else str(e) for e in entries or []]
        return [(text, f"{worker}|{text}") for text in texts]

    def renew(self, leases: list[str], expires: float) -> None:
        if leases:
            # XX: a lease that was given back meanwhile is not taken again.
            self.server.zadd(self.leases_key, dict.fromkeys(leases, expires), xx=True)

    def release(self, leases: list[str]) -> None:
        if leases:
            self._release(keys=[self.key, self.leases_key, self.parked_key], args=leases)

    def give_back(self, leases: list[str]) -> None:
        if leases:
            self._give_back(keys=[self.key, self.leases_key, self.parked_key], args=leases)

    def park(self, lease: str) -> None:
        self.server.sadd(self.parked_key, lease)

    def requeue_expired(self, now: float) -> int:
        keys = [self.key, self.leases_key, self.parked_key]
        return int(self._requeue(keys=keys, args=[repr(now)]))

    def counts(self) -> tuple[int, int, int]:
        """Requests queued, leases held, leases parked (one round trip)."""
        pipe = self.server.pipeline(transaction=False)
        pipe.zcard(self.key).zcard(self.leases_key).scard(self.parked_key)
        queued, leased, parked = pipe.execute()
        return int(queued), int(leased), int(parked)

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))


class _NoPickle:
    """Stands in for scrapy-redis's serializer, which :class:`LeasedQueue` never calls."""

    @staticmethod
    def loads(data: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def dumps(data: Any) -> Any:
        raise NotImplementedError

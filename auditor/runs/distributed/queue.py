"""A Redis work queue of sites, shared by any number of workers.

A site's audit is a chain of browser phases held by one process, so the queue holds sites,
not Scrapy requests. Each change is one Lua script, atomic on the server:

    pending     list    sites waiting, oldest first
    queued      set     pending + processing: what enqueue must not add again
    processing  hash    site -> id of the worker auditing it
    leases      zset    site -> end of its lease (ms, server clock); renewed by the worker
    done        set     sites whose reports are written
    failed      hash    site -> why it was set aside (its worker died too often)
    failures    hash    site -> failed attempts so far

A worker that dies stops renewing its leases; the next claim by any worker returns those
sites to the front of `pending` (or to `failed` after `max_failures` attempts, so that a
site that kills its worker cannot take the whole fleet down one worker at a time).
Keys are `auditor:{NAME}:...`; the braces keep one queue in one Redis Cluster slot.
"""
from __future__ import annotations

import os
import re
import secrets
import socket
from dataclasses import dataclass

QUEUE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
PARTS = ("pending", "queued", "processing", "leases", "done", "failed", "failures")

# KEYS: the PARTS, in order. ARGV: again (0/1), then the URLs.
_ENQUEUE = """
local added, queued, done = 0, 0, 0
for i = 2, #ARGV do
  local url = ARGV[i]
  if ARGV[1] == '1' then
    redis.call('SREM', KEYS[5], url)
  end
  if redis.call('SISMEMBER', KEYS[5], url) == 1 then
    done = done + 1
  elseif redis.call('SISMEMBER', KEYS[2], url) == 1 then
    queued = queued + 1
  else
    redis.call('HDEL', KEYS[6], url)
    redis.call('HDEL', KEYS[7], url)
    redis.call('SADD', KEYS[2], url)
    redis.call('RPUSH', KEYS[1], url)
    added = added + 1
  end
end
return {added, queued, done}
"""

# Server time in ms: one clock for every worker's leases.
_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# Expired leases back to pending (or to failed), then up to ARGV[3] sites for worker ARGV[1].
# ARGV: worker, lease ms, count, max failures.
_CLAIM = _NOW + """
local reaped = 0
for _, url in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)) do
  local holder = redis.call('HGET', KEYS[3], url) or '?'
  redis.call('ZREM', KEYS[4], url)
  redis.call('HDEL', KEYS[3], url)
  reaped = reaped + 1
  if redis.call('SISMEMBER', KEYS[5], url) == 1 then
    redis.call('SREM', KEYS[2], url)
  else
    local n = redis.call('HINCRBY', KEYS[7], url, 1)
    if n >= tonumber(ARGV[4]) then
      redis.call('SREM', KEYS[2], url)
      redis.call('HSET', KEYS[6], url, 'lease expired ' .. n .. ' times (last worker: ' .. holder .. ')')
    else
      redis.call('LPUSH', KEYS[1], url)
    end
  end
end
local claimed = {}
while #claimed < tonumber(ARGV[3]) do
  local url = redis.call('LPOP', KEYS[1])
  if not url then break end
  if redis.call('SISMEMBER', KEYS[5], url) == 1 then
    redis.call('SREM', KEYS[2], url)
  elseif redis.call('HEXISTS', KEYS[3], url) == 0 then
    redis.call('HSET', KEYS[3], url, ARGV[1])
    redis.call('ZADD', KEYS[4], now + tonumber(ARGV[2]), url)
    table.insert(claimed, url)
  end
end
return {reaped, claimed}
"""

# ARGV: worker, lease ms, URLs. Returns the URLs this worker no longer holds.
_RENEW = _NOW + """
local lost = {}
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[3], ARGV[i]) == ARGV[1] then
    redis.call('ZADD', KEYS[4], 'XX', now + tonumber(ARGV[2]), ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
"""

# ARGV: worker, URL. Done even when the lease was lost (the reports are written: auditing
# the site again would only duplicate them); returns 1 when this worker still held it.
_COMPLETE = """
local url = ARGV[2]
local held = redis.call('HGET', KEYS[3], url) == ARGV[1]
redis.call('SADD', KEYS[5], url)
redis.call('HDEL', KEYS[7], url)
redis.call('HDEL', KEYS[6], url)
if held or redis.call('HEXISTS', KEYS[3], url) == 0 then
  redis.call('HDEL', KEYS[3], url)
  redis.call('ZREM', KEYS[4], url)
  redis.call('SREM', KEYS[2], url)
  redis.call('LREM', KEYS[1], 0, url)
end
if held then return 1 end
return 0
"""

# ARGV: worker, URL, failed (0/1), reason, max failures. Only the holder may release.
_RELEASE = """
local url = ARGV[2]
if redis.call('HGET', KEYS[3], url) ~= ARGV[1] then return 'not-held' end
redis.call('HDEL', KEYS[3], url)
redis.call('ZREM', KEYS[4], url)
if ARGV[3] == '1' then
  local n = redis.call('HINCRBY', KEYS[7], url, 1)
  if n >= tonumber(ARGV[5]) then
    redis.call('SREM', KEYS[2], url)
    redis.call('HSET', KEYS[6], url, ARGV[4] .. ' (' .. n .. ' attempts)')
    return 'failed'
  end
end
redis.call('LPUSH', KEYS[1], url)
return 'pending'
"""


def queue_key(name: str, part: str) -> str:
    """The Redis key of one part of the queue `name`; ValueError for a bad name."""
    if not QUEUE_NAME.match(name or ""):
        raise ValueError(f"bad queue name {name!r}: use letters, digits, '.', '_' or '-' "
                         "(at most 100)")
    return f"auditor:{{{name}}}:{part}"


def worker_id() -> str:
    """Which machine and process holds a site, as `status` shows it."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Enqueued:
    added: int
    already_queued: int
    already_done: int


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class WorkQueue:
    """One named queue of sites on a Redis server (a redis-py client)."""

    def __init__(self, server, name: str, *, lease_seconds: float = 120,
                 max_failures: int = 3, worker: str | None = None):
        queue_key(name, "pending")  # checks the name
        if lease_seconds <= 0:
            raise ValueError("the lease must be a positive number of seconds")
        self.server, self.name = server, name
        self.lease_ms = int(lease_seconds * 1000)
        self.max_failures = max(1, int(max_failures))
        self.worker = worker or worker_id()
        self.keys = [self.key(part) for part in PARTS]
        self._scripts = {script: server.register_script(source) for script, source in (
            ("enqueue", _ENQUEUE), ("claim", _CLAIM), ("renew", _RENEW),
            ("complete", _COMPLETE), ("release", _RELEASE))}

    def key(self, part: str) -> str:
        return queue_key(self.name, part)

    def _run(self, script: str, *args):
        return self._scripts[script](keys=self.keys, args=list(args))

    def enqueue(self, urls, *, again: bool = False, chunk: int = 1000) -> Enqueued:
        """Adds the URLs not already pending, being audited or done (`again`: done ones too)."""
        urls = list(dict.fromkeys(urls))
        totals = [0, 0, 0]
        for start in range(0, len(urls), chunk):
            counts = self._run("enqueue", int(again), *urls[start:start + chunk])
            totals = [a + int(b) for a, b in zip(totals, counts)]
        return Enqueued(*totals)

    def claim(self, count: int) -> tuple[list[str], int]:
        """Up to `count` sites leased to this worker, and how many expired leases were
        returned to the queue on the way."""
        if count <= 0:
            return [], 0
        reaped, claimed = self._run("claim", self.worker, self.lease_ms, int(count),
                                    self.max_failures)
        return [_text(url) for url in claimed], int(reaped)

    def reap(self) -> int:
        """Returns the sites of expired leases to the queue (claims do it on the way)."""
        return int(self._run("claim", self.worker, self.lease_ms, 0, self.max_failures)[0])

    def renew(self, urls) -> list[str]:
        """Extends this worker's leases; returns the sites it no longer holds."""
        urls = list(urls)
        if not urls:
            return []
        return [_text(url) for url in self._run("renew", self.worker, self.lease_ms, *urls)]

    def complete(self, url: str) -> bool:
        """The site's reports are written. False when its lease had been lost meanwhile."""
        return bool(self._run("complete", self.worker, url))

    def release(self, url: str, *, failed: bool = False, reason: str = "") -> str:
        """Gives a site back: to the front of the queue, or, after a failure, to `failed`
        once it has failed `max_failures` times. Returns "pending", "failed" or
        "not-held"."""
        return _text(self._run("release", self.worker, url, int(failed), reason or "failed",
                               self.max_failures))

    def pending_count(self) -> int:
        return int(self.server.llen(self.key("pending")))

    def status(self) -> dict:
        with self.server.pipeline(transaction=True) as pipe:
            pipe.llen(self.key("pending"))
            pipe.hgetall(self.key("processing"))
            pipe.scard(self.key("done"))
            pipe.hgetall(self.key("failed"))
            pending, processing, done, failed = pipe.execute()
        return {
            "pending": int(pending),
            "processing": {_text(k): _text(v) for k, v in processing.items()},
            "done": int(done),
            "failed": {_text(k): _text(v) for k, v in failed.items()},
        }

    def done(self) -> set[str]:
        return {_text(url) for url in self.server.smembers(self.key("done"))}

    def pending(self) -> list[str]:
        return [_text(url) for url in self.server.lrange(self.key("pending"), 0, -1)]

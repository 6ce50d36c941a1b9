"""Views and downloads buffered in Redis between two flushes: an HINCRBY per request, no row lock.

Pending increments live in one hash; a flush first renames it to a batch of its own (atomically,
in a Lua script), so requests go on counting into a fresh hash while the batch is written to the
database. A batch stays listed until the database has it, so a flush that dies half-way is
finished by the next one.
"""

from __future__ import annotations

import datetime
import uuid
from functools import cache

import redis
from django.conf import settings

PREFIX = "journal:usage"
PENDING = f"{PREFIX}:pending"
BATCHES = f"{PREFIX}:batches"

_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
"""


# The article page's whole conversation with the buffer, one round trip: the COUNTER double-click
# check (a key per reader and item that lives for the window; a repeat renews it), the increment
# when it counts, then the counts still pending for the fields the page shows.
_COUNT_AND_READ = """
local counted = 0
if ARGV[2] ~= '' then
  if redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then
    redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
    counted = 1
  else
    redis.call('EXPIRE', KEYS[1], ARGV[1])
  end
end
local values = {}
if #ARGV >= 3 then values = redis.call('HMGET', KEYS[2], unpack(ARGV, 3)) end
return {counted, values}
"""


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=2, socket_connect_timeout=2)


def client() -> redis.Redis:
    return _client(settings.REDIS_URL)


@cache
def _count_and_read_script(url: str):
    return _client(url).register_script(_COUNT_AND_READ)


def click_key(item: str, visitor_key: str) -> str:
    return f"{PREFIX}:click:{item}:{visitor_key}"


def count_and_read(*, click: str, window: int, field: str | None, read: list[str]) -> tuple[bool, list[int]]:
    """Count ``field`` unless ``click`` was seen within ``window`` seconds (no field: count nothing),
    and return the pending counts of ``read``: one round trip."""
    script = _count_and_read_script(settings.REDIS_URL)
    counted, values = script(keys=[click, PENDING], args=[window, field or "", *read])
    return bool(counted), [int(value or 0) for value in values]


def batch_key(batch_id: str) -> str:
    return f"{PREFIX}:batch:{batch_id}"


def view_field(article_id: int, day: datetime.date) -> str:
    return f"v:{article_id}:{day.isoformat()}"


def download_field(article_id: int, galley_id: int, day: datetime.date) -> str:
    return f"d:{article_id}:{galley_id}:{day.isoformat()}"


def add(field: str) -> None:
    client().hincrby(PENDING, field, 1)


def pending(fields: list[str]) -> list[int]:
    """Counts not yet flushed, for showing up-to-date totals."""
    if not fields:
        return []
    return [int(value or 0) for value in client().hmget(PENDING, fields)]


def claim_batch() -> str | None:
    """Move everything pending into a new batch; None when nothing is pending."""
    batch_id = uuid.uuid4().hex
    claimed = client().eval(_CLAIM, 3, PENDING, batch_key(batch_id), BATCHES, batch_id)
    return batch_id if claimed else None


def open_batches() -> list[str]:
    return sorted(client().smembers(BATCHES))


def read_batch(batch_id: str) -> dict[str, int]:
    return {field: int(value) for field, value in client().hgetall(batch_key(batch_id)).items()}


def discard_batch(batch_id: str) -> None:
    pipe = client().pipeline()
    pipe.delete(batch_key(batch_id))
    pipe.srem(BATCHES, batch_id)
    pipe.execute()

"""Django's Redis cache, keeping one client per connection pool and serving through an outage.

Django's client builds a new ``redis.Redis`` object for every cache call; that object's set-up
(its response callbacks) cost about a sixth of a cached article page in a profile of the demo
page. The pools were already per process; so are these clients.

When Redis does not answer, reads are misses and stores are skipped: a page is rendered instead
of served from the cache, which is slower but still a page. Deletes are different: a lost delete
leaves stale data behind, so they raise and the caller decides (see ``public_cache``).
"""

import logging

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _unavailable(operation: str, exc: Exception) -> None:
    log.warning("Cache unavailable, %s skipped: %s", operation, exc)


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except redis.RedisError as exc:
            _unavailable("read", exc)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except redis.RedisError as exc:
            _unavailable("read", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except redis.RedisError as exc:
            _unavailable("read", exc)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except redis.RedisError as exc:
            _unavailable("store", exc)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except redis.RedisError as exc:
            _unavailable("store", exc)
            return list(data)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except redis.RedisError as exc:
            _unavailable("store", exc)
            return False

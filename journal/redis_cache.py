"""Django's Redis cache, keeping one client per connection pool.

Django's client builds a new ``redis.Redis`` object for every cache call; that object's set-up
(its response callbacks) cost about a sixth of a cached article page in a profile of the demo
page. The pools were already per process; so are these clients.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

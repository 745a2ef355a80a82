"""A cache in the process's own memory that keeps objects as they are, without pickling them.

Django's local-memory cache pickles every value on the way in and out, so that a caller who
changes what it got cannot change what is kept. For the "pages" cache (whole pages, rendered
fragments and the catalogue's filter counts, all kept under the public content version) that
copy cost more than the rendering it saves: unpickling the catalogue's ~600 filter options took
about a millisecond per request. What goes in here is never changed after it is stored (bytes,
strings, frozen dataclasses and lists nobody appends to), so it is kept by reference.
``PAGE_CACHE_URL=objects://name?max_entries=N``; not for values anybody mutates.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ObjectCache(LocMemCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._cache[key] + delta
            self._cache[key] = value
            self._cache.move_to_end(key, last=False)
        return value

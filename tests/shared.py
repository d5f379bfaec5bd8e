"""Test data built once and shared by consecutive tests, in the spirit of `setUpTestData`.

A fixture made with `@shared_fixture` (a city, a page tree) is not built by each test that
asks for it. The first test that asks opens an outer transaction, builds the data in it (a
"layer"; a fixture built on another gets a savepoint on that one's layer), and runs in its
own savepoint inside, as every test runs in one; the tests after it that ask for the same
fixtures, in the same order, run in their own savepoints on the same layers. A layer is
rolled back as soon as the next test does not want it (other data, none, or a transactional
database), and at the end of the session.

What each test gets is its own: model instances are fetched again by primary key for every
test (within a test, one row is one instance, as when the fixtures built it), and the cache
entries the build wrote are written again when the test first asks for the data, which is
when the build would have written them.

Transactional tests (live server, `transactional_db`) cannot live inside a transaction: they
build the data themselves, and so does every test with CITYGUIDE_SHARED_DATA=0 (for a
suspicion that a failure comes from the sharing).
"""

import os
from contextlib import contextmanager

import pytest
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.test import TestCase

SHARING = os.environ.get("CITYGUIDE_SHARED_DATA", "1") != "0"


@contextmanager
def run_on_commit(using=DEFAULT_DB_ALIAS):
    """Run the on_commit callbacks added in the block at its end, as a commit would
    (wagtail-localize publishes translations on commit), and forget them: Django's
    captureOnCommitCallbacks leaves them in the connection's list, where a later dedupe of
    pending callbacks (guides.api.tasks.schedule_city_refresh) would take them for pending."""
    pending = connections[using].run_on_commit
    start = len(pending)
    with TestCase.captureOnCommitCallbacks(using=using, execute=True) as callbacks:
        yield callbacks
    del pending[start:]


_BUILDERS = {}


class Builder:
    def __init__(self, build, needs):
        self.build = build
        self.name = build.__name__
        self.need_names = needs

    @property
    def needs(self):
        return [_BUILDERS[name] for name in self.need_names]

    def __repr__(self):
        return f"<shared fixture {self.name}>"


def shared_fixture(*needs):
    """Make a function that builds test data into a shared, function-scoped fixture.

    `needs` names the shared fixtures it builds on; the function gets them as keyword
    arguments. It must return model instances, or dicts, lists or tuples of them (and plain
    values), since each test gets them fetched again. Names are unique among shared fixtures.
    """

    def decorate(build):
        builder = Builder(build, needs)
        if builder.name in _BUILDERS:
            raise TypeError(f"two shared fixtures are named {builder.name!r}")
        _BUILDERS[builder.name] = builder

        def fixture(db, _shared_layer):
            return _shared_layer.get(builder)

        fixture.__name__ = builder.name
        fixture.__doc__ = build.__doc__
        fixture._shared_builder = builder
        return pytest.fixture(name=builder.name)(fixture)

    return decorate


def wanted_builders(item):
    """The shared builders an item's fixtures need, in the order they are built."""
    found = []
    for name in item.fixturenames:
        definitions = item._fixtureinfo.name2fixturedefs.get(name)
        builder = definitions and getattr(definitions[-1].func, "_shared_builder", None)
        if builder is not None:
            _add_with_needs(builder, found)
    return tuple(found)


def _add_with_needs(builder, found):
    for need in builder.needs:
        _add_with_needs(need, found)
    if builder not in found:
        found.append(builder)


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = item.fixturenames
    return any(
        name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )


class Layer:
    """One shared fixture's data, in a transaction (the first) or a savepoint on the one below."""

    def __init__(self, builder, atomic, value, cache_writes):
        self.builder = builder
        self.atomic = atomic
        self.value = value
        self.cache_writes = cache_writes


class Layers:
    """The open layers of shared data on the default database, each built on the one below:
    tests that want (augsburg, rich_page) after tests that wanted (augsburg,) only build
    rich_page, and tests that want (augsburg,) after them only roll rich_page back."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.stack = []
        self.connection = None
        self.builds = 0
        self.uses = 0

    @property
    def key(self):
        return tuple(layer.builder for layer in self.stack)

    @property
    def values(self):
        return {layer.builder: layer.value for layer in self.stack}

    @property
    def cache_writes(self):
        return [layer.cache_writes for layer in self.stack]

    def key_for(self, item):
        if not SHARING or not cache_is_listable() or is_transactional(item):
            return ()
        return wanted_builders(item)

    def enter(self, item):
        """Make the layers the test needs the open ones; the test's own savepoint comes next."""
        key = self.key_for(item)
        self.keep(key)
        with self.blocker.unblock():
            for builder in key[len(self.stack) :]:
                self._push(builder)
        self.uses += bool(key)
        return TestData(self if key else None)

    def keep(self, key):
        """Roll back the layers that are not the start of key, topmost first."""
        common = 0
        for layer, builder in zip(self.stack, key, strict=False):
            if layer.builder is not builder:
                break
            common += 1
        while len(self.stack) > common:
            self._pop()

    def close(self):
        self.keep(())

    def _push(self, builder):
        if not self.stack:
            self.connection = connections[DEFAULT_DB_ALIAS]
        atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
        atomic._from_testcase = True  # durable blocks in the code under test stay allowed
        atomic.__enter__()
        layer = Layer(builder, atomic, None, None)
        self.stack.append(layer)
        try:
            before = _cache_state()
            # The layers below as they are in the database now, not as their last build on
            # top left them in memory (a page's numchild, say).
            below = Refetch()
            layer.value = _call(builder, {b: below(v) for b, v in self.values.items()})
            layer.cache_writes = _cache_writes(before, _cache_state())
        except BaseException:
            self._pop()
            raise
        self.builds += 1

    def _pop(self):
        layer = self.stack.pop()
        if connections[DEFAULT_DB_ALIAS] is not self.connection:
            raise RuntimeError("the shared test data's connection was replaced while open")
        with self.blocker.unblock():
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            layer.atomic.__exit__(None, None, None)


class Refetch:
    """Model instances fetched again by primary key, one instance per row."""

    def __init__(self):
        self.instances = {}

    def __call__(self, value):
        if isinstance(value, models.Model):
            key = (type(value), value.pk)
            if key not in self.instances:
                self.instances[key] = type(value)._default_manager.get(pk=value.pk)
            return self.instances[key]
        if isinstance(value, dict):
            return {name: self(item) for name, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self(item) for item in value)
        return value


class TestData:
    """One test's view of the shared data: its own instances, built or fetched once."""

    def __init__(self, layers):
        self.layers = layers
        self.values = {}
        self.fresh = Refetch()
        self.cache_written = False

    def get(self, builder):
        if builder not in self.values:
            if self.layers is None or builder not in self.layers.values:
                # A transactional test, or a fixture asked for by getfixturevalue().
                self.values[builder] = _call(builder, self.values, self.get)
            else:
                if not self.cache_written:  # as the build would have, when first asked for
                    for writes in self.layers.cache_writes:
                        _apply_cache_writes(writes)
                    self.cache_written = True
                self.values[builder] = self.fresh(self.layers.values[builder])
        return self.values[builder]


def _call(builder, values, get=None):
    arguments = {}
    for need in builder.needs:
        arguments[need.name] = get(need) if get else values[need]
    value = builder.build(**arguments)
    _check_shareable(builder, value)
    return value


def _check_shareable(builder, value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        for item in value:
            _check_shareable(builder, item)
    elif not isinstance(value, models.Model | str | int | float | bool | type(None)):
        raise TypeError(f"{builder!r} returned {value!r}, which cannot be fetched again")


# The build's cache entries: the local-memory cache (the test settings' cache) is read
# directly; with any other backend the entries cannot be listed, so sharing is off.


def cache_is_listable():
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def _cache_state():
    backend = caches[DEFAULT_CACHE_ALIAS]
    return dict(backend._cache), dict(backend._expire_info)


def _cache_writes(before, after):
    (old, _), (new, expiry) = before, after
    written = {key: (value, expiry.get(key)) for key, value in new.items() if old.get(key) != value}
    deleted = [key for key in old if key not in new]
    return written, deleted


def _apply_cache_writes(writes):
    written, deleted = writes
    backend = caches[DEFAULT_CACHE_ALIAS]
    with backend._lock:
        for key in deleted:
            backend._cache.pop(key, None)
            backend._expire_info.pop(key, None)
        for key, (value, expiry) in written.items():
            backend._cache[key] = value
            backend._cache.move_to_end(key, last=False)
            backend._expire_info[key] = expiry

"""Background builds of a city's stored page objects (django-tasks, see guides.api.fragments).

Two jobs, each asked for when the transaction that needs it commits, at most once per
transaction and city:

- a publish (or unpublish, move, delete) marks the objects it changed; `build_fragments_task`
  then builds the marked ones of the languages that changed (`fragments.settle`), so that the
  next list request only joins stored objects;
- a city-wide change (a page moved or hidden, an image, a contact card, an organization…)
  asks for `refresh_city_task`, which rebuilds the whole city from scratch and so also does
  what a pending build would.

The request only queues (one INSERT with the production backend, `manage.py db_worker`); the
jobs run at once in development and tests.

Offline bundles (guides.api.bundles) are rebuilt the same way after every change of a
city-language version, on `settings.API_BUNDLE_TASK_BACKEND` (tests queue them without running:
a bundle renders images, and a test that wants one builds it).
"""

from django.conf import settings
from django.db import connection, transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task

from guides.api import fragments
from guides.api.bundles.build import build_city_bundles


@task()
def refresh_city_task(slug: str) -> dict[str, int]:
    return fragments.refresh_city(slug)


@task()
def build_fragments_task(slug: str, languages: list[str] | None) -> dict[str, int]:
    return fragments.settle(slug, languages)


def _enqueue(slug):
    refresh_city_task.enqueue(slug)


def _pending(kind, slug):
    """The callback queued in this savepoint for (kind, slug), or None (one per savepoint: a
    rolled-back one takes its own along)."""
    savepoints = set(connection.savepoint_ids)
    for sids, func, *_robust in connection.run_on_commit:
        if sids == savepoints and getattr(func, kind, None) == slug:
            return func
    return None


def schedule_city_refresh(slug: str) -> None:
    """Queue a rebuild of the city's fragments when the current transaction commits (once)."""
    if _pending("city_refresh", slug):
        return
    build = _pending("fragment_build", slug)
    if build is not None:
        build.superseded = True  # the rebuild does what it would

    def enqueue():
        _enqueue(slug)

    enqueue.city_refresh = slug
    transaction.on_commit(enqueue)


def schedule_fragment_build(slug: str, language: str | None = None) -> None:
    """Queue a build of the city's marked fragments in `language` (None: every language) when
    the current transaction commits: one job per city and transaction, for every language
    asked for in it."""
    if _pending("city_refresh", slug):
        return  # the rebuild does it all
    pending = _pending("fragment_build", slug)
    if pending is not None:
        if language is None or pending.languages is None:
            pending.languages = None
        else:
            pending.languages.add(language)
        return

    def enqueue():
        if not enqueue.superseded:
            languages = None if enqueue.languages is None else sorted(enqueue.languages)
            build_fragments_task.enqueue(slug, languages)

    enqueue.fragment_build = slug
    enqueue.languages = None if language is None else {language}
    enqueue.superseded = False
    transaction.on_commit(enqueue)


@task()
def build_bundles_task(slug: str, language: str | None = None) -> dict[str, int]:
    return build_city_bundles(slug, language)


def _bundle_backend():
    """settings.API_BUNDLE_TASK_BACKEND, or the default backend where TASKS has no such alias
    (a settings override): a publish never fails for want of a bundle backend."""
    alias = settings.API_BUNDLE_TASK_BACKEND
    return alias if alias in settings.TASKS else DEFAULT_TASK_BACKEND_ALIAS


def _enqueue_bundle(slug, language):
    build_bundles_task.using(backend=_bundle_backend()).enqueue(slug, language)


def schedule_bundle_build(slug: str, language: str | None = None) -> None:
    """Queue a build of the city's offline bundles (one language's, or every language's) when
    the current transaction commits: once per city-language and transaction."""
    if _pending("bundle_build", (slug, language)) or _pending("bundle_build", (slug, None)):
        return

    def enqueue():
        _enqueue_bundle(slug, language)

    enqueue.bundle_build = (slug, language)
    transaction.on_commit(enqueue)

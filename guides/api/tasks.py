"""Background rebuilds of a city's stored page objects (django-tasks, see guides.api.fragments).

A city-wide change (a page moved or hidden, an image, a contact card, an organization…) asks
for one rebuild of the city when its transaction commits, at most once per transaction. The
request that made the change only marks fragments (guides.api.fragments.mark_*); the rebuild
runs on the worker in production (`manage.py db_worker`) and at once in development and tests.

Offline bundles (guides.api.bundles) are rebuilt the same way after every change of a
city-language version, on `settings.API_BUNDLE_TASK_BACKEND` (tests queue them without running:
a bundle renders images, and a test that wants one builds it).
"""

from django.conf import settings
from django.db import connection, transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task

from guides.api import fragments


@task()
def refresh_city_task(slug: str) -> dict[str, int]:
    return fragments.refresh_city(slug)


def _enqueue(slug):
    refresh_city_task.enqueue(slug)


def schedule_city_refresh(slug: str) -> None:
    """Queue a rebuild of the city's fragments when the current transaction commits (once)."""
    savepoints = set(connection.savepoint_ids)
    pending = {
        getattr(func, "city_refresh", None)
        for sids, func, *_robust in connection.run_on_commit
        if sids == savepoints  # one rebuild per savepoint: a rolled-back one takes its own along
    }
    if slug in pending:
        return

    def enqueue():
        _enqueue(slug)

    enqueue.city_refresh = slug
    transaction.on_commit(enqueue)


@task()
def build_bundles_task(slug: str, language: str | None = None) -> dict[str, int]:
    from guides.api.bundles.build import build_city_bundles  # the build imports the services

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
    savepoints = set(connection.savepoint_ids)
    pending = {
        getattr(func, "bundle_build", None)
        for sids, func, *_robust in connection.run_on_commit
        if sids == savepoints
    }
    if (slug, language) in pending or (slug, None) in pending:
        return

    def enqueue():
        _enqueue_bundle(slug, language)

    enqueue.bundle_build = (slug, language)
    transaction.on_commit(enqueue)

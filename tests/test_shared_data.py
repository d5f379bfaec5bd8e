"""Shared fixtures (tests/shared.py): built once for consecutive tests, yet each test gets the
data as built: its own instances, none of the test before's changes, the build's cache entries.

The tests run in this order; run alone, each still checks what it can."""

from django.core.cache import cache

from guides.models import CityPage, GuidePage
from tests.conftest import make_page
from tests.shared import SHARING, run_on_commit, shared_fixture

CACHE_KEY = "tests:shared-data"
seen = {}


@shared_fixture("augsburg")
def noted_city(augsburg):
    """Augsburg with a page, noted in the cache when built."""
    make_page(augsburg, "Gebaut")
    cache.set(CACHE_KEY, augsburg.pk)
    return augsburg


def test_a_test_may_change_the_shared_data(noted_city):
    assert cache.get(CACHE_KEY) == noted_city.pk
    seen.update(pk=noted_city.pk, instance=noted_city)
    noted_city.title = "Geändert"
    noted_city.save_revision().publish()
    make_page(noted_city, "Nur in diesem Test")
    cache.clear()
    assert CityPage.objects.get(pk=noted_city.pk).title == "Geändert"


def test_the_next_test_gets_the_data_as_built(noted_city):
    if seen and SHARING:
        assert noted_city.pk == seen["pk"], "built again, not shared"
        assert noted_city is not seen["instance"]
    assert noted_city.title == "Augsburg"
    assert [page.title for page in GuidePage.objects.child_of(noted_city)] == ["Gebaut"]
    assert noted_city.numchild == 1
    assert cache.get(CACHE_KEY) == noted_city.pk


def test_one_row_is_one_instance_within_a_test(noted_city, augsburg):
    assert noted_city is augsburg


def test_a_test_without_the_fixture_sees_none_of_its_data(db):
    assert not CityPage.objects.filter(slug="augsburg").exists()


def test_callbacks_run_on_commit_are_forgotten(db, on_commit, monkeypatch):
    """A callback run by the harness leaves the connection's list: a later dedupe against
    pending callbacks (guides.api.tasks.schedule_city_refresh) must not see it."""
    from guides.api import tasks

    enqueued = []
    monkeypatch.setattr(tasks, "_enqueue", enqueued.append)
    for block in (on_commit, run_on_commit):
        enqueued.clear()
        for _ in range(2):
            with block():
                tasks.schedule_city_refresh("augsburg")
        assert enqueued == ["augsburg", "augsburg"], block

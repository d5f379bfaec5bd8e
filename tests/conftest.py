"""Shared builders: each test makes the few cities, pages and users it needs.

The cities below are shared fixtures (tests/shared.py): consecutive tests that ask for the
same ones share one build, each test in its own savepoint, with its own instances.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import translation
from wagtail.models import Locale

from guides.cities import create_city
from guides.models import CityPage, GuidePage
from tests.shared import Layers, run_on_commit, shared_fixture
from tests.worker import database_tasks  # noqa: F401 (a fixture for every test)

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def _prebuilt_base(tmp_path_factory):
    return tmp_path_factory.mktemp("prebuilt")


@pytest.fixture(autouse=True)
def _own_prebuilt_files(settings, _prebuilt_base):
    """Each test its own pre-built list files: ids and versions repeat across rolled-back
    tests, and a file left by another test would answer for them (guides.api.prebuilt)."""
    settings.API_PREBUILT_ROOT = str(_prebuilt_base / str(next(_counter)))


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup, django_db_blocker):
    """The database as migrations left it (locales, home page), serialized once.

    pytest-django serializes it only when some collected test without a `django_db` mark asks
    for serialized rollback; a run of marked tests alone gets it serialized here."""
    connection = connections["default"]
    with django_db_blocker.unblock():
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        return connection._test_serialized_contents


@pytest.fixture(autouse=True)
def _keep_migrated_data(_migrated_data, django_db_serialized_rollback):
    """Transactional (live-server) tests truncate tables; serialized rollback puts the
    migrated data back before the next one.

    Playwright's sync API runs an event loop in this thread, so Django hands out a fresh
    connection wrapper per context, one that lacks the serialized copy to restore from."""
    connections["default"]._test_serialized_contents = _migrated_data


_layers_key = pytest.StashKey()


@pytest.fixture(scope="session")
def _shared_layers(request, django_db_setup, django_db_blocker):
    """The open layers of shared test data; rolled back before the test database goes."""
    layers = request.config.stash[_layers_key] = Layers(django_db_blocker)
    yield layers
    layers.close()


@pytest.fixture
def _shared_layer(request, _shared_layers):
    return _shared_layers.enter(request.node)


@pytest.fixture
def _django_db_helper(_shared_layer, _django_db_helper):
    """pytest-django's per-test transaction (every database fixture and marker comes here),
    opened inside the layer of shared data the test needs, after that layer is ready."""
    return _django_db_helper


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll back the layers the next test does not want at once: before its session
    fixtures (a live server, a browser) start."""
    try:
        return (yield)
    finally:
        layers = item.config.stash.get(_layers_key, None)
        if layers is not None and nextitem is not None:
            layers.keep(layers.key_for(nextitem))


def pytest_terminal_summary(terminalreporter, config):
    layers = config.stash.get(_layers_key, None)
    if layers is not None and config.option.verbose > 0:
        terminalreporter.write_line(
            f"shared test data: {layers.builds} builds for {layers.uses} tests"
        )


def make_page(parent, title=None, *, body=None, teaser="", publish=True, **fields):
    """Add a GuidePage under parent (a CityPage or GuidePage) and publish it."""
    title = title or f"Seite {next(_counter)}"
    page = GuidePage(
        title=title,
        teaser=teaser,
        live=publish,
        body=body
        or [
            {"type": "paragraph", "value": f"<p>Text zu <b>{title}</b>.</p>"},
        ],
        **fields,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_user(username, *, city=None, superuser=False, password="pw"):
    user = get_user_model().objects.create_user(
        username=username, password=password, is_superuser=superuser, is_staff=superuser
    )
    if city is not None:
        user.groups.add(city.editors_group)
    return user


@pytest.fixture
def in_english(client):
    """Our messages as their msgids say them, for tests that read them: the site's default
    language is German, and so is every message of ours without a request in another language
    (tests/e2e/test_german_admin.py checks the German). The test client asks for English too."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def locale():
    return lambda code: Locale.objects.get(language_code=code)


@pytest.fixture
def on_commit():
    """Run on_commit callbacks at once: wagtail-localize publishes translations on commit."""
    return run_on_commit


@pytest.fixture
def city_factory(db, on_commit):
    def build(slug="augsburg", name=None, languages=("de", "en", "ar")):
        with on_commit():
            return create_city(slug, name or slug.title(), list(languages))

    return build


def build_city(slug, name, languages):
    with run_on_commit():
        return create_city(slug, name, list(languages))


@shared_fixture()
def augsburg():
    return build_city("augsburg", "Augsburg", ("de", "en", "ar", "fa"))


@shared_fixture()
def nuernberg():
    return build_city("nuernberg", "Nürnberg", ("de", "en", "uk"))


@pytest.fixture
def page_factory(db):
    return make_page


@pytest.fixture
def user_factory(db):
    return make_user


def city_translation(city, code):
    return CityPage.objects.get(translation_key=city.translation_key, locale__language_code=code)

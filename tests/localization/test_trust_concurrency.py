"""Concurrent status writes (PostgreSQL): a source publish running beside an export must not
lose "in translation". Tracking commands lock the rows they change and write only the columns
they change; before, a publish wrote back every column of rows it had read before the export
committed."""

import threading
import time

import pytest
from django.db import connection, transaction

from guides.cities import create_city
from localization import tracking
from localization.models import TranslationStatus
from localization.recompute import differences, expected_city_rows
from tests.conftest import make_page
from tests.localization.conftest import loc

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite: no-op)"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def in_thread(target, errors):
    def run():
        try:
            target()
        except Exception as error:  # noqa: BLE001 - reported to the test thread, which fails
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_source_publish_beside_an_export_keeps_in_translation():
    city = create_city("augsburg", "Augsburg", ["de", "en", "ar"])
    page = make_page(city, "Parallel")
    page.title = "Parallel, geändert"
    revision = page.save_revision()
    exported, errors = threading.Event(), []

    def export():
        with transaction.atomic():
            tracking.mark_in_translation(page, [loc("en")])
            exported.set()
            time.sleep(1.0)  # the publish reads and writes meanwhile

    def publish():
        exported.wait(5)
        revision.publish()

    threads = [in_thread(export, errors), in_thread(publish, errors)]
    for thread in threads:
        thread.join(30)
    assert errors == []

    row = TranslationStatus.objects.get(
        translation_key=page.translation_key, target_locale=loc("en")
    )
    assert (row.in_translation, row.status, row.source_revision_id) == (
        True,
        "in_translation",
        revision.pk,
    )
    stored = TranslationStatus.objects.filter(city_id=city.pk)
    assert differences(stored, expected_city_rows(city)) == []


def test_export_beside_a_source_publish_keeps_the_new_source_version():
    city = create_city("augsburg", "Augsburg", ["de", "en", "ar"])
    page = make_page(city, "Gleichzeitig")
    page.title = "Gleichzeitig, geändert"
    revision = page.save_revision()
    published, errors = threading.Event(), []

    def publish():
        with transaction.atomic():
            revision.publish()
            published.set()
            time.sleep(1.0)  # the export reads and writes meanwhile

    def export():
        published.wait(5)
        tracking.mark_in_translation(page, [loc("en"), loc("ar")])

    threads = [in_thread(publish, errors), in_thread(export, errors)]
    for thread in threads:
        thread.join(30)
    assert errors == []

    rows = TranslationStatus.objects.filter(translation_key=page.translation_key)
    assert sorted(
        (row.target_locale.language_code, row.in_translation, row.status, row.source_revision_id)
        for row in rows
    ) == [("ar", True, "in_translation", revision.pk), ("en", True, "in_translation", revision.pk)]
    stored = TranslationStatus.objects.filter(city_id=city.pk)
    assert differences(stored, expected_city_rows(city)) == []

"""Status writes with real commits: two threads at once on PostgreSQL, and the order in which
a commit runs wagtail-localize's publish.

A status row must never lose an update: each write changes only the facts it is about, on a
row it has locked. Each round starts two threads together at a barrier. In one round of three
the first thread is held just after it first reads the status table, in the next the second
one is, until the other thread has finished or waits for a lock that the held one owns; in the
third they race freely. A row read, changed in Python and written back whole loses the other
thread's write in the held interleaving; with row locks every interleaving gives the same end.

Outside a test's own transaction, wagtail-localize's `save_target(publish=True)` publishes when
its inner transaction commits, before it logs the translation it wrote: the order of a real
request to its translation editor, which the tests that run inside a transaction never see.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from wagtail.models import Page, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from localization.models import TranslationStatus
from localization.tracking import TrackingError, cancel_in_translation, mark_in_translation
from tests.conftest import make_page, make_user
from tests.localization.conftest import loc

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STATUS_TABLE = f'"{TranslationStatus._meta.db_table}"'
WAIT = 10  # seconds: longer than any step here takes, short enough to fail rather than hang


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions are tested on PostgreSQL")


def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


class HoldAfterStatusRead:
    """Database instrumentation for one thread: after its first read of the status table,
    wait until the other thread has finished or is blocked by a lock this one holds."""

    def __init__(self, pids, me, other_done):
        self.pids, self.me, self.other_done = pids, me, other_done
        self.read = threading.Event()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        reads_status = sql.lstrip().upper().startswith("SELECT") and STATUS_TABLE in sql
        if reads_status and not self.read.is_set():
            self.read.set()
            self._let_the_other_run(context["connection"].connection)
        return result

    def _let_the_other_run(self, raw_connection):
        mine, other = self.pids[self.me], self.pids[1 - self.me]
        deadline = time.monotonic() + WAIT
        with raw_connection.cursor() as cursor:  # the driver's cursor: not instrumented again
            while not self.other_done.is_set() and time.monotonic() < deadline:
                cursor.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [mine, other])
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.005)


def run_together(first, second, *, hold=None):
    """Run first() and second() in two threads started together at a barrier; hold (0, 1 or
    None) is the thread held after its first read of the status table."""
    works = (first, second)
    barrier = threading.Barrier(2)
    done = [threading.Event(), threading.Event()]
    pids = [None, None]
    errors = []
    holder = HoldAfterStatusRead(pids, hold, done[1 - hold]) if hold is not None else None

    def worker(index):
        try:
            pids[index] = _backend_pid()
            barrier.wait(timeout=WAIT)
            if holder is not None and index == hold:
                with connection.execute_wrapper(holder):
                    works[index]()
                return
            if holder is not None:  # start once the held thread has read, or has finished
                deadline = time.monotonic() + WAIT
                while not (holder.read.is_set() or done[hold].is_set()):
                    if time.monotonic() > deadline:
                        raise TimeoutError("the held thread neither read nor finished")
                    time.sleep(0.001)
            works[index]()
        except BaseException as error:  # noqa: BLE001 - any failure in a thread fails the test
            errors.append(error)
        finally:
            done[index].set()
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=4 * WAIT)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]


def holds(rounds):
    """Which thread each round holds: the first, the second, neither, and again."""
    return [(0, 1, None)[number % 3] for number in range(rounds)]


def translate_strings(page, code):
    """A translator fills in every segment of the page's current source strings."""
    locale = loc(code)
    source = TranslationSource.objects.get_for_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"[{code}] {segment.string.data}"},
        )


def translate_everything(page, code, *, publish=True):
    """Refresh the source strings, translate every segment, write the translation: in one
    transaction, as wagtail-localize's views and operations do."""
    locale = loc(code)
    source, _created = TranslationSource.update_or_create_from_instance(
        Page.objects.get(pk=page.pk).specific
    )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    translate_strings(page, code)
    with transaction.atomic():
        translation.save_target(publish=publish)


def real_change_draft(page, title):
    """A real (unflagged) change of the source, saved and not yet published."""
    page = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    page.title = title
    return page.save_revision()


def publish(revision_id):
    Revision.objects.get(pk=revision_id).publish()


def cancel_unless_synced(page, code):
    """Cancel the job; a sync that committed first has ended it, and then there is nothing
    to cancel: both orders are correct, and both end with the same row."""
    try:
        cancel_in_translation(page, [loc(code)])
    except TrackingError as error:
        assert "nothing to cancel" in str(error)


def row(page, code):
    return TranslationStatus.objects.get(source_page_id=page.pk, target_locale=loc(code))


def facts(page, code):
    stored = row(page, code)
    return stored.status, stored.in_translation, stored.source_revision_id


def test_source_publish_beside_send_keeps_in_translation_and_the_new_source(augsburg, postgresql):
    page = make_page(augsburg)
    translate_everything(page, "en")
    for number, hold in enumerate(holds(21)):
        if row(page, "en").in_translation:  # the last round's job
            cancel_in_translation(page, [loc("en")])
        revision = real_change_draft(page, f"Geändert {number}")
        run_together(
            lambda revision_id=revision.pk: publish(revision_id),
            lambda: mark_in_translation(page, [loc("en")]),
            hold=hold,
        )
        assert (number, facts(page, "en"), row(page, "ar").source_revision_id) == (
            number,
            ("in_translation", True, revision.pk),
            revision.pk,
        )


def test_cancel_beside_a_translation_sync_keeps_the_sync(augsburg, postgresql):
    page = make_page(augsburg)
    translate_everything(page, "en")
    for number, hold in enumerate(holds(12)):
        revision = real_change_draft(page, f"Geändert {number}")
        publish(revision.pk)
        mark_in_translation(page, [loc("en")])
        translate_everything(page, "en", publish=False)
        draft = Page.objects.get(
            translation_key=page.translation_key, locale=loc("en")
        ).latest_revision_id
        run_together(
            lambda draft_id=draft: publish(draft_id),
            lambda: cancel_unless_synced(page, "en"),
            hold=hold,
        )
        stored = row(page, "en")
        assert (number, stored.status, stored.in_translation, stored.synced_revision_id) == (
            number,
            "up_to_date",
            False,
            revision.pk,
        )


def test_source_publish_beside_cancel_keeps_the_new_source(augsburg, postgresql):
    page = make_page(augsburg)
    translate_everything(page, "en")
    for number, hold in enumerate(holds(12)):
        mark_in_translation(page, [loc("en")])
        revision = real_change_draft(page, f"Geändert {number}")
        run_together(
            lambda revision_id=revision.pk: publish(revision_id),
            lambda: cancel_in_translation(page, [loc("en")]),
            hold=hold,
        )
        assert (number, facts(page, "en")) == (number, ("outdated", False, revision.pk))


def test_source_publish_beside_unpublishing_the_translation_keeps_both(augsburg, postgresql):
    page = make_page(augsburg)
    translate_everything(page, "en")
    translation = Page.objects.get(translation_key=page.translation_key, locale=loc("en"))
    for number, hold in enumerate(holds(12)):
        if not row(page, "en").translation_live:  # the last round unpublished it
            publish(Page.objects.get(pk=translation.pk).latest_revision_id)
        revision = real_change_draft(page, f"Geändert {number}")
        run_together(
            lambda revision_id=revision.pk: publish(revision_id),
            lambda: Page.objects.get(pk=translation.pk).unpublish(),
            hold=hold,
        )
        stored = row(page, "en")
        assert (number, stored.status, stored.translation_live, stored.source_revision_id) == (
            number,
            "missing",
            False,
            revision.pk,
        )


def test_publishing_from_the_translation_editor_makes_the_translation_up_to_date(augsburg, client):
    """The editor's "Publish" runs `save_target` in no outer transaction: the status must
    follow the translation it publishes, first written and after a real change alike."""
    client.force_login(make_user("admin", superuser=True))
    page = make_page(augsburg)
    translate_object(page, [loc("en")])  # "Translate this page": a copy, nothing translated
    translation = Page.objects.get(translation_key=page.translation_key, locale=loc("en"))
    translate_strings(page, "en")
    response = client.post(f"/admin/pages/{translation.pk}/edit/", {"action": "publish"})
    stored = row(page, "en")
    assert (response.status_code, stored.status, stored.translated_share) == (
        302,
        "up_to_date",
        1.0,
    )

    revision = real_change_draft(page, "Neu geschrieben")
    publish(revision.pk)
    with transaction.atomic():  # "Sync translated pages" refreshes the source strings
        TranslationSource.update_or_create_from_instance(Page.objects.get(pk=page.pk).specific)
    translate_strings(page, "en")
    response = client.post(f"/admin/pages/{translation.pk}/edit/", {"action": "publish"})
    stored = row(page, "en")
    assert (response.status_code, stored.status, stored.synced_revision_id) == (
        302,
        "up_to_date",
        revision.pk,
    )

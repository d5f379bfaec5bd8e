"""Background jobs: a double confirm imports once, every job ends done or failed with its error,
and production's worker (django-tasks' database backend) records a task that raised."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from localization.xliff import jobs, tasks
from localization.xliff.forms import ConfirmImportForm
from localization.xliff.models import ExportJob, ImportBatch
from tests.worker import run_worker
from tests.xliff.helpers import export_one, fill_targets

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def editor(augsburg, user_factory, client):
    user = user_factory("anna", city=augsburg)
    client.force_login(user)
    return user


@pytest.fixture
def preview_batch(rich_page, editor):
    content = fill_targets(export_one(rich_page, "en").content, "1.2")
    return jobs.preview_upload("file.xlf", content, editor)


@pytest.fixture
def counted_imports(monkeypatch):
    """How many times an import batch was applied."""
    calls = []
    apply_batch = jobs.apply_batch

    def counting(batch_id):
        calls.append(batch_id)
        return apply_batch(batch_id)

    monkeypatch.setattr(jobs, "apply_batch", counting)
    return calls


def test_two_confirms_at_the_same_time_run_the_import_once(
    rich_page, preview_batch, client, on_commit, counted_imports, monkeypatch
):
    """The second submit reads the batch while it is still a preview; the first one runs
    completely in between (as two requests on two app servers would interleave)."""
    url = reverse("xliff:import_confirm", args=[preview_batch.pk])
    clean = ConfirmImportForm.clean
    other_submit = []

    def clean_with_a_concurrent_submit(form):
        if not other_submit:
            other_submit.append(None)  # the other submit's own clean must not submit again
            other_submit[0] = client.post(url, {})
        return clean(form)

    monkeypatch.setattr(ConfirmImportForm, "clean", clean_with_a_concurrent_submit)
    with on_commit():
        second = client.post(url, {})

    assert [r.status_code for r in other_submit] == [302]
    assert second.status_code == 302
    assert counted_imports == [preview_batch.pk]
    preview_batch.refresh_from_db()
    assert preview_batch.state == "done"
    assert [r.outcome for r in preview_batch.results.all()] == ["applied"]
    page = Page.objects.get(translation_key=rich_page.translation_key, locale__language_code="en")
    assert page.draft_title == "EN Wohnen"
    assert page.revisions.count() == 1
    messages = [str(m).strip() for m in second.wsgi_request._messages]
    assert messages == ["This import was already applied."]


def test_a_confirmed_import_waits_for_the_worker_and_a_second_confirm_queues_nothing(
    rich_page, preview_batch, client, on_commit, database_tasks
):
    url = reverse("xliff:import_confirm", args=[preview_batch.pk])
    assert client.post(url, {}).status_code == 302
    assert client.post(url, {}).status_code == 302
    preview_batch.refresh_from_db()
    assert preview_batch.state == "queued"  # not run inside the request
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "localization.xliff.tasks.apply_import_task"
    ]

    with on_commit():
        assert run_worker() >= 1
    preview_batch.refresh_from_db()
    assert preview_batch.state == "done"
    assert [r.outcome for r in preview_batch.results.all()] == ["applied"]
    task = DBTaskResult.objects.get(task_path="localization.xliff.tasks.apply_import_task")
    assert task.status == "SUCCESSFUL"
    assert task.return_value == {"batch": preview_batch.pk, "state": "done"}


def _export_fails_with(monkeypatch, error):
    def export_pairs(*args, **kwargs):
        raise error

    monkeypatch.setattr(jobs, "export_pairs", export_pairs)


def test_an_export_job_that_raises_any_error_ends_failed_with_the_message(
    rich_page, editor, monkeypatch
):
    _export_fails_with(monkeypatch, OSError("No space left on device"))
    job = tasks.start_export(editor, [rich_page.pk], ["en"], "1.2", False)
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.message == "Failed: No space left on device"
    assert job.finished_at is not None


def test_an_export_job_refused_as_a_selection_error_ends_failed_with_its_reason(rich_page, editor):
    job = tasks.start_export(editor, [rich_page.pk], ["fr"], "1.2", False)
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.message == "None of the chosen languages is offered by the pages' cities."


def test_the_worker_records_a_task_that_raised_and_the_job_ends_failed(
    rich_page, editor, monkeypatch, database_tasks
):
    _export_fails_with(monkeypatch, KeyError("segment"))
    job = tasks.start_export(editor, [rich_page.pk], ["en"], "1.2", False)
    assert ExportJob.objects.get(pk=job.pk).state == "queued"

    assert run_worker() == 1
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.message == "Failed: 'segment'"
    task = DBTaskResult.objects.get()
    assert task.task_path == "localization.xliff.tasks.export_job_task"
    assert task.status == "FAILED"
    assert task.exception_class_path == "builtins.KeyError"
    assert "KeyError: 'segment'" in task.traceback


def test_the_export_detail_page_shows_the_failure(rich_page, editor, client, monkeypatch):
    _export_fails_with(monkeypatch, OSError("No space left on device"))
    job = tasks.start_export(editor, [rich_page.pk], ["en"], "1.2", False)
    page = client.get(reverse("xliff:export_detail", args=[job.pk]))
    assert page.status_code == 200
    assert "Failed: No space left on device" in page.content.decode()


def test_a_batch_whose_import_raises_ends_failed(preview_batch, monkeypatch):
    def import_upload(*args, **kwargs):
        raise RuntimeError("worker lost its database")

    monkeypatch.setattr(jobs, "import_upload", import_upload)
    ImportBatch.objects.filter(pk=preview_batch.pk).update(state="queued")
    tasks.start_import(preview_batch)
    preview_batch.refresh_from_db()
    assert preview_batch.state == "failed"
    assert preview_batch.message == "Import failed: worker lost its database"


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="two workers at once need a database that runs two transactions at once",
)
def test_two_first_time_imports_at_once_one_applies_the_other_reports_the_conflict(
    rich_page, augsburg, user_factory, transactional_db
):
    """Two workers apply two batches of the same new translation at the same moment."""
    user = user_factory("anna", city=augsburg)
    content = fill_targets(export_one(rich_page, "en").content, "1.2")
    batches = [jobs.preview_upload(name, content, user) for name in ("a.xlf", "b.xlf")]
    start = threading.Barrier(len(batches))
    errors = []

    def worker(batch_id):
        try:
            start.wait()
            with translation.override("en"):  # a thread starts in the site's language
                tasks.apply_import_task.call(batch_id)
        except Exception as error:  # noqa: BLE001 - any escape is the failure this test reports
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(batch.pk,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    outcomes = {}
    for batch in batches:
        batch.refresh_from_db()
        assert batch.state == "done", batch.message
        [result] = batch.results.all()
        outcomes[result.outcome] = result.message
    assert sorted(outcomes) == ["applied", "rejected"]
    assert outcomes["rejected"] == (
        "This translation was already imported: its page was created by another import or "
        "editor while this file was read. Nothing was written; import the file again to update "
        "that page."
    )
    assert (
        Page.objects.filter(
            translation_key=rich_page.translation_key, locale__language_code="en"
        ).count()
        == 1
    )

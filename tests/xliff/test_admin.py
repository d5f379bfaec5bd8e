"""Admin: upload -> preview -> confirm, the explorer bulk action, the import log, city isolation."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page

from localization.xliff.models import ExportJob, ImportBatch
from tests.xliff.helpers import export_one, fill_targets

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def editor(augsburg, user_factory, client):
    user = user_factory("anna", city=augsburg)
    client.force_login(user)
    return user


def _upload(client, content, name="file.xlf"):
    return client.post(reverse("xliff:import_upload"), {"file": SimpleUploadedFile(name, content)})


def test_upload_preview_confirm_applies_a_draft(rich_page, editor, client, on_commit):
    content = fill_targets(export_one(rich_page, "en").content, "1.2")
    response = _upload(client, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("xliff:import_detail", args=[batch.pk])

    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "Would apply" in html and "EN Wohnen" in html and "Apply the import" in html
    assert not Page.objects.filter(
        translation_key=rich_page.translation_key, locale__language_code="en"
    ).exists()

    with on_commit():
        response = client.post(reverse("xliff:import_confirm", args=[batch.pk]), {})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == "done" and bytes(batch.upload) == b""
    assert [r.outcome for r in batch.results.all()] == ["applied"]
    page = Page.objects.get(translation_key=rich_page.translation_key, locale__language_code="en")
    assert page.draft_title == "EN Wohnen" and not page.live

    log = client.get(reverse("xliff:import_log"))
    assert log.status_code == 200 and "file.xlf" in log.content.decode()


def test_editor_of_another_city_gets_a_clear_rejection_and_no_change(
    rich_page, nuernberg, user_factory, client
):
    client.force_login(user_factory("nina", city=nuernberg))
    content = fill_targets(export_one(rich_page, "en").content, "1.2")
    response = _upload(client, content)
    detail = client.get(response["Location"]).content.decode()
    assert "This file belongs to Augsburg; you can import files only for Nürnberg." in detail
    assert "Apply the import" not in detail
    assert not Page.objects.filter(
        translation_key=rich_page.translation_key, locale__language_code="en"
    ).exists()


def test_hostile_upload_is_shown_as_rejected_never_a_500(rich_page, editor, client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.xlf", b"<xliff/>")
    response = _upload(client, buffer.getvalue(), "evil.zip")
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "points outside the archive" in detail.content.decode()


def test_wrong_extension_is_a_form_error(editor, client):
    response = _upload(client, b"hello", "notes.txt")
    assert response.status_code == 200
    assert "Upload an .xlf, .xliff or .zip file." in response.content.decode()


def test_users_without_a_city_cannot_open_the_import(db, user_factory, client):
    client.force_login(user_factory("nobody"))
    url = reverse("xliff:import_upload")
    response = client.get(url)
    # no city, no admin access: Wagtail sends the user to its login page
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")


def test_other_users_batches_are_private(rich_page, editor, client, user_factory, nuernberg):
    content = fill_targets(export_one(rich_page, "en").content, "1.2")
    batch_url = _upload(client, content)["Location"]
    client.force_login(user_factory("nina", city=nuernberg))
    denied = client.get(batch_url)
    # Wagtail's refusal: PermissionDenied becomes a redirect to the dashboard
    assert (denied.status_code, denied["Location"]) == (302, reverse("wagtailadmin_home"))
    assert b"file.xlf" not in denied.content
    assert "file.xlf" not in client.get(reverse("xliff:import_log")).content.decode()


def test_bulk_action_exports_a_zip_for_the_selection(rich_page, editor, client):
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "export_xliff"))
        + f"?id={rich_page.pk}"
    )
    form = client.get(url)
    assert form.status_code == 200 and "Export XLIFF" in form.content.decode()
    response = client.post(
        url, {"languages": ["en", "ar"], "xliff_version": "2.0", "mark_in_translation": ""}
    )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("xliff:export_detail", args=[job.pk])
    assert job.state == "done", job.message
    download = client.get(reverse("xliff:export_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(download.content)).namelist())
    assert names == [
        f"augsburg_de_ar_{rich_page.pk}_wohnen.xlf",
        f"augsburg_de_en_{rich_page.pk}_wohnen.xlf",
    ]


def test_bulk_action_refuses_pages_of_other_cities(rich_page, nuernberg, user_factory, client):
    client.force_login(user_factory("nina", city=nuernberg))
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "export_xliff"))
        + f"?id={rich_page.pk}"
    )
    response = client.post(url, {"languages": ["en"], "xliff_version": "1.2"})
    assert not ExportJob.objects.exists()
    assert response.status_code == 404  # guides.admin_guard: no such page in Nürnberg


def test_city_export_by_status_selects_only_pages_not_up_to_date(
    augsburg, editor, client, on_commit
):
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    from tests.conftest import make_page

    done, todo = make_page(augsburg, "Fertig"), make_page(augsburg, "Offen")
    with on_commit():
        translate_object(done, [Locale.objects.get(language_code="en")])
    url = reverse("xliff:export_city", args=[augsburg.pk])
    assert "Everything not up to date" in client.get(url + "?status=missing").content.decode()
    response = client.post(url, {"languages": ["en"], "pages": "missing", "xliff_version": "1.2"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("xliff:export_detail", args=[job.pk])
    # Only the missing page: one page in one language gives a single .xlf.
    assert job.state == "done" and job.filename == f"augsburg_de_en_{todo.pk}_offen.xlf"
    assert b"Offen" in bytes(job.result) and b"Fertig" not in bytes(job.result)


def test_city_export_is_refused_for_editors_of_other_cities(
    augsburg, nuernberg, user_factory, client
):
    client.force_login(user_factory("nina", city=nuernberg))
    response = client.post(
        reverse("xliff:export_city", args=[augsburg.pk]),
        {"languages": ["en"], "pages": "all", "xliff_version": "1.2"},
    )
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not ExportJob.objects.exists()

"""XLIFF export from the translation report with its filters, the export log, and the
explorer's bulk action by status and whole subtree."""

import io
import re
import zipfile
from html import unescape

import pytest
from django.urls import reverse

from localization.xliff.models import ExportJob, JobState
from tests.conftest import make_page
from tests.localization.conftest import Flow

BULK_EXPORT = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "export_xliff"))


@pytest.fixture
def editor(augsburg, user_factory, client):
    user = user_factory("anna", city=augsburg)
    client.force_login(user)
    return user


@pytest.fixture
def pages(augsburg, on_commit):
    """Wohnen (translated into English, up to date) and Arbeit (no translation)."""
    flow = Flow(on_commit)
    wohnen, arbeit = make_page(augsburg, "Wohnen"), make_page(augsburg, "Arbeit")
    flow.translate(wohnen, "en")
    return {"wohnen": wohnen, "arbeit": arbeit}


def names_in(job):
    data = bytes(ExportJob.objects.get(pk=job.pk).result)
    if job.filename.endswith(".zip"):
        return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
    return [job.filename]


def export_button_url(html):
    match = re.search(r'href="([^"]+)"[^>]*data-cityguide-export-xliff', html)
    assert match, "no Export XLIFF button on the report"
    return unescape(match.group(1))


def test_report_export_button_carries_the_current_filters(augsburg, pages, editor, client):
    report = reverse("cityguide_translation_report", args=[augsburg.slug])
    export = reverse("xliff:export_city", args=[augsburg.pk])

    filtered = client.get(report + "?status=missing&language=en").content.decode()
    results = client.get(
        reverse("cityguide_translation_report_results", args=[augsburg.slug])
        + "?status=outdated&language=ar"
    ).content.decode()
    unfiltered = client.get(report).content.decode()

    assert export_button_url(filtered) == f"{export}?status=missing&language=en"
    # The filters change the results without reloading: the button comes with them.
    assert export_button_url(results) == f"{export}?status=outdated&language=ar"
    assert export_button_url(unfiltered) == f"{export}?status=all"


def test_export_with_the_report_filters_holds_only_the_pages_the_report_shows(
    augsburg, pages, editor, client
):
    draft = make_page(augsburg, "Entwurf", publish=False)
    url = export_button_url(
        client.get(
            reverse("cityguide_translation_report", args=[augsburg.slug])
            + "?status=missing&language=en"
        ).content.decode()
    )
    form = client.get(url).context["form"]
    assert (form.initial["pages"], form.initial["languages"]) == ("missing", ["en"])

    client.post(url, {"pages": "missing", "languages": ["en"], "xliff_version": "1.2"})
    everything = client.post(url, {"pages": "all", "languages": ["en"], "xliff_version": "1.2"})

    missing_job, all_job = ExportJob.objects.order_by("pk")
    arbeit, wohnen = pages["arbeit"], pages["wohnen"]
    assert names_in(missing_job) == [f"augsburg_de_en_{arbeit.pk}_arbeit.xlf"]
    assert missing_job.page_count == 1
    # "All" is every page the report lists: the published ones, not the draft.
    assert everything.status_code == 302 and all_job.state == JobState.DONE
    assert f"_{draft.pk}_" not in " ".join(names_in(all_job))
    assert {f"augsburg_de_en_{p.pk}_{p.slug}.xlf" for p in (arbeit, wohnen)} <= set(
        names_in(all_job)
    )


def test_export_log_lists_the_citys_exports_and_downloads_them_again(
    augsburg, nuernberg, pages, editor, user_factory, client
):
    colleague = user_factory("bert", city=augsburg)
    client.force_login(colleague)
    client.post(
        reverse("xliff:export_city", args=[augsburg.pk]),
        {"pages": "missing", "languages": ["en"], "xliff_version": "1.2"},
    )
    job = ExportJob.objects.get()
    other = ExportJob.objects.create(
        user=user_factory("nina", city=nuernberg),
        city=nuernberg,
        languages=["uk"],
        selection="all",
        state=JobState.DONE,
        filename="nuernberg_xliff_uk.zip",
        result=b"PK nuernberg",
    )

    client.force_login(editor)
    log = client.get(reverse("xliff:export_log"))
    rows = {row.pk: row for row in log.context["object_list"]}
    html = log.content.decode()
    first = client.get(reverse("xliff:export_download", args=[job.pk]))
    again = client.get(reverse("xliff:export_download", args=[job.pk]))

    results = client.get(reverse("xliff:export_log_results")).context["object_list"]
    assert set(rows) == {row.pk for row in results} == {job.pk}  # not Nürnberg's export
    assert "bert" in html and "Augsburg" in html and "nuernberg" not in html
    assert reverse("xliff:export_download", args=[job.pk]) in html
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and b"Arbeit" in first.content
    assert first["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    refused = client.get(reverse("xliff:export_download", args=[other.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")


def test_export_log_answers_in_constant_queries(
    augsburg, editor, client, django_assert_max_num_queries
):
    def log_with(count):
        ExportJob.objects.bulk_create(
            ExportJob(user=editor, city=augsburg, languages=["en"], state=JobState.DONE)
            for _ in range(count)
        )
        with django_assert_max_num_queries(20) as captured:
            assert client.get(reverse("xliff:export_log")).status_code == 200
        return len(captured)

    assert log_with(2) == log_with(30)


def test_users_without_a_city_cannot_open_the_export_log(db, user_factory, client):
    client.force_login(user_factory("nobody"))
    url = reverse("xliff:export_log")
    response = client.get(url)
    # no city, no admin access: Wagtail sends the user to its login page
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")


def test_bulk_action_exports_whole_subtrees_filtered_by_status(augsburg, editor, client, on_commit):
    flow = Flow(on_commit)
    wohnen = make_page(augsburg, "Wohnen")
    miete = make_page(wohnen, "Miete")
    kaution = make_page(miete, "Kaution")
    flow.translate(miete, "en")  # up to date in English: not for the translator

    form = client.get(f"{BULK_EXPORT}?id={wohnen.pk}").context["form"]
    assert form.fields["include_descendants"].initial is True
    client.post(
        f"{BULK_EXPORT}?id={wohnen.pk}",
        {
            "languages": ["en"],
            "status": "missing",
            "include_descendants": "on",
            "xliff_version": "1.2",
        },
    )

    job = ExportJob.objects.get()
    assert (job.state, job.city_id, job.selection) == (JobState.DONE, augsburg.pk, "missing")
    assert names_in(job) == [
        f"augsburg_de_en_{wohnen.pk}_wohnen.xlf",
        f"augsburg_de_en_{kaution.pk}_kaution.xlf",
    ]


@pytest.mark.usefixtures("in_english")
def test_bulk_action_with_a_status_no_page_has_fails_with_a_message(
    augsburg, editor, client, on_commit
):
    wohnen = make_page(augsburg, "Wohnen")
    response = client.post(
        f"{BULK_EXPORT}?id={wohnen.pk}",
        {"languages": ["en"], "status": "outdated", "xliff_version": "1.2"},
    )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("xliff:export_detail", args=[job.pk])
    assert job.state == JobState.FAILED and "Nothing to export" in job.message
    assert not job.result


def test_bulk_action_is_a_button_of_its_own_not_under_more(augsburg, editor, client):
    make_page(augsburg, "Wohnen")
    html = client.get(reverse("wagtailadmin_explore", args=[augsburg.pk])).content.decode()
    button = re.search(rf'<a[^>]*href="{re.escape(BULK_EXPORT)}"[^>]*>', html)
    assert button and "bulk-action-btn" in button.group(0)

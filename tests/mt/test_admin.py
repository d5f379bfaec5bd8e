"""The admin doors: the city's machine translation page (tenant-isolated, publish rights),
jobs with progress, the budget on the city report, "mark as reviewed", and XLIFF exports of
machine-translated targets."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from lxml import etree
from wagtail.models import Locale

from localization.mt.models import JobState, MachineTranslationJob
from localization.mt.service import translate_pages
from localization.status import Status
from localization.tracking import get_status
from localization.xliff.export import export_pairs
from tests.conftest import make_page
from tests.mt.conftest import set_up_mt

pytestmark = pytest.mark.django_db


def en():
    return Locale.objects.get(language_code="en")


def test_an_editor_starts_a_job_that_runs_and_shows_its_progress(
    client, augsburg, user_factory, in_english
):
    page = make_page(augsburg, "Bibliothek")
    set_up_mt(augsburg, characters=5000)
    client.force_login(user_factory("lena", city=augsburg))
    url = reverse("cityguide_mt_city", args=["augsburg"])

    response = client.post(url, {"language": "en", "status": "missing"}, follow=True)

    job = MachineTranslationJob.objects.get()
    assert job.state == JobState.DONE, job.message
    assert (job.pages_done, job.pages_total) == (1, 1)
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED
    assert f'data-job="{job.pk}" data-state="done"' in response.content.decode()
    assert "of 5000 characters used this month" in response.content.decode()


def test_another_citys_editor_cannot_see_or_start_jobs(client, augsburg, nuernberg, user_factory):
    make_page(augsburg, "Museum")
    set_up_mt(augsburg)
    client.force_login(user_factory("jonas", city=nuernberg))
    url = reverse("cityguide_mt_city", args=["augsburg"])

    assert client.get(url).status_code == 403
    assert client.post(url, {"language": "en"}).status_code == 403
    assert not MachineTranslationJob.objects.exists()


def test_a_language_without_a_backend_is_refused_with_a_message(
    client, augsburg, user_factory, in_english
):
    make_page(augsburg, "Park")
    set_up_mt(augsburg)
    client.force_login(user_factory("lena", city=augsburg))

    response = client.post(
        reverse("cityguide_mt_city", args=["augsburg"]), {"language": "ar"}, follow=True
    )

    [message] = get_messages(response.wsgi_request)
    assert "Augsburg has no machine translation set up for" in str(message)
    assert not MachineTranslationJob.objects.exists()


def test_the_city_report_shows_the_budget(client, augsburg, user_factory, in_english):
    set_up_mt(augsburg, characters=777, top_up=5)
    client.force_login(user_factory("lena", city=augsburg))

    response = client.get(reverse("cityguide_translation_report", args=["augsburg"]))

    text = response.content.decode()
    assert "0 of 777 characters used this month, 5 top-up characters left" in text


def test_mark_reviewed_from_the_panel_needs_the_citys_editor(
    client, augsburg, nuernberg, user_factory
):
    page = make_page(augsburg, "Rathaus")
    set_up_mt(augsburg)
    translate_pages(augsburg, en(), [page])
    url = reverse("cityguide_mark_reviewed", args=[page.pk, "en"])

    client.force_login(user_factory("jonas", city=nuernberg))
    client.post(url)
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED

    client.force_login(user_factory("lena", city=augsburg))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'data-cityguide-action="review"' in edit
    assert client.post(url).status_code == 302
    assert get_status(page, en()) == Status.UP_TO_DATE


def test_xliff_export_marks_machine_targets_for_review(augsburg):
    page = make_page(augsburg, "Sprachcafe")
    set_up_mt(augsburg)
    translate_pages(augsburg, en(), [page])

    [exported] = export_pairs([(page, en())], mark=False)

    root = etree.fromstring(exported.content)
    targets = root.findall(".//{urn:oasis:names:tc:xliff:document:1.2}target")
    assert targets
    assert {(t.get("state"), t.get("state-qualifier")) for t in targets} == {
        ("needs-review-translation", "mt-suggestion")
    }

"""The translation panel's "Machine translate" action: offered on a source page for each
language that needs a translation and that the city machine-translates into, to a person
with publish rights; it starts a job for that one page and shows the job's progress."""

import re

import pytest
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale

from localization.mt.models import JobState, MachineTranslationJob
from localization.status import Status
from localization.tracking import get_status
from tests.conftest import make_page
from tests.mt.conftest import set_up_mt

pytestmark = pytest.mark.usefixtures("in_english")


def mt_url(page, code):
    return reverse("cityguide_mt_page", args=[page.pk, code])


def machine_translate_buttons(client, page):
    """{language code: formaction} of the panel's "Machine translate" buttons."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<li data-language="(\w+)" data-status="\w+">(.*?)</li>', html, re.S)
    found = {}
    for code, row in rows:
        match = re.search(
            r'formaction="([^"]+)" formmethod="post" formnovalidate '
            r'data-cityguide-action="machine-translate"',
            row,
        )
        if match:
            found[code] = match.group(1)
    return found


def test_shown_for_each_language_the_city_machine_translates_into(client, augsburg, user_factory):
    page = make_page(augsburg, "Bürgerbüro")
    set_up_mt(augsburg, "en")
    set_up_mt(augsburg, "ar")
    client.force_login(user_factory("lena", city=augsburg))

    assert machine_translate_buttons(client, page) == {
        "ar": mt_url(page, "ar"),
        "en": mt_url(page, "en"),
    }  # not fa: no backend is set up for it


def test_hidden_without_machine_translation_set_up(client, augsburg, user_factory):
    page = make_page(augsburg, "Stadtbücherei")
    client.force_login(user_factory("lena", city=augsburg))

    assert machine_translate_buttons(client, page) == {}


def test_hidden_without_publish_rights(client, augsburg, user_factory):
    page = make_page(augsburg, "Jobcenter")
    set_up_mt(augsburg, "en")
    GroupPagePermission.objects.filter(
        group=augsburg.editors_group, permission__codename="publish_page"
    ).delete()
    client.force_login(user_factory("tina", city=augsburg))

    assert machine_translate_buttons(client, page) == {}
    assert client.post(mt_url(page, "en")).status_code == 403
    assert not MachineTranslationJob.objects.exists()


def test_hidden_once_the_language_needs_no_translation(client, augsburg, user_factory):
    page = make_page(augsburg, "Ausländerbehörde")
    set_up_mt(augsburg, "en")
    client.force_login(user_factory("lena", city=augsburg))
    client.post(mt_url(page, "en"))
    assert get_status(page, Locale.objects.get(language_code="en")) == Status.MACHINE_TRANSLATED

    assert machine_translate_buttons(client, page) == {}


def test_the_action_starts_a_job_for_only_that_page_and_shows_its_progress(
    client, augsburg, user_factory
):
    page = make_page(augsburg, "Standesamt")
    other = make_page(augsburg, "Gesundheitsamt")
    set_up_mt(augsburg, "en")
    lena = user_factory("lena", city=augsburg)
    client.force_login(lena)

    response = client.post(mt_url(page, "en"))

    job = MachineTranslationJob.objects.get()
    progress = reverse("cityguide_mt_city", args=["augsburg"]) + f"#mt-job-{job.pk}"
    assert (response.status_code, response["Location"]) == (302, progress)
    assert (job.page_ids, job.language.language_code, job.user) == ([page.pk], "en", lena)
    assert (job.state, job.pages_done, job.pages_total) == (JobState.DONE, 1, 1)
    english = Locale.objects.get(language_code="en")
    assert get_status(page, english) == Status.MACHINE_TRANSLATED
    assert get_status(other, english) == Status.MISSING
    shown = client.get(progress).content.decode()
    assert f'id="mt-job-{job.pk}" data-job="{job.pk}" data-state="done"' in shown
    assert "Machine translation of “Standesamt” into English started." in shown


def test_a_get_starts_nothing(client, augsburg, user_factory):
    page = make_page(augsburg, "Tafel")
    set_up_mt(augsburg, "en")
    client.force_login(user_factory("lena", city=augsburg))

    assert client.get(mt_url(page, "en")).status_code == 405
    assert not MachineTranslationJob.objects.exists()


def test_another_citys_page_is_refused(client, augsburg, nuernberg, user_factory):
    page = make_page(augsburg, "Rathaus")
    set_up_mt(augsburg, "en")
    set_up_mt(nuernberg, "en")
    client.force_login(user_factory("jonas", city=nuernberg))

    assert client.post(mt_url(page, "en")).status_code == 404
    assert not MachineTranslationJob.objects.exists()
    assert get_status(page, Locale.objects.get(language_code="en")) == Status.MISSING

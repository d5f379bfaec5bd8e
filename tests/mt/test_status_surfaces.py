"""A machine-translated page shows as "needs review" wherever the status shows: the
explorer's badge and the `translation_status` command's JSON."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale

from localization.mt.service import translate_pages
from tests.conftest import make_page
from tests.mt.conftest import set_up_mt

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def machine_page(augsburg):
    page = make_page(augsburg, "Sprachkurs")
    set_up_mt(augsburg)
    translate_pages(augsburg, Locale.objects.get(language_code="en"), [page])
    return page


def test_the_explorer_badge_counts_a_machine_translation_as_needing_review(
    client, augsburg, machine_page, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    html = client.get(reverse("wagtailadmin_explore", args=[augsburg.pk])).content.decode()
    assert "1 needs review" in html
    assert 'data-cityguide-badge="missing,machine_translated"' in html


def test_the_status_command_lists_the_machine_translation_with_its_own_status(machine_page):
    out = StringIO()
    call_command(
        "translation_status",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--format",
        "json",
        stdout=out,
    )
    entries = [e for e in json.loads(out.getvalue()) if e["page_id"] == machine_page.pk]
    assert [e["status"] for e in entries] == ["machine_translated"]

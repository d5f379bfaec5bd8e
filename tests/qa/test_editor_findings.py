"""The findings of a translation for wagtail-localize's editor: the editor loads our script
with the translation's findings URL, and that JSON door places each open finding on the
editor's segment, follows the editor's saves, and answers only within the user's cities."""

import json

import pytest
from django.urls import reverse
from wagtail_localize.models import StringSegment, Translation

from tests.qa.conftest import PHONE_TEXT

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def translation(draft):
    return Translation.objects.get(source__object_id=draft.translation_key)


def teaser_segment(translation):
    return StringSegment.objects.get(source=translation.source, string__data=PHONE_TEXT)


def findings_of(client, translation):
    response = client.get(reverse("cityguide_qa_translation_findings", args=[translation.pk]))
    assert response.status_code == 200, response.content
    return json.loads(response.content)["findings"]


def test_the_editor_loads_the_findings_script_with_the_translations_findings_url(
    client, augsburg, draft, translation, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "js-translation-editor" in html  # wagtail-localize's editor, with our block
    url = reverse("cityguide_qa_translation_findings", args=[translation.pk])
    assert f'data-cityguide-qa-findings-url="{url}"' in html
    assert "qa/editor_findings.js" in html


def test_the_findings_name_their_editor_segment_severity_and_message(
    client, augsburg, translation, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    assert findings_of(client, translation) == [
        {
            "segment_id": teaser_segment(translation).pk,
            "segment": "Teaser",
            "code": "phone",
            "severity": "blocking",
            "blocking": True,
            "message": "the phone number 0821 324-0 is missing",
        }
    ]


def test_a_save_in_the_editor_changes_the_findings_it_answers(
    client, augsburg, translation, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    segment = teaser_segment(translation)
    save_url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    form = "application/x-www-form-urlencoded"
    assert client.put(save_url, "value=Call+0821+324-0.", content_type=form).status_code == 200
    assert findings_of(client, translation) == []
    assert client.put(save_url, "value=Call+0821+324.", content_type=form).status_code == 200
    assert [(f["segment_id"], f["message"]) for f in findings_of(client, translation)] == [
        (segment.pk, "the phone number 0821 324-0 is missing")
    ]


def test_an_overridden_finding_is_not_shown(client, augsburg, translation, user_factory):
    from localization.qa.models import QAFinding

    lena = user_factory("lena", city=augsburg)
    client.force_login(lena)
    finding = QAFinding.objects.get()
    assert client.post(reverse("cityguide_qa_override", args=[finding.pk])).status_code == 302
    assert findings_of(client, translation) == []


def test_an_editor_of_another_city_gets_a_404(client, nuernberg, translation, user_factory):
    client.force_login(user_factory("nina", city=nuernberg))
    url = reverse("cityguide_qa_translation_findings", args=[translation.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert b"0821" not in response.content

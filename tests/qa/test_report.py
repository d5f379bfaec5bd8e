"""The open findings per city and language: the `translation_qa` command, the
`translation_status` JSON, and the admin report (a city editor sees only their city)."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from localization.qa.models import QAFinding
from tests.conftest import make_page
from tests.qa.conftest import BAD, translated_file
from tests.xliff.helpers import do_import

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def findings(facts_page, nuernberg, on_commit):
    """An English draft of Augsburg's page with a blocking finding, and a Ukrainian one of
    Nürnberg's with a missing e-mail address."""
    bern = make_page(nuernberg, "Beratung", teaser="Schreiben Sie an rat@nuernberg.de.")
    with on_commit():
        do_import(translated_file(facts_page, "en", BAD))
        do_import(
            translated_file(bern, "uk", {"Schreiben Sie an rat@nuernberg.de.": "Пишіть нам."})
        )
    assert QAFinding.objects.count() == 2
    return facts_page, bern


def test_translation_qa_lists_a_citys_open_findings_as_a_table(findings, capsys):
    call_command("translation_qa", "--city", "augsburg")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "page_id",
        "title",
        "language",
        "segment",
        "severity",
        "code",
        "message",
    ]
    assert lines[1].split()[:6] == [
        str(findings[0].pk),
        "Kontakt",
        "en",
        "Teaser",
        "blocking",
        "phone",
    ]
    assert lines[1].endswith("the phone number 0821 324-0 is missing")
    assert lines[-1] == "1 open finding(s)."


def test_translation_qa_json_filters_by_language(findings, capsys):
    call_command("translation_qa", "--city", "nuernberg", "--language", "uk", "--format", "json")
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["page_id"] == findings[1].pk
    assert (entry["language"], entry["code"], entry["severity"]) == ("uk", "email", "blocking")
    assert entry["message"] == "the e-mail address rat@nuernberg.de is missing"
    call_command("translation_qa", "--city", "augsburg", "--language", "ar", "--format", "json")
    assert json.loads(capsys.readouterr().out) == []


def test_translation_qa_refuses_an_unknown_city_or_language(findings):
    with pytest.raises(CommandError, match="Unknown city 'atlantis'"):
        call_command("translation_qa", "--city", "atlantis")
    with pytest.raises(CommandError, match="does not offer 'uk'"):
        call_command("translation_qa", "--city", "augsburg", "--language", "uk")


def test_overridden_findings_are_not_listed(findings, capsys, user_factory):
    from localization.qa.overrides import override

    override(QAFinding.objects.get(code="phone"), user_factory("boss", superuser=True))
    call_command("translation_qa", "--city", "augsburg")
    assert capsys.readouterr().out.splitlines()[-1] == "0 open finding(s)."


def test_translation_status_json_carries_the_findings(findings, capsys):
    call_command("translation_status", "--city", "augsburg", "--format", "json")
    entries = json.loads(capsys.readouterr().out)
    by_page = {(e["page_id"], e["language"]): e for e in entries}
    [finding] = by_page[(findings[0].pk, "en")]["qa_findings"]
    assert (finding["segment"], finding["code"], finding["fact"]) == (
        "Teaser",
        "phone",
        "0821 324-0",
    )
    assert by_page[(findings[0].pk, "ar")]["qa_findings"] == []


def test_the_report_shows_a_city_editor_only_their_city(client, findings, augsburg, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    response = client.get(reverse("cityguide_qa_report"))
    assert response.status_code == 200
    shown = list(response.context["findings"])
    assert [f.code for f in shown] == ["phone"]
    html = response.content.decode()
    assert "the phone number 0821 324-0 is missing" in html
    assert "rat@nuernberg.de" not in html
    # Asking for the other city by name shows nothing of it.
    response = client.get(reverse("cityguide_qa_report"), {"city": "nuernberg"})
    assert [f.code for f in response.context["findings"]] == ["phone"]


def test_the_report_filters_by_language_for_a_superuser(client, findings, user_factory):
    client.force_login(user_factory("boss", superuser=True))
    response = client.get(reverse("cityguide_qa_report"), {"language": "uk"})
    assert [f.code for f in response.context["findings"]] == ["email"]

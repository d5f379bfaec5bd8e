"""XLIFF import: findings in the preview and the output; a blocking finding keeps an asked-for
publish a draft, named in the output, and the command exits non-zero."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from localization.qa.models import QAFinding
from tests.qa.conftest import BAD, GOOD, translated_file

pytestmark = pytest.mark.usefixtures("in_english")


def _target(page, code):
    return Page.objects.filter(translation_key=page.translation_key, locale__language_code=code)


def test_import_publish_with_a_blocking_finding_saves_a_draft_and_exits_non_zero(
    facts_page, write_file, capsys, on_commit
):
    path = write_file(translated_file(facts_page, "en", BAD))
    blocked = r"1 file\(s\) saved as drafts only, not published"
    with pytest.raises(CommandError, match=blocked), on_commit():
        call_command("import_xliff", str(path), "--publish")
    out = capsys.readouterr().out
    assert "kontakt.xlf: applied:" in out
    assert "saved as draft revision" in out
    assert "not published, saved as a draft only: 1 blocking QA finding(s)" in out
    assert "the phone number 0821 324-0 is missing" in out
    target = _target(facts_page, "en").get()
    assert not target.live
    assert target.get_latest_revision().content["teaser"] == "Call 0821 342-0."
    finding = QAFinding.objects.get(translation_key=facts_page.translation_key)
    assert (finding.code, finding.fact, finding.severity) == ("phone", "0821 324-0", "blocking")
    assert finding.segment == "Teaser"


def test_import_publish_without_findings_publishes(facts_page, write_file, capsys, on_commit):
    path = write_file(translated_file(facts_page, "en", GOOD))
    with on_commit():
        call_command("import_xliff", str(path), "--publish")
    assert "published revision" in capsys.readouterr().out
    assert _target(facts_page, "en").get().live
    assert not QAFinding.objects.filter(translation_key=facts_page.translation_key).exists()


def test_import_preview_shows_the_findings_and_stores_nothing(facts_page, write_file, capsys):
    path = write_file(translated_file(facts_page, "en", BAD))
    with pytest.raises(CommandError, match="saved as drafts only"):
        call_command("import_xliff", str(path), "--publish", "--dry-run")
    out = capsys.readouterr().out
    assert "kontakt.xlf: preview:" in out
    assert "QA blocking: Teaser: the phone number 0821 324-0 is missing" in out
    assert not QAFinding.objects.exists()
    assert not _target(facts_page, "en").exists()


def test_a_fixed_file_clears_the_finding_and_publishes(facts_page, write_file, on_commit):
    with pytest.raises(CommandError), on_commit():
        call_command(
            "import_xliff", str(write_file(translated_file(facts_page, "en", BAD))), "--publish"
        )
    assert QAFinding.objects.blocking().count() == 1
    fixed = write_file(translated_file(facts_page, "en", GOOD), "fixed.xlf")
    with on_commit():
        call_command("import_xliff", str(fixed), "--publish")
    assert not QAFinding.objects.exists()
    assert _target(facts_page, "en").get().live


def test_a_finding_found_again_stays_as_stored_and_is_reported_again(facts_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from localization.xliff.importer import import_upload

    [first] = import_upload("kontakt.xlf", translated_file(facts_page, "en", BAD))
    stored = QAFinding.objects.get(translation_key=facts_page.translation_key)
    with CaptureQueriesContext(connection) as ctx:
        [again] = import_upload("kontakt.xlf", translated_file(facts_page, "en", BAD))
    writes = [
        query["sql"]
        for query in ctx.captured_queries
        if "qa_qafinding" in query["sql"] and not query["sql"].startswith("SELECT")
    ]
    assert writes == []
    assert [f.pk for f in again.qa_findings] == [f.pk for f in first.qa_findings] == [stored.pk]
    assert "the phone number 0821 324-0 is missing" in again.message

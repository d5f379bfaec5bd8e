"""`manage.py translation_status`: output, filters, errors and --rebuild."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localization.models import TranslationStatus
from localization.status import Status
from tests.conftest import make_page
from tests.localization.conftest import Flow, assert_matches_recomputation
from tests.shared import run_on_commit, shared_fixture

pytestmark = pytest.mark.usefixtures("in_english")


def run(*args):
    out = StringIO()
    call_command("translation_status", *args, stdout=out)
    return out.getvalue()


@shared_fixture("augsburg")
def arzt(augsburg):
    flow = Flow(run_on_commit)
    page = make_page(augsburg, "Arzt")
    flow.translate(page, "en")
    flow.edit(page)
    return page


def test_json_lists_source_page_ids_and_statuses(augsburg, arzt, flow):
    entries = json.loads(run("--city", "augsburg", "--format", "json"))
    english = next(e for e in entries if e["page_id"] == arzt.pk and e["language"] == "en")
    assert english == {
        **english,
        "translation_page_id": flow.translation(arzt, "en").pk,
        "title": arzt.title,
        "url_path": arzt.url_path,
        "status": "outdated",
        "source_revision_id": arzt.live_revision_id,
    }
    assert english["synced_revision_id"] not in (None, arzt.live_revision_id)
    arabic = next(e for e in entries if e["page_id"] == arzt.pk and e["language"] == "ar")
    assert (arabic["status"], arabic["translation_page_id"]) == ("missing", None)


def test_filters_by_language_and_status(augsburg, arzt):
    entries = json.loads(
        run("--city", "augsburg", "--language", "en", "--status", "outdated", "--format", "json")
    )
    assert [(e["page_id"], e["language"]) for e in entries] == [(arzt.pk, "en")]


def test_table_output_has_one_line_per_row(augsburg, arzt):
    lines = run("--city", "augsburg", "--language", "ar").splitlines()
    assert lines[0].split()[:2] == ["page_id", "translation_page_id"]
    assert lines[-1] == "2 row(s)."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--city", "atlantis"], "Unknown city 'atlantis'"),
        (["--city", "augsburg", "--language", "xx"], "Unknown language 'xx'"),
        (["--city", "augsburg", "--language", "uk"], "does not offer 'uk'"),
        (["--city", "augsburg", "--status", "done"], "Unknown status 'done'"),
        ([], "Give --city"),
    ],
)
def test_bad_arguments_give_a_clear_error(augsburg, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_rebuild_repairs_tampered_rows_and_agrees_with_tracking(augsburg, arzt):
    TranslationStatus.objects.filter(source_page=arzt).update(
        status=Status.UP_TO_DATE, synced_revision=None
    )
    TranslationStatus.objects.filter(city=augsburg).first().delete()
    out = run("--rebuild")
    assert "1 created" in out
    assert_matches_recomputation(augsburg)
    assert "0 created, 0 corrected, 0 removed" in run("--rebuild")

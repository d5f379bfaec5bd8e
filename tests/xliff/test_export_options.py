"""Export options (issue 15): --prefill existing|source|none, --units all|changed, and final
units, on the command, the admin export form and the service alike."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from lxml import etree
from wagtail.models import Locale

from localization.status import Status
from localization.tracking import get_status
from localization.xliff.export import ExportError, export_pairs
from localization.xliff.models import ExportJob
from localization.xliff.options import ExportOptionError, ExportOptions
from tests.conftest import make_page
from tests.xliff.helpers import (
    do_import,
    fill_targets,
    ns,
    parse,
    translated,
    unit_source,
    units,
)
from tests.xliff.validation import assert_valid

pytestmark = pytest.mark.usefixtures("in_english")  # the messages and notes read as their msgids

VERSIONS = ["1.2", "2.0"]


def _export(page, version="1.2", **options):
    en = Locale.objects.get(language_code="en")
    [exported] = export_pairs(
        [(page, en)], version=version, mark=False, options=ExportOptions(**options)
    )
    assert_valid(exported.content, version)
    return exported.content


def _target(unit, version):
    path = "x:target" if version == "1.2" else "x:segment/x:target"
    return unit.find(path, ns(version))


def _inner(element):
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    return text[text.index(">") + 1 : text.rindex("<")]


def _translate(page, version="1.2"):
    [result] = do_import(fill_targets(_export(page, version), version), publish=True)
    assert result.outcome == "applied", result.message


@pytest.mark.parametrize("version", VERSIONS)
def test_prefill_source_copies_the_source_into_every_target_with_state_new(rich_page, version):
    _translate(rich_page)  # a current translation is not written with prefill=source
    root = parse(_export(rich_page, version, prefill="source"))
    found = units(root, version)
    assert found
    for unit in found:
        target = _target(unit, version)
        assert _inner(target) == _inner(unit_source(unit, version))
        assert "EN " not in _inner(target)
        if version == "1.2":
            assert target.get("state") == "new" and unit.get("approved") is None
        else:
            assert unit.find("x:segment", ns(version)).get("state") == "initial"


@pytest.mark.parametrize("version", VERSIONS)
def test_prefill_none_writes_no_target_even_for_translated_units(rich_page, version):
    _translate(rich_page)
    root = parse(_export(rich_page, version, prefill="none"))
    assert units(root, version)
    assert [_target(unit, version) for unit in units(root, version)] == [None] * len(
        units(root, version)
    )


def test_an_untouched_prefill_source_file_changes_nothing(rich_page):
    _translate(rich_page)
    [result] = do_import(_export(rich_page, prefill="source"), publish=True)
    assert result.outcome == "unchanged"
    assert translated(rich_page, "en").title == "EN Wohnen"


@pytest.mark.parametrize("version", VERSIONS)
def test_unchanged_translated_units_are_marked_final(rich_page, version):
    _translate(rich_page)
    root = parse(_export(rich_page, version))
    for unit in units(root, version):
        if version == "1.2":
            assert unit.get("approved") == "yes"
            assert _target(unit, version).get("state") == "final"
        else:
            assert unit.find("x:segment", ns(version)).get("state") == "final"


@pytest.mark.parametrize("version", VERSIONS)
def test_units_changed_holds_only_new_and_changed_units_and_imports(rich_page, version):
    _translate(rich_page)
    en = Locale.objects.get(language_code="en")
    rich_page.title = "Wohnen und Leben"
    rich_page.save_revision().publish()

    content = _export(rich_page, version, units="changed")
    root = parse(content)
    sources = ["".join(unit_source(u, version).itertext()) for u in units(root, version)]
    assert sources == ["Wohnen und Leben"]

    [result] = do_import(fill_targets(content, version), publish=True)
    assert result.outcome == "applied", result.message
    page = translated(rich_page, "en")
    assert page.title == "EN Wohnen und Leben"
    assert "EN Willkommen in" in str(page.body)  # units left out keep their translation
    assert get_status(rich_page, en) == Status.UP_TO_DATE


def test_units_changed_with_nothing_to_translate_is_refused_clearly(rich_page):
    _translate(rich_page)
    en = Locale.objects.get(language_code="en")
    with pytest.raises(ExportError, match="every unit of the selection is translated"):
        export_pairs([(rich_page, en)], options=ExportOptions(units="changed"))


def test_an_unknown_option_value_is_refused():
    with pytest.raises(ExportOptionError, match="prefill must be one of existing, source, none"):
        ExportOptions(prefill="target")


def test_the_command_takes_prefill_and_units(rich_page, tmp_path):
    output = tmp_path / "out.xlf"
    call_command(
        "export_xliff",
        "--city=augsburg",
        "--language=en",
        f"--pages={rich_page.pk}",
        "--prefill=source",
        "--units=changed",
        f"--output={output}",
    )
    root = parse(output.read_bytes())
    assert units(root, "1.2")
    assert all(_target(u, "1.2").get("state") == "new" for u in units(root, "1.2"))
    with pytest.raises(CommandError, match="invalid choice: 'copy'"):
        call_command(
            "export_xliff",
            "--city=augsburg",
            "--language=en",
            "--prefill=copy",
            f"--output={output}",
        )


def test_the_admin_city_export_form_takes_prefill_and_units(
    rich_page, augsburg, user_factory, client, on_commit
):
    client.force_login(user_factory("eva", city=augsburg))
    response = client.post(
        reverse("xliff:export_city", args=[augsburg.pk]),
        {
            "languages": ["en"],
            "pages": "all",
            "xliff_version": "1.2",
            "prefill": "none",
            "units": "changed",
        },
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and (job.prefill, job.units) == ("none", "changed")
    job.refresh_from_db()
    assert job.state == "done", job.message
    assert b"<target" not in bytes(job.result)


def test_the_admin_form_refuses_an_unknown_prefill(augsburg, user_factory, client):
    client.force_login(user_factory("eva", city=augsburg))
    response = client.post(
        reverse("xliff:export_city", args=[augsburg.pk]),
        {"languages": ["en"], "pages": "all", "xliff_version": "1.2", "prefill": "copy"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["prefill"]
    assert not ExportJob.objects.exists()


def test_units_changed_marks_only_the_pages_it_exports_in_translation(rich_page, augsburg):
    _translate(rich_page)
    new_page = make_page(augsburg, "Neu", body=[{"type": "paragraph", "value": "<p>Neu.</p>"}])
    en = Locale.objects.get(language_code="en")
    exported = export_pairs(
        [(rich_page, en), (new_page, en)], mark=True, options=ExportOptions(units="changed")
    )
    assert [item.page_id for item in exported] == [new_page.pk]
    assert get_status(new_page, en) == Status.IN_TRANSLATION
    assert get_status(rich_page, en) == Status.UP_TO_DATE

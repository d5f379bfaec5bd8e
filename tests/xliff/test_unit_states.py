"""A target is used only when it is really translated (issue 11, item 3, and "stale units are
hard to miss"): CAT tools copy the source into targets they have not translated yet, marked
`new` / `needs-translation` (1.2) or `initial` (2.x). Such units are skipped and named by the
text the translator sees; the command fails on them unless told --allow-stale."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree
from wagtail.models import Page
from wagtail_localize.models import StringTranslation

from localization.status import Status
from localization.tracking import get_status
from localization.xliff.document import NS12, NS20
from localization.xliff.export import export_pairs
from localization.xliff.importer import import_upload
from localization.xliff.reader import read_document
from tests.conftest import make_page
from tests.xliff.helpers import fill_targets, parse, set_target, source_inner, units

pytestmark = pytest.mark.usefixtures("in_english")

REGISTRATION = "<p>Die Anmeldung erfolgt im Bürgerbüro am Rathausplatz.</p>"


@pytest.fixture
def registration(augsburg, db):
    return make_page(
        augsburg,
        "Anmeldung",
        teaser="Wohnsitz anmelden",
        body=[{"type": "paragraph", "value": REGISTRATION}],
    )


def _export(page, locale, version="1.2"):
    [exported] = export_pairs([(page, locale("en"))], version=version, mark=True)
    return parse(exported.content)


def _unit(root, version, name):
    key = "resname" if version == "1.2" else "name"
    return next(u for u in units(root, version) if u.get(key) == name)


def _paragraph(root, version):
    return next(u for u in units(root, version) if "Anmeldung erfolgt" in source_inner(u, version))


def _copy_source(unit, version, state=None):
    """What a CAT tool leaves for a segment nobody translated: the source, copied."""
    target = set_target(unit, version, source_inner(unit, version))
    if state is not None:
        (target if version == "1.2" else unit.find(f"{{{NS20}}}segment")).set("state", state)


def _english_strings():
    return set(StringTranslation.objects.values_list("data", flat=True))


@pytest.mark.parametrize(
    ("state", "neutral"),
    [
        ("new", "new"),
        ("needs-translation", "new"),
        ("needs-adaptation", "translated"),
        ("needs-l10n", "translated"),
        ("needs-review-translation", "translated"),
        ("translated", "translated"),
        ("final", "final"),
        ("signed-off", "final"),
        (None, ""),
    ],
)
def test_the_reader_exposes_the_state_of_a_12_target(registration, locale, state, neutral):
    root = _export(registration, locale)
    _copy_source(_unit(root, "1.2", "title"), "1.2", state)
    [xfile] = read_document(etree.tostring(root))
    unit = next(u for u in xfile.units if u.name == "title")
    assert (unit.raw_state, unit.state) == (state or "", neutral)


@pytest.mark.parametrize(
    ("states", "raw", "neutral"),
    [
        (["initial"], "initial", "new"),
        ([None], "initial", "new"),  # 2.x: a segment without a state is initial
        (["translated"], "translated", "translated"),
        (["reviewed"], "reviewed", "translated"),
        (["final"], "final", "final"),
    ],
)
def test_the_reader_exposes_the_state_of_a_20_segment(registration, locale, states, raw, neutral):
    root = _export(registration, locale, "2.0")
    unit = _unit(root, "2.0", "title")
    _copy_source(unit, "2.0", states[0])
    [xfile] = read_document(etree.tostring(root))
    read = next(u for u in xfile.units if u.name == "title")
    assert (read.raw_state, read.state) == (raw, neutral)


def test_a_partial_trados_delivery_skips_the_untranslated_copies(registration, locale):
    """Trados leaves untranslated segments as copies of the source with state="new"."""
    root = parse(fill_targets(etree.tostring(_export(registration, locale)), "1.2"))
    for unit in units(root, "1.2"):
        unit.find(f"{{{NS12}}}target").set("state", "translated")
    _copy_source(_paragraph(root, "1.2"), "1.2", "new")
    _copy_source(_unit(root, "1.2", "teaser"), "1.2", "needs-translation")

    [result] = import_upload("trados.xlf", etree.tostring(root), publish=True)

    assert result.outcome == "applied"
    assert result.untranslated == ["“Wohnsitz anmelden”", "“Die Anmeldung erfolgt im…”"]
    assert result.message == (
        "2 unit(s) changed, saved as published revision; some units are still untranslated; "
        "2 unit(s) skipped because the file marks them untranslated and they are copies of "
        "their source: “Wohnsitz anmelden”, “Die Anmeldung erfolgt im…”"
    )
    strings = _english_strings()
    assert "EN Anmeldung" in strings
    assert "Wohnsitz anmelden" not in strings  # a skipped unit is not a translation
    assert not any("Anmeldung erfolgt" in text for text in strings)
    assert get_status(registration, locale("en")) == Status.IN_TRANSLATION  # not up to date


def test_an_omegat_untranslated_segment_is_skipped_and_an_empty_one_ignored(registration, locale):
    """OmegaT copies the source into an untranslated target, or leaves the target empty."""
    root = parse(fill_targets(etree.tostring(_export(registration, locale)), "1.2"))
    _copy_source(_paragraph(root, "1.2"), "1.2", "needs-translation")
    set_target(_unit(root, "1.2", "teaser"), "1.2", "")

    [result] = import_upload("omegat.xlf", etree.tostring(root))

    assert result.outcome == "applied"
    assert result.untranslated == ["“Die Anmeldung erfolgt im…”"]
    assert [change.name for change in result.changes] == ["title", "slug"]
    assert not any("Anmeldung erfolgt" in text for text in _english_strings())


def test_a_20_target_in_state_initial_that_copies_its_source_is_skipped(registration, locale):
    root = parse(fill_targets(etree.tostring(_export(registration, locale, "2.0")), "2.0"))
    for unit in units(root, "2.0"):
        unit.find(f"{{{NS20}}}segment").set("state", "translated")
    _copy_source(_paragraph(root, "2.0"), "2.0", "initial")

    [result] = import_upload("initial.xlf", etree.tostring(root), publish=True)

    assert result.outcome == "applied"
    assert result.untranslated == ["“Die Anmeldung erfolgt im…”"]
    assert not any("Anmeldung erfolgt" in text for text in _english_strings())
    english = Page.objects.get(
        translation_key=registration.translation_key, locale__language_code="en"
    ).specific
    assert english.title == "EN Anmeldung"


def test_a_translated_target_equal_to_its_source_is_used_with_a_warning(registration, locale):
    root = parse(fill_targets(etree.tostring(_export(registration, locale)), "1.2"))
    _copy_source(_unit(root, "1.2", "teaser"), "1.2", "translated")  # a name, kept on purpose

    [preview] = import_upload("same.xlf", etree.tostring(root), dry_run=True)
    [result] = import_upload("same.xlf", etree.tostring(root))

    warning = "warning: 1 target(s) are the same as their source: “Wohnsitz anmelden”"
    assert preview.message.endswith(warning) and result.message.endswith(warning)
    assert result.untranslated == [] and "Wohnsitz anmelden" in _english_strings()


def test_the_preview_warns_about_an_untranslated_copy_too(registration, locale):
    root = parse(fill_targets(etree.tostring(_export(registration, locale)), "1.2"))
    _copy_source(_paragraph(root, "1.2"), "1.2", "new")
    [preview] = import_upload("p.xlf", etree.tostring(root), dry_run=True)
    assert preview.outcome == "preview"
    assert preview.untranslated == ["“Die Anmeldung erfolgt im…”"]
    assert "“Die Anmeldung erfolgt im…”" in preview.message


def test_the_command_fails_on_skipped_units_unless_allowed(registration, locale, tmp_path, capsys):
    root = parse(fill_targets(etree.tostring(_export(registration, locale)), "1.2"))
    _copy_source(_paragraph(root, "1.2"), "1.2", "new")
    path = tmp_path / "anmeldung.xlf"
    path.write_bytes(etree.tostring(root))

    with pytest.raises(CommandError) as error:
        call_command("import_xliff", str(path))
    assert str(error.value) == (
        "1 unit(s) skipped (named above); fix the file(s), or accept that with --allow-stale."
    )
    line = capsys.readouterr().out.strip()
    assert line.startswith("anmeldung.xlf: applied: ")
    assert line.endswith("copies of their source: “Die Anmeldung erfolgt im…”")

    call_command("import_xliff", str(path), "--allow-stale")  # no error
    assert capsys.readouterr().out.strip().startswith("anmeldung.xlf: unchanged")


def test_the_command_fails_on_a_stale_unit_naming_its_text(registration, locale, tmp_path, capsys):
    root = parse(fill_targets(etree.tostring(_export(registration, locale)), "1.2"))
    registration.teaser = "Wohnsitz ummelden"
    registration.save_revision().publish()
    path = tmp_path / "alt.xlf"
    path.write_bytes(etree.tostring(root))

    with pytest.raises(CommandError, match="1 unit\\(s\\) skipped"):
        call_command("import_xliff", str(path))
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(
            "1 unit(s) not applied because their source changed since export: “Wohnsitz anmelden”"
        )
    )


def test_the_admin_result_names_a_skipped_unit_by_its_text(
    registration, locale, client, user_factory
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from localization.xliff.models import ImportBatch

    client.force_login(user_factory("anna", city=registration.get_parent().specific))
    root = parse(fill_targets(etree.tostring(_export(registration, locale)), "1.2"))
    _copy_source(_paragraph(root, "1.2"), "1.2", "new")
    response = client.post(
        reverse("xliff:import_upload"),
        {"file": SimpleUploadedFile("anmeldung.xlf", etree.tostring(root))},
    )
    batch = ImportBatch.objects.get()
    rows = (batch.state, batch.results.count())
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert (
        "1 unit(s) skipped because the file marks them untranslated and they are copies of "
        "their source: “Die Anmeldung erfolgt im…”"
    ) in detail.content.decode()
    batch.refresh_from_db()
    assert (batch.state, batch.results.count()) == rows  # the GET wrote nothing

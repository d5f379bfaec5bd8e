"""Events and locations (translatable snippets) take the same XLIFF path as pages."""

import zipfile

from django.core.management import call_command
from wagtail.models import Locale

from guides.events.models import Location
from localization.xliff.export import export_pairs
from tests.events.factories import make_location
from tests.xliff.helpers import do_import, fill_targets
from tests.xliff.validation import assert_valid


def test_location_round_trips_through_xliff(augsburg, on_commit):
    location = make_location(
        augsburg, "Stadtbücherei", description="<p>Bücher <b>gratis</b> &amp; WLAN</p>"
    )
    en = Locale.objects.get(language_code="en")
    [exported] = export_pairs([(location, en)], version="2.0", mark=False)
    assert exported.filename == f"augsburg_de_en_location-{location.pk}_stadtbucherei.xlf"
    assert_valid(exported.content, "2.0")
    with on_commit():
        [result] = do_import(fill_targets(exported.content, "2.0"), publish=True)
    assert result.outcome == "applied", result.message
    translated = Location.objects.get(translation_key=location.translation_key, locale=en)
    assert translated.name == "EN Stadtbücherei"
    assert "<b>EN gratis</b>" in translated.description and translated.live


def test_export_command_includes_snippets_on_request(augsburg, tmp_path):
    location = make_location(augsburg, "Rathaus")
    out = tmp_path / "all.zip"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--include-snippets",
        "--no-mark",
        "--output",
        str(out),
    )
    names = zipfile.ZipFile(out).namelist()
    assert f"augsburg_de_en_location-{location.pk}_rathaus.xlf" in names


def test_location_status_goes_in_translation_on_export_and_up_to_date_on_import(
    augsburg, on_commit
):
    from localization.tracking import get_status

    location = make_location(augsburg, "Stadtbücherei", description="<p>Bücher</p>")
    en = Locale.objects.get(language_code="en")
    assert get_status(location, en) == "missing"

    [exported] = export_pairs([(location, en)], version="1.2", mark=True)
    assert get_status(location, en) == "in_translation"

    with on_commit():
        [result] = do_import(fill_targets(exported.content, "1.2"), publish=True)

    assert result.outcome == "applied", result.message
    assert get_status(location, en) == "up_to_date"

"""TMX 1.4b export and import of a city's memory, checked with translate-toolkit's TMX reader
(an independent implementation; test-only, as it is GPL)."""

import html

import pytest
from django.core.management import CommandError, call_command

from localization.tm.models import TMX_ORIGIN, TMEntry
from tests.conftest import make_page
from tests.tm.test_translation_memory import alt_trans, paragraph, translate_and_publish
from tests.tools import require_python_module
from tests.xliff.helpers import export_one


@pytest.fixture
def toolkit_tmx():
    return require_python_module(
        "translate.storage.tmx",
        required_by="CITYGUIDE_REQUIRE_TRANSLATE_TOOLKIT",
        install="translate-toolkit",
    )


LINKED = 'Siehe <a id="a1">Tom &amp; Jerry</a>.<br/>Neue Zeile.'


def test_export_is_read_alike_by_translate_toolkit(augsburg, on_commit, tmp_path, toolkit_tmx):
    page = make_page(
        augsburg, "Wohnen", body=paragraph("Die Miete zahlt man monatlich.") + paragraph(LINKED)
    )
    translate_and_publish(page, "en", on_commit)
    output = tmp_path / "augsburg-en.tmx"

    call_command("tmx", "export", "--city", "augsburg", "--language", "en", "--output", output)

    store = toolkit_tmx.tmxfile.parsestring(output.read_bytes())
    read = {(unit.source, unit.target) for unit in store.units}
    stored = {
        (html.unescape(source), html.unescape(target))
        for source, target in TMEntry.objects.filter(
            city=augsburg, target_language="en"
        ).values_list("source_text", "target_text")
    }
    assert read == stored
    assert 'Siehe <a id="a1">Tom & Jerry</a>.<br/>Neue Zeile.' in {source for source, _t in read}


def test_round_trip_into_another_city_gives_the_same_entries(
    augsburg, nuernberg, on_commit, tmp_path
):
    page = make_page(augsburg, "Wohnen", body=paragraph(LINKED))
    translate_and_publish(page, "en", on_commit)
    output = tmp_path / "augsburg-en.tmx"
    call_command("tmx", "export", "--city", "augsburg", "--language", "en", "--output", output)

    call_command("tmx", "import", str(output), "--city", "nuernberg")

    def pairs(city):
        return set(
            TMEntry.objects.filter(city=city, target_language="en").values_list(
                "source_text", "target_text"
            )
        )

    assert pairs(nuernberg) == pairs(augsburg)
    assert set(TMEntry.objects.filter(city=nuernberg).values_list("origin", flat=True)) == {
        TMX_ORIGIN
    }


def test_an_agency_tmx_from_translate_toolkit_seeds_the_memory(
    nuernberg, on_commit, tmp_path, toolkit_tmx
):
    store = toolkit_tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
    store.addtranslation("Die Stadtbibliothek ist kostenlos.", "de", "The library is free.", "en")
    store.addtranslation("Der Bus fährt stündlich.", "de-DE", "The bus runs hourly.", "en-GB")
    path = tmp_path / "agency.tmx"
    path.write_bytes(bytes(store))

    call_command("tmx", "import", str(path), "--city", "nuernberg")

    page = make_page(nuernberg, "Bücherei", body=paragraph("Die Stadtbibliothek ist kostenlos."))
    assert alt_trans(export_one(page, "en").content, "Die Stadtbibliothek ist kostenlos.") == [
        ("100%", "cityguide-tm:nuernberg/tmx", "The library is free.")
    ]
    assert TMEntry.objects.get(source_text="Der Bus fährt stündlich.").target_text == (
        "The bus runs hourly."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"<tmx><body><tu>",
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "b">]><tmx/>',
        b'<?xml version="1.0"?><xliff version="1.2"/>',
    ],
)
def test_bad_tmx_is_refused_with_a_message_and_writes_nothing(nuernberg, tmp_path, content):
    path = tmp_path / "bad.tmx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=r"bad\.tmx"):
        call_command("tmx", "import", str(path), "--city", "nuernberg")
    assert not TMEntry.objects.exists()


def test_export_for_a_language_the_city_does_not_offer_is_refused(nuernberg, tmp_path):
    with pytest.raises(CommandError, match="not translated into 'fa'"):
        call_command(
            "tmx", "export", "--city", "nuernberg", "--language", "fa", "--output", tmp_path / "x"
        )

"""CSV and TBX import and export of a glossary: round trips, translate-toolkit reading our TBX
and writing TBX we read, the merge rule, and bad files refused whole with the place named."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localization.glossary.exchange import export_glossary, import_glossary
from localization.glossary.formats import GlossaryFileError
from localization.glossary.models import Term
from tests.glossary.conftest import make_term
from tests.tools import require_python_module

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def toolkit_tbx():
    return require_python_module(
        "translate.storage.tbx",
        required_by="CITYGUIDE_REQUIRE_TRANSLATE_TOOLKIT",
        install="translate-toolkit",
    )


def snapshot(city):
    """The glossary as plain data, for comparing two glossaries."""
    terms = Term.objects.filter(city=city) if city else Term.objects.filter(city__isnull=True)
    return {
        term.source: (
            term.source_language,
            term.note,
            term.do_not_translate,
            {t.language: t.target for t in term.translations.all()},
        )
        for term in terms.prefetch_related("translations")
    }


def _fill(city):
    make_term(
        "Ausländerbehörde",
        city=city,
        note='Das Amt für "Aufenthalt", Zimmer 3; bitte\nTermin machen',
        en="immigration office",
        ar="مكتب الأجانب",
        fa="اداره اتباع خارجی",
        uk="імміграційна служба",
    )
    make_term("Jobcenter", city=city, do_not_translate=True)
    make_term("Kita", city=city, en="day care, nursery")


@pytest.mark.parametrize("file_format", ["csv", "tbx"])
def test_round_trip_into_another_city_gives_the_same_glossary(augsburg, nuernberg, file_format):
    _fill(augsburg)
    content = export_glossary(augsburg, file_format)

    result = import_glossary(content, f"augsburg.{file_format}", nuernberg)

    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    assert snapshot(nuernberg) == snapshot(augsburg)
    assert len(snapshot(augsburg)) == 3


@pytest.mark.parametrize("file_format", ["csv", "tbx"])
def test_reimporting_an_export_changes_nothing(augsburg, file_format):
    _fill(augsburg)
    before = snapshot(augsburg)

    result = import_glossary(export_glossary(augsburg, file_format), f"g.{file_format}", augsburg)

    assert (result.added, result.updated, result.unchanged, result.replaced) == (0, 0, 3, [])
    assert snapshot(augsburg) == before


def test_the_shared_glossary_round_trips_apart_from_the_cities(augsburg, nuernberg):
    make_term("Meldebescheinigung", en="registration certificate")
    make_term("Kita", city=augsburg, en="nursery")

    import_glossary(export_glossary(None, "csv"), "shared.csv", nuernberg)

    assert snapshot(nuernberg) == snapshot(None)
    assert set(snapshot(nuernberg)) == {"Meldebescheinigung"}


def test_tbx_export_is_read_alike_by_translate_toolkit(augsburg, toolkit_tbx):
    _fill(augsburg)

    store = toolkit_tbx.tbxfile.parsestring(export_glossary(augsburg, "tbx"))

    units = {unit.source: unit for unit in store.units}
    assert set(units) == {"Ausländerbehörde", "Jobcenter", "Kita"}
    office = units["Ausländerbehörde"]
    assert {
        code: [term.text for term in office.get_target_terms(code)]
        for code in ("en", "ar", "fa", "uk")
    } == {
        "en": ["immigration office"],
        "ar": ["مكتب الأجانب"],
        "fa": ["اداره اتباع خارجی"],
        "uk": ["імміграційна служба"],
    }
    assert office.getnotes() == 'Das Amt für "Aufenthalt", Zimmer 3; bitte\nTermin machen'
    assert office.istranslatable()
    assert not units["Jobcenter"].istranslatable()
    assert [term.text for term in units["Kita"].get_target_terms("en")] == ["day care, nursery"]


def test_a_tbx_written_by_translate_toolkit_is_imported(nuernberg, toolkit_tbx, tmp_path):
    store = toolkit_tbx.tbxfile(sourcelanguage="de", targetlanguage="uk")
    unit = store.addsourceunit("Bürgeramt")
    unit.settarget("Бюро громадян", lang="uk")
    unit.addnote("Im Rathaus")
    store.addsourceunit("Jobcenter").settarget("Jobcenter", lang="uk")

    result = import_glossary(bytes(store), "agency.tbx", nuernberg)

    assert result.added == 2
    assert snapshot(nuernberg) == {
        "Bürgeramt": ("de", "Im Rathaus", False, {"uk": "Бюро громадян"}),
        "Jobcenter": ("de", "", False, {"uk": "Jobcenter"}),
    }


def test_tbx_v3_is_read(augsburg):
    content = b"""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="de" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>Agentur</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="de"><termSec><term>Kita</term></termSec></langSec>
      <langSec xml:lang="en-GB"><termSec><term>nursery</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>"""

    import_glossary(content, "v3.tbx", augsburg)

    assert snapshot(augsburg) == {"Kita": ("de", "", False, {"en": "nursery"})}


def test_an_import_merges_by_term_and_lists_what_it_replaced(augsburg):
    make_term("Kita", city=augsburg, note="Kindertagesstätte", en="nursery", ar="حضانة")
    make_term("Jobcenter", city=augsburg, do_not_translate=True)
    csv = (
        "source,note,do_not_translate,en,ar,uk\r\n"
        "KITA,,,day care,,дитсадок\r\n"
        "Jobcenter,,no,,,\r\n"
        "Bürgeramt,Rathaus,,citizens' office,,\r\n"
    ).encode()

    result = import_glossary(csv, "merge.csv", augsburg)

    assert (result.added, result.updated, result.unchanged) == (1, 2, 0)
    assert result.replaced == [
        "merge.csv, line 2: Kita (en) 'nursery' → 'day care'",
        "merge.csv, line 3: Jobcenter, do not translate yes → no",
    ]
    assert snapshot(augsburg) == {
        "Kita": (
            "de",
            "Kindertagesstätte",
            False,
            {"en": "day care", "ar": "حضانة", "uk": "дитсадок"},
        ),
        "Jobcenter": ("de", "", False, {}),
        "Bürgeramt": ("de", "Rathaus", False, {"en": "citizens' office"}),
    }


def test_an_import_costs_a_constant_number_of_queries(augsburg, nuernberg):
    def rows(count):
        lines = ["source,note,en,ar"]
        lines += [f"Begriff {n},Notiz {n},term {n},مصطلح {n}" for n in range(count)]
        return "\n".join(lines).encode()

    def queries(city, count):
        with CaptureQueriesContext(connection) as ctx:
            import_glossary(rows(count), "g.csv", city)
        return len(ctx.captured_queries)

    assert queries(augsburg, 3) == queries(nuernberg, 40)


def test_semicolon_csv_from_a_spreadsheet_with_a_bom_is_read(augsburg):
    content = "\ufeffsource;do_not_translate;en\r\nJobcenter;ja;\r\nKita;;nursery\r\n".encode()

    import_glossary(content, "excel.csv", augsburg)

    assert snapshot(augsburg) == {
        "Jobcenter": ("de", "", True, {}),
        "Kita": ("de", "", False, {"en": "nursery"}),
    }


BAD_FILES = [
    ("bad.csv", b"source,en\nKita,nursery\n,empty\n", "bad.csv, line 3: the term is empty."),
    ("bad.csv", b"source,en,xx\nKita,nursery,\n", "bad.csv: line 1 names the column 'xx', which"),
    ("bad.csv", b"source,en\nKita,nursery\nKita,day care\n", "bad.csv, line 3: the term 'Kita'"),
    ("bad.csv", b"source,en\nKita,nursery,extra\n", "bad.csv, line 2: 3 cells, but the header"),
    ("bad.csv", b"source,do_not_translate\nKita,maybe\n", "bad.csv, line 2: do_not_translate"),
    ("bad.csv", b"term,en\nKita,nursery\n", "bad.csv: line 1 has no column 'source'"),
    ("bad.csv", "source,en\nKita,nürsery\n".encode("latin-1"), "bad.csv: the file is not UTF-8"),
    ("bad.csv", b"source,de\nKita,Kita\n", "bad.csv, line 2: a translation into the source"),
    ("bad.csv", b"source,en\n", "bad.csv holds no terms."),
    ("bad.xlsx", b"source,en\nKita,nursery\n", "bad.xlsx: only .csv and .tbx"),
    ("bad.tbx", b"<martif><text><body>", "bad.tbx: malformed XML at line 1"),
    ("bad.tbx", b"<tmx version='1.4'/>", "bad.tbx: not a TBX file (root element <tmx>)."),
    (
        "bad.tbx",
        b'<!DOCTYPE martif [<!ENTITY x "y">]><martif/>',
        "bad.tbx: entity declarations are not allowed",
    ),
    (
        "bad.tbx",
        b'<martif><text><body><termEntry id="t1"><langSet xml:lang="de"><tig><term>Kita</term>'
        b'</tig></langSet></termEntry><termEntry id="t2"><langSet xml:lang="en"><tig>'
        b"<term>nursery</term></tig></langSet></termEntry></body></text></martif>",
        "bad.tbx, entry 2 (id t2) has no term in the source language de.",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_a_bad_file_is_refused_whole_naming_the_place(augsburg, name, content, message):
    make_term("Bürgeramt", city=augsburg, en="citizens' office")
    before = snapshot(augsburg)

    with pytest.raises(GlossaryFileError) as error:
        import_glossary(content, name, augsburg)

    assert message in str(error.value)
    assert snapshot(augsburg) == before

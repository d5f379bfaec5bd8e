"""Glossary terms shown to translators: a <note> per term on the 1.2 units that hold it, the
Glossary module (gls:glossary) on 2.0 units, valid against the official schemas; the lookup
costs the same queries whatever the number of pages."""

from functools import cache

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from wagtail.models import Locale

from localization.glossary.xliff import NS_GLS
from localization.xliff.document import NS12, NS20
from localization.xliff.export import export_pairs
from tests.conftest import make_page
from tests.glossary.conftest import make_term
from tests.xliff.helpers import export_one
from tests.xliff.validation import MODULES, SCHEMAS, _parser, assert_valid

pytestmark = pytest.mark.usefixtures("in_english")

BODY = [
    {"type": "paragraph", "value": "<p>Melden Sie sich beim <b>Jobcenter</b> an.</p>"},
    {"type": "paragraph", "value": "<p>Die Kita ist im Bürgeramt.</p>"},
    {"type": "paragraph", "value": "<p>Keine Fachbegriffe hier.</p>"},
]


def _terms(city):
    make_term("Jobcenter", do_not_translate=True, note="Name des Amts")
    make_term("Kita", en="day care")
    make_term("kita", city=city, en="nursery", note="Städtisch")
    make_term("Bürgeramt")  # no translation yet


def _unit_texts(root, version):
    if version == "1.2":
        units = root.iter(f"{{{NS12}}}trans-unit")
        return {"".join(u.find(f"{{{NS12}}}source").itertext()): u for u in units}
    units = root.iter(f"{{{NS20}}}unit")
    return {"".join(u.find(f"{{{NS20}}}segment/{{{NS20}}}source").itertext()): u for u in units}


def test_xliff12_units_holding_a_term_get_a_note_per_term(augsburg):
    _terms(augsburg)
    page = make_page(augsburg, "Ämter", body=BODY)

    content = export_one(page, "en", "1.2").content

    assert_valid(content, "1.2")
    units = _unit_texts(etree.fromstring(content), "1.2")

    def glossary_notes(text):
        notes = units[text].findall(f"{{{NS12}}}note")
        return [n.text for n in notes if n.text.startswith("Glossary")]

    assert glossary_notes("Melden Sie sich beim Jobcenter an.") == [
        "Glossary: Jobcenter. Do not translate: keep it as it is. Name des Amts"
    ]
    assert glossary_notes("Die Kita ist im Bürgeramt.") == [
        "Glossary: Bürgeramt (no translation yet)",
        "Glossary: kita → nursery. Städtisch",
    ]
    assert glossary_notes("Keine Fachbegriffe hier.") == []
    assert glossary_notes("Ämter") == []


def test_a_term_is_noted_on_a_unit_that_holds_it_in_another_case(augsburg):
    make_term("Straße", en="street")
    body = [{"type": "paragraph", "value": "<p>Folgen Sie der STRASSE bis zum Ende.</p>"}]
    page = make_page(augsburg, "Weg", body=body)

    units = _unit_texts(etree.fromstring(export_one(page, "en", "1.2").content), "1.2")

    notes = units["Folgen Sie der STRASSE bis zum Ende."].findall(f"{{{NS12}}}note")
    assert [n.text for n in notes if n.text.startswith("Glossary")] == ["Glossary: Straße → street"]


@cache
def _schema_with_glossary():
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0"
                 schemaLocation="{(SCHEMAS / "2.0" / "xliff_core_2.0.xsd").as_uri()}"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0"
                 schemaLocation="{(MODULES / "metadata.xsd").as_uri()}"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:sizerestriction:2.0"
                 schemaLocation="{(MODULES / "size_restriction.xsd").as_uri()}"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:matches:2.0"
                 schemaLocation="{(MODULES / "matches.xsd").as_uri()}"/>
      <xs:import namespace="{NS_GLS}" schemaLocation="{(MODULES / "glossary.xsd").as_uri()}"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), _parser()))


def test_xliff20_units_carry_the_glossary_module_valid_against_its_schema(augsburg):
    _terms(augsburg)
    page = make_page(augsburg, "Ämter", body=BODY)

    content = export_one(page, "en", "2.0").content

    schema = _schema_with_glossary()
    root = etree.fromstring(content)
    assert schema.validate(root), schema.error_log
    units = _unit_texts(root, "2.0")

    def entries(text):
        return [
            (
                entry.findtext(f"{{{NS_GLS}}}term"),
                entry.find(f"{{{NS_GLS}}}term").get("source"),
                entry.findtext(f"{{{NS_GLS}}}translation"),
                entry.findtext(f"{{{NS_GLS}}}definition"),
            )
            for entry in units[text].iterfind(f"{{{NS_GLS}}}glossary/{{{NS_GLS}}}glossEntry")
        ]

    assert entries("Melden Sie sich beim Jobcenter an.") == [
        (
            "Jobcenter",
            "cityguide:shared-glossary",
            "Jobcenter",
            "Do not translate: keep it as it is. Name des Amts",
        )
    ]
    assert entries("Die Kita ist im Bürgeramt.") == [
        ("Bürgeramt", "cityguide:shared-glossary", None, "No translation yet."),
        ("kita", "cityguide:city-glossary", "nursery", "Städtisch"),
    ]
    assert entries("Keine Fachbegriffe hier.") == []


def test_a_broken_glossary_entry_fails_the_schema(augsburg):
    """The schema check above can fail: an entry without its term is refused."""
    _terms(augsburg)
    page = make_page(augsburg, "Ämter", body=BODY)
    root = etree.fromstring(export_one(page, "en", "2.0").content)
    entry = next(root.iter(f"{{{NS_GLS}}}glossEntry"))
    entry.remove(entry.find(f"{{{NS_GLS}}}term"))

    assert not _schema_with_glossary().validate(root)


def test_other_cities_terms_are_not_shown(augsburg, nuernberg):
    make_term("Kita", city=nuernberg, en="nursery")
    page = make_page(augsburg, "Kinder", body=BODY)

    content = export_one(page, "en", "1.2").content

    assert b"Glossary" not in content
    assert b"nursery" not in content


def _export_queries(pages, locales):
    pairs = [(page, locale) for page in pages for locale in locales]
    export_pairs(pairs, mark=False)
    with CaptureQueriesContext(connection) as ctx:
        export_pairs(pairs, mark=False)
    return [q["sql"] for q in ctx.captured_queries]


def test_the_glossary_lookup_costs_one_query_per_language_whatever_the_pages(augsburg):
    _terms(augsburg)
    en = Locale.objects.get(language_code="en")
    few = [make_page(augsburg, f"Seite {n}", body=BODY) for n in range(2)]
    many = few + [make_page(augsburg, f"Mehr {n}", body=BODY) for n in range(6)]

    def glossary_queries(pages, locales):
        return [sql for sql in _export_queries(pages, locales) if "glossary_term" in sql]

    assert len(glossary_queries(few, [en])) == 1
    assert len(glossary_queries(many, [en])) == 1
    ar = Locale.objects.get(language_code="ar")
    assert len(glossary_queries(many, [en, ar])) == 2

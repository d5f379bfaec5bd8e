"""Validation against the official OASIS schemas in tests/xliff/schemas/ (see NOTICE.md)."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
MODULES = SCHEMAS / "2.0" / "modules"


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@cache
def schema(version):
    if version == "1.2":
        return etree.XMLSchema(
            etree.parse(str(SCHEMAS / "1.2" / "xliff-core-1.2-strict.xsd"), _parser())
        )
    # Core plus the modules our files use (Metadata, Size Restriction, Matches), so mda:, slr:
    # and mtc: elements are checked strictly too.
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0"
                 schemaLocation="{(SCHEMAS / "2.0" / "xliff_core_2.0.xsd").as_uri()}"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0"
                 schemaLocation="{(SCHEMAS / "2.0" / "modules" / "metadata.xsd").as_uri()}"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:sizerestriction:2.0"
                 schemaLocation="{(MODULES / "size_restriction.xsd").as_uri()}"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:matches:2.0"
                 schemaLocation="{(SCHEMAS / "2.0" / "modules" / "matches.xsd").as_uri()}"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), _parser()))


def assert_valid(content, version):
    document = etree.fromstring(content, _parser())
    checker = schema(version)
    if not checker.validate(document):
        raise AssertionError(f"XLIFF {version} invalid: {checker.error_log}")

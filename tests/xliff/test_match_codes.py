"""Translation-memory matches carry the inline codes of their texts (issue 15), mapped as the
unit's are (localization.xliff.codes): `<g>`/`<x/>` in 1.2 `<alt-trans>`, `<pc>`/`<ph>` with the
match's own `<originalData>` in 2.0 `<mtc:match>`; both valid against the official schemas."""

import pytest
from lxml import etree

from localization.xliff.document import NS12, NS20, NS_MTC
from tests.conftest import make_page
from tests.tm.test_translation_memory import paragraph, translate_and_publish
from tests.xliff.helpers import export_one
from tests.xliff.validation import assert_valid

X12 = {"x": NS12}
X20 = {"x": NS20, "mtc": NS_MTC}
MARKED = "Die <b>Miete</b> zahlt man <i>monatlich</i>.<br/>Danke."
LINKED = 'Fragen Sie das <a href="https://example.org/amt">Bürgerbüro</a> in der Stadt.'


def _shape(element):
    """The element's content as (tag, attributes) of every inline element and its text."""
    parts = [element.text or ""]
    for child in element.iter():
        if child is element:
            continue
        attrs = dict(child.attrib)
        parts.append((etree.QName(child).localname, attrs, child.text or "", child.tail or ""))
    return parts


def _as_translated(shape):
    """A source's shape as tests.xliff.helpers.fill_targets translates it: "EN " before the
    text, inside each element and before its tail."""
    text, *elements = shape
    return [f"EN {text}" if text else text] + [
        (tag, attrs, f"EN {inner}" if inner else inner, f"EN {tail}" if tail else tail)
        for tag, attrs, inner, tail in elements
    ]


def _page_with_a_match(augsburg, on_commit, text):
    translate_and_publish(make_page(augsburg, "Wohnen", body=paragraph(text)), "en", on_commit)
    return make_page(augsburg, "Leben", body=paragraph(text))


def test_a_20_match_carries_the_units_inline_codes_and_its_own_original_data(augsburg, on_commit):
    page = _page_with_a_match(augsburg, on_commit, MARKED)

    content = export_one(page, "en", "2.0").content

    assert_valid(content, "2.0")
    root = etree.fromstring(content)
    [unit] = [u for u in root.iterfind(".//x:unit", X20) if u.find("mtc:matches", X20) is not None]
    [match] = unit.iterfind("mtc:matches/mtc:match", X20)
    unit_source = unit.find("x:segment/x:source", X20)
    match_source, match_target = match.find("x:source", X20), match.find("x:target", X20)
    # the same codes as the unit's source (ids, types, data references), around the same text
    assert _shape(match_source) == _shape(unit_source)
    assert _shape(match_target) == _as_translated(_shape(unit_source))
    data = {d.get("id"): d.text for d in match.iterfind("x:originalData/x:data", X20)}
    assert data == {
        "b1-s": "<b>",
        "b1-e": "</b>",
        "i1-s": "<i>",
        "i1-e": "</i>",
        "br1-s": "<br/>",
    }
    assert [pc.get("dataRefStart") for pc in match_target.iter(f"{{{NS20}}}pc")] == [
        "b1-s",
        "i1-s",
    ]


def test_a_20_match_with_a_link_is_valid_and_keeps_the_link_code(augsburg, on_commit):
    page = _page_with_a_match(augsburg, on_commit, LINKED)

    content = export_one(page, "en", "2.0").content

    assert_valid(content, "2.0")
    [match] = etree.fromstring(content).iterfind(".//mtc:match", X20)
    [link] = match.find("x:target", X20).iterfind("x:pc", X20)
    assert (link.get("type"), link.text) == ("link", "EN Bürgerbüro")
    assert "href" not in etree.tostring(match, encoding="unicode")


@pytest.mark.parametrize("text", [MARKED, LINKED], ids=["bold-italic-br", "link"])
def test_a_12_alt_trans_carries_the_units_inline_codes(augsburg, on_commit, text):
    page = _page_with_a_match(augsburg, on_commit, text)

    content = export_one(page, "en", "1.2").content

    assert_valid(content, "1.2")
    root = etree.fromstring(content)
    [unit] = [
        u for u in root.iterfind(".//x:trans-unit", X12) if u.find("x:alt-trans", X12) is not None
    ]
    [alt] = unit.iterfind("x:alt-trans", X12)
    assert _shape(alt.find("x:source", X12)) == _shape(unit.find("x:source", X12))
    assert _shape(alt.find("x:target", X12)) == _as_translated(_shape(unit.find("x:source", X12)))
    assert any(element.tag in (f"{{{NS12}}}g", f"{{{NS12}}}x") for element in alt.iter())

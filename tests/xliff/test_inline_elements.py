"""Every XLIFF 1.2 inline element in a target (issue 15, "Reading"): `<ph>`, `<bx/>`/`<ex/>`,
`<bpt>`/`<ept>` and `<it>` map onto the source's codes by id (halves paired by rid, else by id),
checked against them like `<g>`/`<x/>`; a file whose codes do not fit is rejected whole, with a
message naming the unit, and nothing is written."""

import pytest
from lxml import etree
from translate.storage import xliff
from translate.storage.placeables import StringElem
from translate.storage.placeables import xliff as placeables
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation

from localization.status import Status
from localization.tracking import get_status
from localization.xliff.document import NS12
from tests.xliff.helpers import (
    do_import,
    export_one,
    fill_targets,
    parse,
    set_target,
    translated,
    units,
)
from tests.xliff.validation import assert_valid

pytestmark = pytest.mark.usefixtures("in_english")  # the messages read as their msgids

PARAGRAPH = "body › paragraph 1"
#: The paragraph's translation, as the page must store it whatever elements the file used.
ENGLISH_PARAGRAPH = (
    "<p>Welcome to <b>Augsburg <i>and</i> surroundings</b>. See "
    '<a href="https://example.org/?a=1&amp;b=2">Tom &amp; Jerry</a>.<br/>New line with '
    "10\u00a0km.</p>"
)

#: The paragraph's target, written with each element the way CAT tools write it.
TARGETS = {
    "ph": (
        '<g id="b1">Augsburg <g id="i1">and</g> surroundings</g>. See <g id="a1">Tom &amp; '
        'Jerry</g>.<ph id="br1" ctype="lb">&lt;br/&gt;</ph>New line with 10\u00a0km.'
    ),
    "bx-ex": (
        # Paired by rid (the <ex> has an id of its own), by id, and across a <mrk>.
        '<bx id="b1" rid="1" ctype="bold"/>Augsburg <g id="i1">and</g> surroundings'
        '<ex id="7" rid="1"/>. See <mrk mtype="term"><bx id="a1"/>Tom</mrk> &amp; Jerry'
        '<ex id="a1"/>.<x id="br1"/>New line with 10\u00a0km.'
    ),
    "bpt-ept": (
        '<bpt id="b1" rid="r1">&lt;b&gt;</bpt>Augsburg <bpt id="i1">&lt;i&gt;</bpt>and'
        '<ept id="i1">&lt;/i&gt;</ept> surroundings<ept id="8" rid="r1">&lt;/b&gt;</ept>. See '
        '<g id="a1">Tom &amp; Jerry</g>.<x id="br1"/>New line with 10\u00a0km.'
    ),
    "it": (
        # Both halves of a span in this segment: mapped to the source's code by id.
        '<it pos="open" id="b1">&lt;b&gt;</it>Augsburg <g id="i1">and</g> surroundings'
        '<it pos="close" id="b1">&lt;/b&gt;</it>. See <g id="a1">Tom &amp; Jerry</g>.'
        '<x id="br1"/>New line with 10\u00a0km.'
    ),
}


def _paragraph(root):
    return next(unit for unit in units(root, "1.2") if unit.get("resname") == PARAGRAPH)


def _file_with_paragraph(page, fragment):
    """A 1.2 export translated like a CAT tool, the paragraph's target being `fragment`."""
    root = parse(fill_targets(export_one(page, "en").content, "1.2"))
    set_target(_paragraph(root), "1.2", "Welcome to " + fragment)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _snapshot():
    """What a rejected file must not change: translations, revisions, the page tree."""
    return (
        list(StringTranslation.objects.order_by("pk").values_list("pk", "data")),
        list(Revision.objects.order_by("pk").values_list("pk", "object_id")),
        list(
            Page.objects.order_by("pk").values_list(
                "pk", "title", "draft_title", "latest_revision_id", "live"
            )
        ),
    )


def _assert_paragraph_imported(page):
    target = translated(page, "en")
    assert target.live and target.title == "EN Wohnen"
    assert target.body.raw_data[1]["value"] == ENGLISH_PARAGRAPH
    assert get_status(page, Locale.objects.get(language_code="en")) == Status.UP_TO_DATE


@pytest.mark.parametrize("element", list(TARGETS))
def test_each_inline_element_round_trips_into_the_page(rich_page, on_commit, element):
    content = _file_with_paragraph(rich_page, TARGETS[element])
    assert_valid(content, "1.2")
    with on_commit():
        [result] = do_import(content, publish=True)
    assert result.outcome == "applied", result.message
    _assert_paragraph_imported(rich_page)


def test_halves_in_a_source_that_a_tool_rewrote_are_read_too(rich_page, on_commit):
    """Some tools rewrite the source's codes in the same style as the target's."""
    root = parse(_file_with_paragraph(rich_page, TARGETS["bpt-ept"]))
    paragraph = _paragraph(root)
    source = paragraph.find("x:source", {"x": NS12})
    rewritten = etree.fromstring(
        f'<source xmlns="{NS12}">Willkommen in <bpt id="b1">&lt;b&gt;</bpt>Augsburg '
        '<bx id="i1"/>und<ex id="i1"/> Umgebung<ept id="b1">&lt;/b&gt;</ept>. Siehe '
        '<bpt id="a1">&lt;a&gt;</bpt>Tom &amp; Jerry<ept id="a1">&lt;/a&gt;</ept>.'
        '<ph id="br1">&lt;br/&gt;</ph>Neue Zeile mit 10\u00a0km.</source>'
    )
    source.addprevious(rewritten)
    paragraph.remove(source)
    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    assert_valid(content, "1.2")
    with on_commit():
        [result] = do_import(content, publish=True)
    assert result.outcome == "applied", result.message
    _assert_paragraph_imported(rich_page)


def test_translate_toolkit_placeables_round_trip(rich_page, on_commit):
    """translate-toolkit writes its placeables as <bx/>/<ex/>, <bpt>/<ept> and <ph>."""
    store = xliff.xlifffile.parsestring(fill_targets(export_one(rich_page, "en").content, "1.2"))
    [unit] = [unit for unit in store.units if unit.xmlelement.get("resname") == PARAGRAPH]
    unit.rich_target = [
        StringElem(
            [
                "Welcome to ",
                placeables.Bx(id="b1"),
                "Augsburg ",
                placeables.Bpt(id="i1", sub=["<i>"]),
                "and",
                placeables.Ept(id="i1", sub=["</i>"]),
                " surroundings",
                placeables.Ex(id="b1"),
                ". See ",
                placeables.G(id="a1", sub=["Tom & Jerry"]),
                ".",
                placeables.Ph(id="br1", sub=["<br/>"]),
                "New line with 10\u00a0km.",
            ]
        )
    ]
    content = bytes(store)
    assert b'<bx id="b1"/>' in content and b"<ph " in content and b"<bpt " in content
    with on_commit():
        [result] = do_import(content, publish=True)
    assert result.outcome == "applied", result.message
    _assert_paragraph_imported(rich_page)


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (
            TARGETS["ph"].replace('<ph id="br1"', '<ph id="br9"'),
            "the target invents inline code 'br9'",
        ),
        (
            TARGETS["ph"].replace(".<ph", '.<ph id="b7">&lt;hr/&gt;</ph><ph'),
            "the target invents inline code 'b7'",
        ),
        (
            TARGETS["bpt-ept"]
            .replace('<bpt id="i1">&lt;i&gt;</bpt>', '<ph id="i1"/>')
            .replace('<ept id="i1">&lt;/i&gt;</ept>', ""),
            "inline code 'i1' must be a paired code, as in the source",
        ),
        (
            TARGETS["bx-ex"].replace('<ex id="7" rid="1"/>', '<ex id="7" rid="2"/>'),
            '<ex id="7" rid="2"> closes an inline code that no <bx> before it opens',
        ),
        (
            TARGETS["bx-ex"].replace('<ex id="a1"/>', ""),
            "<bx id=\"a1\"> opens inline code 'a1', but no <ex> closes it",
        ),
        (
            TARGETS["bpt-ept"].replace('<ept id="i1">&lt;/i&gt;</ept>', ""),
            "<bpt id=\"i1\"> opens inline code 'i1', but no <ept> closes it",
        ),
        (
            # A <bx> may not be closed by an <ept>: the pair is broken.
            TARGETS["bx-ex"].replace('<ex id="a1"/>', '<ept id="a1">&lt;/a&gt;</ept>'),
            '<ept id="a1"> closes an inline code that no <bpt> before it opens',
        ),
        (
            # Unbalanced: the <b> span would overlap the <i> span.
            TARGETS["bx-ex"]
            .replace('<g id="i1">and</g>', '<g id="i1">and<ex id="7" rid="1"/></g>')
            .replace(' surroundings<ex id="7" rid="1"/>', " surroundings"),
            "inline code 'b1' closes while 'i1' is open",
        ),
        (
            TARGETS["it"].replace('<it pos="close" id="b1">&lt;/b&gt;</it>', ""),
            '<it pos="open" id="b1"> is half of inline code \'b1\' whose other half lies '
            "outside this segment; Cityguide's segments always hold whole spans, so half a "
            "span cannot be represented",
        ),
        (
            TARGETS["it"].replace(' pos="open"', ' pos="middle"'),
            '<it id="b1"> needs pos="open" or pos="close", not \'middle\'',
        ),
    ],
    ids=[
        "unknown-id",
        "extra-code",
        "placeholder-for-paired",
        "rid-mismatch",
        "ex-missing",
        "ept-missing",
        "pair-of-different-elements",
        "overlapping",
        "isolated-half",
        "isolated-bad-pos",
    ],
)
def test_codes_that_do_not_fit_reject_the_file_and_write_nothing(
    rich_page, on_commit, fragment, message
):
    before = _snapshot()
    with on_commit():
        [result] = do_import(_file_with_paragraph(rich_page, fragment), publish=True)
    assert result.outcome == "rejected"
    assert f" {PARAGRAPH}: " in result.message  # the unit, named
    assert message in result.message
    assert _snapshot() == before

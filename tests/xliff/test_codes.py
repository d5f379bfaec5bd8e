"""Inline codes: segment HTML <-> code trees, and the checks on a translator's target."""

import pytest

from localization.xliff.codes import (
    CodeRef,
    InlineCodeError,
    PairedRef,
    StandaloneRef,
    check_target_codes,
    parse_segment_html,
)

SOURCE = 'Text <b>fett <i>kursiv</i></b> <a id="a1">Link</a><br/>Ende &amp; mehr'


def test_segment_html_round_trips_exactly_with_stable_code_ids():
    segment = parse_segment_html(SOURCE)
    assert segment.to_html() == SOURCE
    assert list(segment.codes) == ["b1", "i1", "a1", "br1"]
    assert parse_segment_html(SOURCE).codes == segment.codes


def test_link_code_keeps_wagtail_localize_id_and_never_an_href():
    segment = parse_segment_html('<a id="a2">x</a> <a id="a1">y</a> <a>z</a>')
    assert list(segment.codes) == ["a2", "a1", "a3"]
    assert "href" not in segment.to_html()


def _target(*nodes):
    return list(nodes)


def test_reordered_and_renested_codes_are_accepted():
    source = parse_segment_html(SOURCE)
    target = _target(
        StandaloneRef(CodeRef("br1", True)),
        PairedRef(CodeRef("a1", False), ["Link"]),
        " ",
        PairedRef(CodeRef("i1", False), [PairedRef(CodeRef("b1", False), ["bold"])]),
        " & more",
    )
    html = check_target_codes(source, target, "body").to_html()
    assert html == '<br/><a id="a1">Link</a> <i><b>bold</b></i> &amp; more'


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        (
            [
                "Text ",
                PairedRef(CodeRef("b1", False), ["x"]),
                StandaloneRef(CodeRef("br1", True)),
                PairedRef(CodeRef("a1", False), ["y"]),
            ],
            r"drops inline code\(s\) 'i1'",
        ),
        (
            [
                PairedRef(CodeRef("b1", False), [PairedRef(CodeRef("i1", False), ["x"])]),
                PairedRef(CodeRef("a1", False), ["y"]),
                StandaloneRef(CodeRef("br1", True)),
                StandaloneRef(CodeRef("br1", True)),
            ],
            "duplicates inline code 'br1'",
        ),
        ([PairedRef(CodeRef("u9", False), ["x"])], "invents inline code 'u9'"),
        (
            [
                PairedRef(CodeRef("b1", False), [PairedRef(CodeRef("i1", False), ["x"])]),
                PairedRef(CodeRef("a1", False), ["y"]),
                PairedRef(CodeRef("br1", False), []),
            ],
            "'br1' must be a placeholder",
        ),
        (
            [
                PairedRef(CodeRef("b1", False), [PairedRef(CodeRef("i1", False), ["<b>x</b>"])]),
                PairedRef(CodeRef("a1", False), ["y"]),
                StandaloneRef(CodeRef("br1", True)),
            ],
            "holds markup '<b>' outside the inline codes",
        ),
    ],
)
def test_faulty_targets_are_rejected_naming_the_unit(nodes, message):
    with pytest.raises(InlineCodeError, match=message) as error:
        check_target_codes(parse_segment_html(SOURCE), nodes, "body.123")
    assert str(error.value).startswith("Unit body.123:")


def test_text_that_only_looks_like_markup_in_the_source_may_stay():
    source = parse_segment_html("Schreibe &lt;b&gt; für fett")
    html = check_target_codes(source, ["Write <b> for bold"], "t").to_html()
    assert html == "Write &lt;b&gt; for bold"

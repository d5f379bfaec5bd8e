"""Export -> translate like a CAT tool -> import, in XLIFF 1.2 and 2.0."""

import pytest
from lxml import etree
from wagtail.models import Locale

from localization.xliff.export import export_pairs
from tests.conftest import make_page
from tests.xliff.helpers import (
    do_import,
    export_one,
    fill_targets,
    ns,
    parse,
    set_target,
    source_inner,
    translated,
    units,
)
from tests.xliff.validation import assert_valid

VERSIONS = ["1.2", "2.0"]


@pytest.mark.usefixtures("in_english")  # the notes read as their msgids
@pytest.mark.parametrize("version", VERSIONS)
def test_nested_markup_links_breaks_and_images_survive_a_round_trip(rich_page, version, on_commit):
    exported = export_one(rich_page, "en", version)
    assert_valid(exported.content, version)
    assert b"href" not in exported.content
    # A link's target is context in a note, never in the text a translator edits.
    for element in parse(exported.content).iter():
        if etree.QName(element).localname in ("source", "target"):
            assert "example.org" not in etree.tostring(element, encoding="unicode")
    assert b"Link target: https://example.org/?a=1&amp;b=2" in exported.content
    assert (
        b"CDATA" not in exported.content
        and b"&lt;b&gt;" not in exported.content.split(b"<originalData>")[0]
    )

    filled = fill_targets(exported.content, version)
    assert_valid(filled, version)
    with on_commit():
        [result] = do_import(filled, publish=True)
    assert result.outcome == "applied", result.message

    page = translated(rich_page, "en")
    assert page.live and page.title == "EN Wohnen"
    paragraph = page.body.raw_data[1]["value"]
    assert "<b>EN Augsburg <i>EN und</i>EN  Umgebung</b>" in paragraph
    assert '<a href="https://example.org/?a=1&amp;b=2">EN Tom &amp; Jerry</a>' in paragraph
    assert "<br/>EN Neue Zeile mit 10\u00a0km." in paragraph
    image = page.body.raw_data[2]["value"]
    assert image["image"] == rich_page.body.raw_data[2]["value"]["image"]
    assert image["alt_text"] == "EN Ein Haus"
    assert page.teaser == "EN Alles über Miete & Wohnen"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("ar", "\u200fمرحبا\u200f بكم في أوغسبورغ 😀"),
        ("fa", "\u200fخوش\u200cآمدید\u200e ABC\u200e 𝄞"),
    ],
)
def test_right_to_left_text_with_direction_marks_and_non_bmp_survives(
    augsburg, version, code, text, on_commit
):
    page = make_page(augsburg, "Ankommen")
    exported = export_one(page, code, version)
    if version == "2.0":
        assert b'trgDir="rtl"' in exported.content
    content = fill_targets(exported.content, version, translate=lambda t: text)
    with on_commit():
        [result] = do_import(content, publish=True)
    assert result.outcome == "applied", result.message
    assert translated(page, code).title == text


@pytest.mark.parametrize("version", VERSIONS)
def test_translator_may_reorder_codes(rich_page, version, on_commit):
    exported = export_one(rich_page, "en", version)
    root = parse(exported.content)
    paragraph = next(u for u in units(root, version) if "b1" in source_inner(u, version))
    if version == "1.2":
        fragment = (
            'See <g id="a1" ctype="link">Tom &amp; Jerry</g>.<x id="br1"/>'
            '<g id="i1">and</g> <g id="b1">Augsburg</g> welcome'
        )
    else:
        fragment = (
            'See <pc id="a1">Tom &amp; Jerry</pc>.<ph id="br1"/>'
            '<pc id="i1">and</pc> <pc id="b1">Augsburg</pc> welcome'
        )
    set_target(paragraph, version, fragment)
    from lxml import etree

    with on_commit():
        [result] = do_import(etree.tostring(root), publish=True)
    assert result.outcome == "applied", result.message
    value = translated(rich_page, "en").body.raw_data[1]["value"]
    assert (
        'See <a href="https://example.org/?a=1&amp;b=2">Tom &amp; Jerry</a>.<br/>'
        "<i>and</i> <b>Augsburg</b> welcome"
    ) in value


@pytest.mark.parametrize("version", VERSIONS)
def test_existing_translations_are_prefilled_with_state_and_ids_stay_stable(
    rich_page, version, on_commit
):
    first = export_one(rich_page, "en", version)
    with on_commit():
        do_import(fill_targets(first.content, version), publish=True)
    second = export_one(rich_page, "en", version)
    assert_valid(second.content, version)
    root = parse(second.content)
    ids = [u.get("id") for u in units(root, version)]
    assert ids == [u.get("id") for u in units(parse(first.content), version)]
    if version == "1.2":
        targets = root.findall(".//x:target", ns(version))
        assert {t.get("state") for t in targets} == {"final"}
    else:
        segments = root.findall(".//x:segment", ns(version))
        assert {s.get("state") for s in segments} == {"final"}
    assert "EN Wohnen" in second.content.decode()


@pytest.mark.parametrize("version", VERSIONS)
def test_many_pages_and_languages_validate_and_carry_context_notes(augsburg, version):
    parent = make_page(augsburg, "Arbeit")
    child = make_page(parent, "Jobcenter")
    pairs = [
        (p, Locale.objects.get(language_code=c)) for p in (parent, child) for c in ("en", "ar")
    ]
    exported = export_pairs(pairs, version=version, mark=False)
    assert [e.filename for e in exported] == [
        f"augsburg_de_en_{parent.pk}_arbeit.xlf",
        f"augsburg_de_ar_{parent.pk}_arbeit.xlf",
        f"augsburg_de_en_{child.pk}_jobcenter.xlf",
        f"augsburg_de_ar_{child.pk}_jobcenter.xlf",
    ]
    for item in exported:
        assert_valid(item.content, version)
    text = exported[2].content.decode()
    assert "Path: Augsburg › Arbeit › Jobcenter" in text
    assert "Page: Jobcenter" in text and "Field: title" in text

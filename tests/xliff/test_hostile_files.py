"""Every hostile or wrong file is refused with a clear message and leaves the data untouched."""

import io
import re
import zipfile

import pytest
from django.test import override_settings
from lxml import etree
from wagtail.models import Page
from wagtail_localize.models import StringTranslation

from tests.xliff.helpers import (
    do_import,
    export_one,
    fill_targets,
    parse,
    set_target,
    source_inner,
    units,
)
from tests.xliff.validation import assert_valid

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def snapshot(rich_page):
    """What must not change: translations, revisions, the page tree."""

    def take():
        return (
            list(StringTranslation.objects.order_by("pk").values_list("pk", "data")),
            list(
                Page.objects.order_by("pk").values_list(
                    "pk", "title", "draft_title", "latest_revision_id", "live"
                )
            ),
        )

    return take


def _rejected(results, fragment):
    assert len(results) == 1, results
    result = results[0]
    assert result.outcome == "rejected", result.line()
    assert fragment in result.message, result.message
    return result


def _filled(rich_page, version="1.2"):
    return fill_targets(export_one(rich_page, "en", version).content, version)


def test_malformed_xml_reports_its_line_number(rich_page, snapshot):
    before = snapshot()
    content = _filled(rich_page).replace(b"</body>", b"</bdy>", 1)
    line = content[: content.index(b"</bdy>")].count(b"\n") + 1
    assert line > 2  # the file is pretty-printed
    result = _rejected(do_import(content), "malformed XML at line")
    assert f"file.xlf: malformed XML at line {line}: Opening and ending tag mismatch" in (
        result.message
    )
    assert snapshot() == before


def test_malformed_xml_on_a_later_line_names_that_line(db):
    content = b'<?xml version="1.0"?>\n<xliff>\n<file>\n<oops</file></xliff>'
    _rejected(do_import(content), "line 4")


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xliff>&lol2;</xliff>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<xliff>&xxe;</xliff>",
        b'<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "http://example.com/evil.dtd" '
        b"[<!ELEMENT xliff ANY>]><xliff/>",
    ],
    ids=["billion-laughs", "external-entity", "internal-subset"],
)
def test_dtds_and_entities_are_refused(rich_page, snapshot, content):
    before = snapshot()
    _rejected(do_import(content), "not allowed")
    assert snapshot() == before


def test_undeclared_entity_reference_is_refused(db):
    _rejected(do_import(b"<xliff>&nbsp;</xliff>"), "malformed XML")


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/evil.xlf", "points outside the archive"),
        ("/abs/evil.xlf", "absolute path"),
        ("C:/evil.xlf", "absolute path"),
    ],
)
def test_zip_slip_names_refuse_the_whole_zip(rich_page, snapshot, name, message):
    before = snapshot()
    content = _zip({"good.xlf": _filled(rich_page), name: _filled(rich_page)})
    _rejected(do_import(content, name="batch.zip"), message)
    assert snapshot() == before


def test_zip_bomb_is_refused_by_ratio(rich_page, snapshot):
    before = snapshot()
    content = _zip({"bomb.xlf": b"<xliff>" + b" " * 5_000_000 + b"</xliff>"})
    _rejected(do_import(content, name="bomb.zip"), "zip bomb")
    assert snapshot() == before


@override_settings(CITYGUIDE_XLIFF_LIMITS={"max_members": 3})
def test_too_many_members_are_refused(rich_page, snapshot):
    before = snapshot()
    content = _zip({f"f{i}.xlf": _filled(rich_page) for i in range(4)})
    _rejected(do_import(content, name="many.zip"), "holds 4 members; the limit is 3")
    assert snapshot() == before


@override_settings(CITYGUIDE_XLIFF_LIMITS={"max_total_uncompressed": 1000})
def test_too_much_uncompressed_data_is_refused(rich_page):
    content = _zip({"a.xlf": _filled(rich_page)})
    _rejected(do_import(content, name="big.zip"), "the limit is 1,000")


def test_only_xliff_members_count_and_other_files_are_ignored(rich_page, on_commit):
    content = _zip(
        {
            "readme.txt": b"hello",
            "__MACOSX/._x.xlf": b"junk",
            "work/augsburg.xlf": _filled(rich_page),
        }
    )
    results = do_import(content, name="batch.zip")
    assert [r.label for r in results] == ["batch.zip/work/augsburg.xlf"]
    assert results[0].outcome == "applied"


def test_not_a_zip_and_wrong_extension_are_refused(db):
    _rejected(do_import(b"PK\x03\x04broken", name="x.zip"), "not a readable zip")
    _rejected(do_import(b"<xliff/>", name="x.docx"), "only .xlf, .xliff and .zip")


def _file_for(rich_page, replace_from, replace_to, version="1.2"):
    return _filled(rich_page, version).replace(replace_from, replace_to)


def test_wrong_city_in_header_is_refused(rich_page, nuernberg, snapshot):
    content = _file_for(rich_page, b"cityguide/augsburg/", b"cityguide/nuernberg/")
    before = snapshot()
    _rejected(do_import(content), "is for city 'nuernberg', but page")
    assert snapshot() == before


def test_file_of_another_city_is_refused_for_an_editor_of_this_one(rich_page, nuernberg, snapshot):
    content = _filled(rich_page)
    before = snapshot()
    _rejected(
        do_import(content, allowed_cities=[nuernberg]),
        "This file belongs to Augsburg; you can import files only for Nürnberg.",
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "target language is 'fr', but this translation is into 'en'"),
        ("xx", "Unknown target language 'xx'"),
    ],
)
def test_wrong_or_unknown_target_language_is_refused(rich_page, snapshot, language, message):
    content = _file_for(
        rich_page, b'target-language="en"', f'target-language="{language}"'.encode()
    )
    before = snapshot()
    _rejected(do_import(content), message)
    assert snapshot() == before


@pytest.mark.parametrize("variant", ["en-GB", "EN_us", "en"])
def test_language_variants_are_accepted(rich_page, variant, on_commit):
    content = _file_for(rich_page, b'trgLang="en"', f'trgLang="{variant}"'.encode(), "2.0")
    [result] = do_import(content)
    assert result.outcome == "applied", result.message


def test_unknown_translation_id_is_refused(rich_page, snapshot):
    content = re.sub(
        rb"translation/[0-9a-f-]{36}",
        b"translation/00000000-0000-4000-8000-000000000000",
        _filled(rich_page),
    )
    before = snapshot()
    _rejected(do_import(content), "No translation with id 00000000-0000-4000-8000-000000000000")
    assert snapshot() == before


def test_file_not_exported_here_is_refused(db):
    content = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        b'<file original="foo.html" source-language="de" datatype="html"><body/></file>'
        b"</xliff>"
    )
    _rejected(do_import(content), "was not exported by Cityguide")


def test_other_xml_is_refused(db):
    _rejected(do_import(b"<html/>"), "not an XLIFF document")
    _rejected(
        do_import(b'<xliff xmlns="urn:example:not-xliff" version="1.2"/>'),
        "unsupported XLIFF namespace 'urn:example:not-xliff'",
    )
    _rejected(
        do_import(b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.1"/>'),
        "an XLIFF file without a version cannot be read here",
    )


CODE_FAULTS_12 = {
    "dropped": (
        'Welcome <g id="b1">Augsburg <g id="i1">and</g></g>. See <g id="a1">Tom</g>.',
        "drops inline code(s) 'br1'",
    ),
    "duplicated": (
        '<g id="b1">A <g id="i1">u</g></g> <g id="a1">T</g><x id="br1"/><x id="br1"/>',
        "duplicates inline code 'br1'",
    ),
    "invented": (
        '<g id="b1">A <g id="i1">u</g></g> <g id="a1">T</g><x id="br1"/><g id="u7">new</g>',
        "invents inline code 'u7'",
    ),
    "markup-in-text": (
        '<g id="b1">A <g id="i1">u</g></g> <g id="a1">T</g><x id="br1"/>'
        " &lt;script&gt;alert(1)&lt;/script&gt;",
        "holds markup '<script>' outside the inline codes",
    ),
    "unsupported-element": (
        '<g id="b1">A <g id="i1">u</g></g> <g id="a1">T</g><x id="br1"/><sub>u</sub>',
        "unsupported inline element <sub>",
    ),
}
CODE_FAULTS_20 = {
    "dropped": (
        'Welcome <pc id="b1">Augsburg <pc id="i1">and</pc></pc>. See <pc id="a1">Tom</pc>.',
        "drops inline code(s) 'br1'",
    ),
    "invented": (
        '<pc id="b1">A <pc id="i1">u</pc></pc> <pc id="a1">T</pc><ph id="br1"/><ph id="x9"/>',
        "invents inline code 'x9'",
    ),
    "dangling-end": (
        '<pc id="b1">A <pc id="i1">u</pc></pc> <sc id="a1"/>T<ec startRef="i1"/><ph id="br1"/>',
        "closes while 'a1' is open",
    ),
    "missing-data": (
        '<pc id="b1">A <pc id="i1">u</pc></pc> <pc id="a1">T</pc><ph id="br1" dataRef="nope"/>',
        "refers to original data 'nope'",
    ),
}


@pytest.mark.parametrize(
    ("version", "fault"),
    [
        *[("1.2", key) for key in CODE_FAULTS_12],
        *[("2.0", key) for key in CODE_FAULTS_20],
    ],
)
def test_inline_code_faults_reject_the_file_naming_the_unit(rich_page, snapshot, version, fault):
    fragment, message = (CODE_FAULTS_12 if version == "1.2" else CODE_FAULTS_20)[fault]
    root = parse(fill_targets(export_one(rich_page, "en", version).content, version))
    paragraph = next(u for u in units(root, version) if "br1" in source_inner(u, version))
    set_target(paragraph, version, fragment)
    name = paragraph.get("resname" if version == "1.2" else "name")
    before = snapshot()
    result = _rejected(do_import(etree.tostring(root)), message)
    assert f"Unit {name}" in result.message
    assert snapshot() == before


def test_stale_unit_is_reported_and_the_rest_applies(rich_page, on_commit):
    content = _filled(rich_page)
    rich_page.teaser = "Ganz neuer Teaser"
    rich_page.save_revision().publish()
    [result] = do_import(content)
    assert result.outcome == "applied"
    assert result.stale == ["“Alles über Miete &…”"]  # named by the text the translator sees
    assert result.message.endswith(
        "1 unit(s) not applied because their source changed since export: “Alles über Miete &…”"
    )
    texts = set(StringTranslation.objects.values_list("data", flat=True))
    assert "EN Wohnen" in texts and "EN Alles über Miete &amp; Wohnen" not in texts


def test_schema_validation_can_fail(rich_page):
    content = export_one(rich_page, "en", "1.2").content
    root = parse(content)
    first, second = units(root, "1.2")[:2]
    second.set("id", first.get("id"))
    with pytest.raises(AssertionError, match="invalid"):
        assert_valid(etree.tostring(root), "1.2")

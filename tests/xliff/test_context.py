"""Context for translators (issue 15): readable unit names with stable ids, notes with link
targets and the page's public URL, a note on the slug, size limits, pretty-printed files and
zip members a recipient can read."""

import io
import zipfile

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from wagtail.models import Locale

from localization.xliff import adapter
from localization.xliff.document import NS20, NS_SLR
from localization.xliff.export import export_pairs, zip_files
from tests.conftest import make_page
from tests.xliff.helpers import do_import, export_one, fill_targets, ns, parse, units
from tests.xliff.pages import list_page
from tests.xliff.validation import assert_valid

pytestmark = pytest.mark.usefixtures("in_english")  # the messages and notes read as their msgids

VERSIONS = ["1.2", "2.0"]


@pytest.fixture
def page(augsburg, rich_page):
    return list_page(augsburg, linked=rich_page)


def _name(unit, version):
    return unit.get("resname" if version == "1.2" else "name")


def _notes(unit, version):
    path = "x:note" if version == "1.2" else "x:notes/x:note"
    return [note.text for note in unit.findall(path, ns(version))]


def _by_name(root, version):
    return {_name(unit, version): unit for unit in units(root, version)}


@pytest.mark.parametrize("version", VERSIONS)
def test_units_have_readable_names_and_keep_their_ids(page, version):
    content = export_one(page, "en", version).content
    assert_valid(content, version)
    root = parse(content)
    assert [_name(u, version) for u in units(root, version)] == [
        "title",
        "slug",
        "body › paragraph 1",
        "body › list item 1",
        "body › list item 2",
        "body › paragraph 2",
        "body › heading 1",
    ]
    source = adapter.refresh_sources([page])[adapter.object_key(page)]
    rows = adapter.segments_by_source([source.pk])[source.pk]
    assert [u.get("id") for u in units(root, version)] == [row.unit_id for row in rows]


@pytest.mark.parametrize("version", VERSIONS)
def test_notes_give_link_targets_the_public_url_and_explain_the_slug(page, rich_page, version):
    root = parse(export_one(page, "en", version).content)
    named = _by_name(root, version)
    public = settings.CITYGUIDE_PUBLIC_URL
    assert "Link target: https://example.org/miete" in _notes(named["body › list item 1"], version)
    assert f"Link target: {public}/de/augsburg/wohnen/" in _notes(
        named["body › list item 2"], version
    )
    assert not [n for n in _notes(named["body › paragraph 1"], version) if "Link" in n]
    assert any("part of the web address (URL)" in n for n in _notes(named["slug"], version))
    file_notes = [
        n.text for n in root.iter("{urn:oasis:names:tc:xliff:document:1.2}note", f"{{{NS20}}}note")
    ]
    assert f"Public URL: {public}/de/augsburg/liste/" in file_notes


def test_title_and_slug_carry_their_size_limit_in_12(page):
    named = _by_name(parse(export_one(page, "en", "1.2").content), "1.2")
    for name in ("title", "slug"):
        assert (named[name].get("maxwidth"), named[name].get("size-unit")) == ("255", "char")
    assert named["body › paragraph 1"].get("maxwidth") is None


def test_title_and_slug_carry_their_size_limit_in_20(page):
    root = parse(export_one(page, "en", "2.0").content)
    named = _by_name(root, "2.0")
    profiles = root.find(f".//{{{NS_SLR}}}profiles")
    assert profiles.get("generalProfile") == "xliff:codepoints"
    for name in ("title", "slug"):
        assert named[name].get(f"{{{NS_SLR}}}sizeRestriction") == "255"
    assert named["body › paragraph 1"].get(f"{{{NS_SLR}}}sizeRestriction") is None


@pytest.mark.parametrize("version", VERSIONS)
def test_files_are_pretty_printed_without_whitespace_inside_source_or_target(rich_page, version):
    do_import(fill_targets(export_one(rich_page, "en", version).content, version))
    content = export_one(rich_page, "en", version).content
    lines = content.decode().splitlines()
    assert len(lines) > 20
    assert lines[2].startswith("  <file ")
    root = parse(content)
    for tag in ("source", "target"):
        for element in root.iter(f"{{{ns(version)['x']}}}{tag}"):
            texts = [element.text or ""] + [
                (child.text or "") + (child.tail or "")
                for child in element.iter()
                if child is not element
            ]
            assert not [t for t in texts if "\n" in t], etree.tostring(element)
    paragraph = next(u for u in units(root, version) if "Willkommen" in "".join(u.itertext()))
    source = paragraph.find("x:source" if version == "1.2" else "x:segment/x:source", ns(version))
    assert "".join(source.itertext()) == (
        "Willkommen in Augsburg und Umgebung. Siehe Tom & Jerry.Neue Zeile mit 10\u00a0km."
    )


def test_zip_members_are_readable_by_everyone(rich_page):
    en, ar = (Locale.objects.get(language_code=c) for c in ("en", "ar"))
    exported = export_pairs([(rich_page, en), (rich_page, ar)], mark=False)
    archive = zipfile.ZipFile(io.BytesIO(zip_files(exported)))
    modes = [member.external_attr >> 16 & 0o777 for member in archive.infolist()]
    assert modes == [0o644, 0o644]
    assert [archive.read(m.filename) for m in archive.infolist()] == [e.content for e in exported]


def _linking_page(city, title, targets):
    links = "".join(f'<li><a linktype="page" id="{t.pk}">Seite {t.pk}</a></li>' for t in targets)
    return make_page(city, title, body=[{"type": "paragraph", "value": f"<ul>{links}</ul>"}])


def _export_queries(page):
    en = Locale.objects.get(language_code="en")
    export_pairs([(page, en)], mark=False)  # the first run extracts the source
    with CaptureQueriesContext(connection) as queries:
        [exported] = export_pairs([(page, en)], mark=False)
    return len(queries.captured_queries), exported.content


def test_link_notes_cost_the_same_queries_for_one_link_and_for_many(augsburg):
    targets = [make_page(augsburg, f"Ziel {n}") for n in range(6)]
    one, one_content = _export_queries(_linking_page(augsburg, "Ein Link", targets[:1]))
    many, many_content = _export_queries(_linking_page(augsburg, "Viele Links", targets))
    assert one_content.count(b"Link target: ") == 1
    assert many_content.count(b"Link target: ") == 6
    assert many == one

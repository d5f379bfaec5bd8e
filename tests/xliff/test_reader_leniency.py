"""The reader takes what well-behaved tools write, even where it is not how we write it: a
DOCTYPE without an internal subset, XLIFF 1.1, targets a tool pretty-printed; what it cannot
take it names."""

import re

import pytest
from django.utils import translation
from lxml import etree
from wagtail.models import Page

from localization.xliff.document import NS12, XML_NS
from tests.xliff.helpers import do_import, export_one, fill_targets, ns, parse, translated, units


@pytest.fixture(autouse=True)
def _english():
    """The messages these tests read, in their English msgids."""
    with translation.override("en"):
        yield


def _filled(rich_page):
    return fill_targets(export_one(rich_page, "en", "1.2").content, "1.2")


def _with_doctype(content, doctype):
    return re.sub(rb"(<\?xml[^>]*\?>)", rb"\1" + doctype.encode(), content, count=1)


def _applied(results):
    assert len(results) == 1, results
    assert results[0].outcome == "applied", results[0].message
    return results[0]


def _rejected(results, fragment):
    assert len(results) == 1, results
    assert results[0].outcome == "rejected", results[0].line()
    assert fragment in results[0].message, results[0].message
    return results[0]


def test_a_doctype_naming_the_xliff_dtd_is_read(rich_page):
    # as XLIFF 1.1 tools write it; the parser loads no DTD and has no network
    doctype = (
        '<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" '
        '"http://www.oasis-open.org/committees/xliff/documents/xliff.dtd">'
    )

    _applied(do_import(_with_doctype(_filled(rich_page), doctype)))

    assert translated(rich_page, "en").title == f"EN {rich_page.title}"


def test_a_doctype_does_not_let_its_external_entities_in(rich_page, tmp_path):
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY greeting "FETCHED">')  # a local file: no network needed to read it
    content = _with_doctype(_filled(rich_page), f'<!DOCTYPE xliff SYSTEM "{dtd.as_uri()}">')
    content = content.replace(b">EN ", b">&greeting; EN ", 1)

    _rejected(do_import(content), "entity reference &greeting;")
    assert not Page.objects.filter(title__contains="FETCHED").exists()


@pytest.mark.parametrize(
    "doctype",
    [
        "<!DOCTYPE xliff [<!ELEMENT xliff ANY>]>",
        '<!DOCTYPE xliff SYSTEM "xliff.dtd" [<!ATTLIST xliff version CDATA "1.2">]>',
    ],
    ids=["element", "attribute-default"],
)
def test_a_doctype_with_an_internal_subset_is_still_refused(rich_page, doctype):
    _rejected(do_import(_with_doctype(_filled(rich_page), doctype)), "internal subset")


def _as_xliff_11(content, namespace):
    """The same file as a 1.1 tool writes it: version 1.1, in 1.1's namespace or in none."""
    text = content.decode()
    text = text.replace(f'xmlns="{NS12}"', f'xmlns="{namespace}"' if namespace else "", 1)
    return text.replace('version="1.2"', 'version="1.1"', 1).encode()


@pytest.mark.parametrize(
    "namespace", ["urn:oasis:names:tc:xliff:document:1.1", None], ids=["namespaced", "plain"]
)
def test_xliff_11_is_read_like_12(rich_page, namespace):
    content = _as_xliff_11(_filled(rich_page), namespace)
    assert b'version="1.1"' in content and NS12.encode() not in content

    _applied(do_import(content))

    assert translated(rich_page, "en").title == f"EN {rich_page.title}"


def test_an_xliff_version_we_cannot_read_is_named(rich_page):
    content = _as_xliff_11(_filled(rich_page), None).replace(b'version="1.1"', b'version="1.0"')

    result = _rejected(do_import(content), "XLIFF 1.0")
    assert "namespace None" not in result.message
    assert "1.1, 1.2 or 2." in result.message


def _pretty_targets(content, version, only=None, xml_space=None):
    """Targets as a tool that pretty-prints them writes them: a line break and indentation
    after <target> and before </target>. only: the unit name (resname) to change."""
    root = parse(content)
    for unit in units(root, version):
        name = unit.get("resname" if version == "1.2" else "name")
        if only is not None and name != only:
            continue
        target = unit.find("x:target" if version == "1.2" else "x:segment/x:target", ns(version))
        target.text = "\n        " + (target.text or "")
        if len(target):
            target[-1].tail = (target[-1].tail or "") + "\n      "
        else:
            target.text += "\n      "
        if xml_space:
            target.set(f"{{{XML_NS}}}space", xml_space)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_line_breaks_a_tool_added_inside_targets_are_layout_not_text(rich_page, version):
    content = fill_targets(export_one(rich_page, "en", version).content, version)

    # our units say xml:space="preserve"; the tool's targets say "default"
    _applied(do_import(_pretty_targets(content, version, xml_space="default")))

    page = translated(rich_page, "en")
    assert page.title == f"EN {rich_page.title}"
    assert page.teaser == f"EN {rich_page.teaser}"
    assert "\n" not in str(page.body.raw_data)
    assert ">EN Willkommen in " in str(page.body.raw_data)


def test_a_target_under_xml_space_preserve_keeps_its_line_breaks(rich_page):
    content = _pretty_targets(_filled(rich_page), "1.2", only="teaser", xml_space="preserve")

    _applied(do_import(content))

    assert translated(rich_page, "en").teaser == f"\n        EN {rich_page.teaser}\n      "

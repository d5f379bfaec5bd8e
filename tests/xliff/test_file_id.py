"""A 2.0 file whose `original` a tool dropped (it is optional in 2.0) is identified by its
`<file id>`, which holds the translation's id (issue 15); the checks of the header stay."""

import pytest
from lxml import etree
from wagtail.models import Locale, Page

from localization.status import Status
from localization.tracking import get_status
from localization.xliff.document import NS20, NS_MDA
from tests.conftest import make_user
from tests.xliff.helpers import do_import, export_one, fill_targets, parse, translated

pytestmark = pytest.mark.usefixtures("in_english")

X20 = {"x": NS20, "mda": NS_MDA}


def _filled_without_original(page, *, drop_metadata=False, edit=None):
    """A real 2.0 export, translated, with `original` removed as a tool would (lxml)."""
    root = parse(fill_targets(export_one(page, "en", "2.0").content, "2.0"))
    [file_el] = root.findall("x:file", X20)
    assert file_el.get("original") and file_el.get("id")
    del file_el.attrib["original"]
    if drop_metadata:
        file_el.remove(file_el.find("mda:metadata", X20))
    if edit:
        edit(file_el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _english_title(page):
    copy = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code="en"
    ).first()
    return copy and copy.title


def _meta(file_el, name):
    return file_el.find(f"mda:metadata/mda:metaGroup/mda:meta[@type='{name}']", X20)


@pytest.mark.parametrize("drop_metadata", [False, True], ids=["with-metadata", "id-only"])
def test_a_20_file_without_original_is_imported_by_its_file_id(rich_page, drop_metadata):
    content = _filled_without_original(rich_page, drop_metadata=drop_metadata)

    [result] = do_import(content, name="tool-output.xlf", publish=True)

    assert result.outcome == "applied", result.message
    assert translated(rich_page, "en").title == f"EN {rich_page.title}"
    assert get_status(rich_page, Locale.objects.get(language_code="en")) == Status.UP_TO_DATE


def test_a_file_id_that_is_not_ours_is_refused_by_name(rich_page):
    def rename(file_el):
        file_el.set("id", "f1")

    [result] = do_import(_filled_without_original(rich_page, edit=rename), name="tool.xlf")

    assert result.outcome == "rejected"
    assert "no original attribute and its id 'f1'" in result.message
    assert _english_title(rich_page) != f"EN {rich_page.title}"


def test_metadata_naming_another_translation_than_the_file_id_is_refused(rich_page):
    def swap(file_el):
        _meta(file_el, "translation_id").text = "00000000-0000-0000-0000-000000000000"

    [result] = do_import(_filled_without_original(rich_page, edit=swap), name="tool.xlf")

    assert result.outcome == "rejected"
    assert "the file header was altered" in result.message


def test_metadata_naming_another_city_is_still_refused(rich_page):
    def move(file_el):
        _meta(file_el, "city").text = "nuernberg"

    [result] = do_import(_filled_without_original(rich_page, edit=move), name="tool.xlf")

    assert result.outcome == "rejected"
    assert "The file is for city 'nuernberg'" in result.message


def test_a_file_identified_by_its_id_alone_still_obeys_the_users_cities(rich_page, nuernberg):
    other_editor = make_user("nina", city=nuernberg)
    content = _filled_without_original(rich_page, drop_metadata=True)

    [result] = do_import(
        content, name="tool.xlf", user=other_editor, allowed_cities=[nuernberg], publish=True
    )

    assert result.outcome == "rejected"
    assert "you can import files only for Nürnberg" in result.message
    assert _english_title(rich_page) != f"EN {rich_page.title}"

"""Page links in rich text go where Wagtail's own handler sends them, for many links at once;
the editor reads them as Wagtail does, in fewer queries."""

import json

from django.utils import translation
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.admin.rich_text.converters.html_to_contentstate import PageLinkElementHandler
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.pages import PageLinkHandler

from guides.rich_text import BulkPageLinkHandler, EditorPageLinkElementHandler
from tests.conftest import city_translation, make_page


def test_bulk_page_links_match_wagtails_handler(augsburg, django_assert_max_num_queries):
    translated = make_page(augsburg, "Wohnen")
    make_page(city_translation(augsburg, "ar"), "سكن", translation_key=translated.translation_key)
    draft_only = make_page(augsburg, "Arbeit")
    make_page(
        city_translation(augsburg, "ar"),
        "عمل",
        translation_key=draft_only.translation_key,
        publish=False,
    )
    untranslated = make_page(augsburg, "Schule")
    attrs = [{"id": str(page.pk)} for page in (translated, draft_only, untranslated, augsburg)]
    attrs.append({"id": "999999"})  # a deleted page: a link with no target

    for code in ("ar", "de"):
        with translation.override(code):
            expected = PageLinkHandler.expand_db_attributes_many(attrs)
            # The linked pages (one query, one more per page type), the active locale, the
            # translations (likewise): constant, where Wagtail's own asks twice per link.
            with django_assert_max_num_queries(7):
                assert BulkPageLinkHandler.expand_db_attributes_many(attrs) == expected
    with translation.override("ar"):
        arabic = BulkPageLinkHandler.expand_db_attributes_many(attrs)
    assert "/ar/augsburg/" in arabic[0]  # the live translation
    assert arabic[1] == '<a href="/de/augsburg/arbeit/">'  # a draft translation: the source
    assert arabic[4] == "<a>"


def test_rich_text_uses_the_bulk_handler():
    html = expand_db_html('<a linktype="page" id="999999">x</a>')

    assert html == "<a>x</a>"
    from wagtail.rich_text import features

    assert features.get_link_types()["page"] is BulkPageLinkHandler


def test_editor_reads_a_page_link_as_wagtail_does_in_one_query(augsburg, django_assert_num_queries):
    """The page editor turns each page link into Draftail's data (id, URL, parent id): the
    same data as Wagtail's own handler, which asks three queries per link, in one."""
    section = make_page(augsburg, "Wohnen")
    page = make_page(section, "Mietvertrag")
    wagtails = PageLinkElementHandler("LINK")
    ours = EditorPageLinkElementHandler("LINK")
    for target in (page, section, augsburg, augsburg.get_parent()):
        attrs = {"id": str(target.pk)}
        expected = wagtails.get_attribute_data(attrs)
        with django_assert_num_queries(1):
            assert ours.get_attribute_data(attrs) == expected
    assert ours.get_attribute_data({"id": str(page.pk)})["parentId"] == section.pk
    missing = {"id": "999999"}
    assert ours.get_attribute_data(missing) == wagtails.get_attribute_data(missing)


def test_editor_uses_the_one_query_page_link_reader(augsburg):
    html = f'<p><a linktype="page" id="{augsburg.pk}">Augsburg</a></p>'
    contentstate = json.loads(ContentstateConverter(features=["link"]).from_database_format(html))
    assert contentstate["entityMap"]["0"]["data"] == {
        "id": augsburg.pk,
        "url": augsburg.url,
        "parentId": augsburg.get_parent().pk,
    }
    from wagtail.rich_text import features

    rule = features.get_converter_rule("contentstate", "link")
    assert type(rule["from_database_format"]['a[linktype="page"]']) is EditorPageLinkElementHandler

"""Page links in rich text go where Wagtail's own handler sends them, for many links at once."""

from django.utils import translation
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.pages import PageLinkHandler

from guides.rich_text import BulkPageLinkHandler
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

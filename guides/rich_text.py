"""Page links in rich text, expanded in bulk, and read into the editor in one query each.

Wagtail's own handler finds each linked page's translation through `Page.localized`, which
asks for the active locale, and then for the translation, once per link: a body with thirty
links costs sixty queries. This handler reads the active locale once and the translations of
all linked pages in one query, and links exactly where Wagtail's would (the live translation
in the active language, else the page itself).

The editor's rich-text field reads each page link into Draftail's data (its id, URL and parent,
for the page chooser to open beside it): Wagtail's handler asks three queries per link (the
page, its specific copy, its parent); `EditorPageLinkElementHandler` asks one.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.html import escape
from wagtail.admin.rich_text.converters.html_to_contentstate import PageLinkElementHandler
from wagtail.models import Locale, Page
from wagtail.rich_text.pages import PageLinkHandler


class BulkPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = cls.get_many(attrs_list)
        localized = cls.localized_many([page for page in pages if page is not None])
        return [f'<a href="{escape(localized[page.pk].url)}">' if page else "<a>" for page in pages]

    @staticmethod
    def localized_many(pages: list[Page]) -> dict[int, Page]:
        """{page id: what `page.localized` would give} for all pages, in two queries."""
        result = {page.pk: page for page in pages}
        if not pages or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return result
        try:
            locale = Locale.get_active()
        except (LookupError, Locale.DoesNotExist):
            return result
        elsewhere = {page.translation_key: page for page in pages if page.locale_id != locale.pk}
        if not elsewhere:
            return result
        translations = (
            Page.objects.filter(translation_key__in=list(elsewhere), locale=locale, live=True)
            .defer_streamfields()
            .specific()
        )
        by_key = {translation.translation_key: translation for translation in translations}
        for page in pages:
            if page.locale_id != locale.pk and page.translation_key in by_key:
                result[page.pk] = by_key[page.translation_key]
        return result


class EditorPageLinkElementHandler(PageLinkElementHandler):
    """Wagtail's reading of a page link for the editor, its page and parent in one query."""

    def get_attribute_data(self, attrs):
        parent = Page.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
        ).values("pk")[:1]
        page = (
            Page.objects.filter(id=attrs["id"])
            .defer_streamfields()
            .annotate(cityguide_parent_id=Subquery(parent))
            .first()
        )
        if page is None:
            # As Wagtail's: keep the id, so that it stays a (broken) page link.
            return {"id": int(attrs["id"]), "url": None, "parentId": None}
        return {
            "id": page.id,
            # The specific class's URL (a page type may route its own), from the fields read.
            "url": page.specific_deferred.url,
            "parentId": page.cityguide_parent_id,
        }

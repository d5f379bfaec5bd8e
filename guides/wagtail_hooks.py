from django.urls import path
from wagtail import hooks
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import ExternalLinkElementHandler
from wagtail.admin.site_summary import PagesSummaryItem

from guides.admin_api import CityDocumentsAdminAPIViewSet, CityImagesAdminAPIViewSet
from guides.admin_views import CitySubmitPageTranslationView, CityUpdateTranslationsView
from guides.editor_home_admin import CityExplorerMenuItem, CityPagesSummaryItem, CityPageViewSet
from guides.rich_text import BulkPageLinkHandler, EditorPageLinkElementHandler
from guides.tenancy import restrict_pages_to_user_cities


@hooks.register("register_admin_urls")
def narrow_translation_views():
    """wagtail-localize's page translation and update views, narrowed to the editor's cities.

    Registered before wagtail-localize's own URLs (app order), so these win the match. The
    update view serves pages, events and locations alike: it asks each object's permission
    policy. Events' and locations' other translation views are in guides.events."""
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            CitySubmitPageTranslationView.as_view(),
            name="cityguide_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            CityUpdateTranslationsView.as_view(),
            name="cityguide_update_translations",
        ),
    ]


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_only_own_cities(pages, request):
    return restrict_pages_to_user_cities(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_only_own_cities(parent_page, pages, request):
    """An editor's explorer starts above their city; its listings show no other city."""
    return restrict_pages_to_user_cities(pages, request.user)


@hooks.register("register_admin_viewset", order=100)
def explorer_starts_at_the_editors_home():
    """After Wagtail's base page viewset (order -1), which this one replaces for every page
    type: the explorer's "Root" opens at the editor's city (guides.editor_home)."""
    return CityPageViewSet()


@hooks.register("construct_main_menu")
def pages_menu_starts_at_the_editors_home(request, menu_items):
    menu_items[:] = [
        CityExplorerMenuItem.replacing(item) if item.name == "explorer" else item
        for item in menu_items
    ]


@hooks.register("construct_homepage_summary_items", order=100)
def dashboard_counts_the_editors_pages(request, items):
    """After Wagtail's own (order 0): its page count, of the whole installation, is replaced."""
    items[:] = [
        CityPagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in items
    ]


@hooks.register("construct_admin_api", order=100)
def admin_api_shows_only_own_media(router):
    """Runs after wagtail.images and wagtail.documents register theirs, replacing them."""
    router.register_endpoint("images", CityImagesAdminAPIViewSet)
    router.register_endpoint("documents", CityDocumentsAdminAPIViewSet)


@hooks.register("register_rich_text_features", order=100)
def page_links_in_bulk(features):
    """After Wagtail's core features (order 0): our page-link handlers replace its own, for
    readers and for the editor (the rest of its "link" rule is kept as it is)."""
    features.register_link_type(BulkPageLinkHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {  # Wagtail's rule for the "link" feature, with our handler for page links
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': EditorPageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )

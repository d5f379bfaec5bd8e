"""The admin's doors to an editor's home (`guides.editor_home`): the explorer's start, the
"Pages" menu, the page chooser's start and the dashboard's page count. Each falls back to
Wagtail's own behaviour for users without a home (superusers). The explorer and the editor
also fetch less than Wagtail's own (issue 17): see `CityExplorableIndexView` and
`CityEditView`."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.sidebar import PageExplorerMenuItem as PageExplorerMenuItemComponent
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.wagtail_hooks import ExplorerMenuItem

from guides.admin_page_fetch import explorer_parent, share_revisions, share_site_root_paths
from guides.editor_home import count_pages_of_user_cities, editor_home_page, editor_home_page_id
from guides.explorer_filters import CityPageFilterSet

#: The page permissions that make a page and its descendants explorable (Wagtail's
#: `PagePermissionPolicy.explorable_instances`; "add" lets an editor explore too).
EXPLORE_CODENAMES = {
    f"{action}_page" for action in ("add", "change", "publish", "lock", "unlock", "bulk_delete")
}


class CityExplorableIndexView(ExplorableIndexView):
    """The explorer without a page ("Root") opens at the editor's home, keeping the query
    (a search or filter started there)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is None:
            if (home := editor_home_page_id(request.user)) is not None:
                url = reverse("wagtailadmin_explore", args=[home])
                query = request.GET.urlencode()
                return redirect(f"{url}?{query}" if query else url)
            return super().get(request, parent_page_id)
        return self.get_with_parent(request, explorer_parent(parent_page_id))

    def get_with_parent(self, request, parent_page):
        """Wagtail's `ExplorableIndexView.get` for a given page, with the page fetched once
        with what the header and the status side panel read (`explorer_parent`): Wagtail
        fetches it as a base page, then its specific copy, its locale and its revisions one
        query each."""
        self.parent_page = parent_page
        root_page = self.permission_policy.explorable_root_instance(request.user)
        if not (parent_page.pk == root_page.pk or parent_page.is_descendant_of(root_page)):
            return redirect(self.index_url_name, root_page.pk)
        self.scheduled_page = parent_page.get_scheduled_revision_as_object()
        self.permissions = parent_page.permissions_for_user(request.user)
        if self.i18n_enabled and not parent_page.is_root():
            self.locale = parent_page.locale
            self.translations = self.get_translations()
        else:
            self.locale = None
            self.translations = []
        # The listing itself: what ExplorableIndexView.get hands on to its base class.
        return super(ExplorableIndexView, self).get(request)

    #: Without the "Parent" column, which the explorer never shows (Wagtail drops it from
    #: `explorable_columns`, and annotates search results with their parents itself): with it
    #: among the columns, Wagtail's listing fetches the rows' parent pages for nothing.
    base_columns = [
        column for column in ExplorableIndexView.base_columns if column.name != "parent"
    ]

    def get_base_queryset(self):
        """Wagtail's; but listing the children of a page that the user may explore with all
        below it (a city editor inside their city), without Wagtail's subquery of every page
        the user may explore: it would admit every child, and cost a query for the pages'
        common ancestor plus most of the listing's and its count's time on PostgreSQL."""
        if self.is_searching or self.is_filtering or not self.explores_all_below_parent():
            return super().get_base_queryset()
        return self.annotate_queryset(self.model._default_manager.child_of(self.parent_page))

    def explores_all_below_parent(self):
        """Whether the user holds a permission that makes the parent page and everything below
        it explorable (Wagtail's `explorable_instances`), on the parent or above it."""
        user = self.request.user
        if user.is_superuser or not user.is_active:
            return False
        path = self.parent_page.path
        return any(
            perm.permission.codename in EXPLORE_CODENAMES and path.startswith(perm.page.path)
            for perm in self.permission_policy.get_cached_permissions_for_user(user)
        )

    def get_table(self, object_list):
        share_site_root_paths(self.request, [self.parent_page, *object_list])
        return super().get_table(object_list)

    def annotate_queryset(self, pages):
        """Wagtail's, without prefetching every row's `sites_rooted_here`, which nothing reads
        (a row's site-root state is `annotate_site_root_state`'s annotation): that prefetch
        cost a query, and a queryset built per row with the sites' ordering expressions
        (about a fifth of a 49-row explorer's time on PostgreSQL)."""
        pages = pages.prefetch_related("content_type").defer_streamfields().specific()
        if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            pages = pages.prefetch_workflow_states()
        if self.i18n_enabled:
            pages = pages.prefetch_related("locale").annotate_has_untranslated_locale()
        return pages.annotate_site_root_state().annotate_approved_schedule()


class CityEditView(EditView):
    """Wagtail's page editor, its language switcher at one query for any number of languages,
    the page it edits sharing the revisions its record has fetched."""

    def get_object(self):
        return share_revisions(self.real_page_record, super().get_object())

    def get_translations(self):
        """Wagtail's, with the fields that the permission check reads fetched in the same
        query: Wagtail's `.only("id", "locale", "depth")` costs two more queries per language
        (the deferred content type and tree path)."""
        translations = (
            self.page.get_translations()
            .only("id", "locale", "depth", "path", "content_type", "owner", "locked")
            .select_related("locale")
        )
        return [
            {
                "locale": translation.locale,
                "url": reverse("wagtailadmin_pages:edit", args=[translation.id]),
            }
            for translation in translations
            if translation.permissions_for_user(self.request.user).can_edit()
        ]


class CityPageViewSet(PageViewSet):
    """Wagtail's base page viewset (every page type), with the explorer and editor above."""

    name = "cityguide_pages"
    index_view_class = CityExplorableIndexView
    edit_view_class = CityEditView
    filterset_class = CityPageFilterSet


class CityExplorerMenuItem(ExplorerMenuItem):
    """The sidebar's "Pages" menu, starting at the editor's home."""

    def render_component(self, request):
        home = editor_home_page_id(request.user)
        if home is None:
            return super().render_component(request)
        return PageExplorerMenuItemComponent(
            self.name,
            self.label,
            reverse("wagtailadmin_explore", args=[home]),
            home,
            icon_name=self.icon_name,
            classname=self.classname,
        )

    @classmethod
    def replacing(cls, item):
        return cls(
            item.label,
            item.url,
            name=item.name,
            icon_name=item.icon_name,
            classname=item.classname,
            order=item.order,
        )


class CityPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count: the pages of the editor's cities, linking to their home."""

    def get_context_data(self, parent_context):
        user = self.request.user
        home = editor_home_page(user)
        if home is None:
            return super().get_context_data(parent_context)
        return {
            "root_page": home,
            "total_pages": count_pages_of_user_cities(user),
            "site_name": home.get_admin_display_title(),
        }


class CityBrowseView(BrowseView):
    """The page chooser opens at the editor's home when it is given no page to start at."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is None and (home := editor_home_page_id(request.user)) is not None:
            return super().get(request, parent_page_id=home)
        return super().get(request, parent_page_id)

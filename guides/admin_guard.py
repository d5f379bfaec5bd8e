"""Tenant isolation for every admin URL that names a page.

Wagtail checks page permissions view by view, and a few views (the explorer and page chooser
of any page, the move confirmation, the workflow cancellation check) render for pages the
user has no rights on. This guard answers 404 for any admin URL whose page id lies outside
the user's cities, so new views are covered too.
"""

from django.http import Http404
from wagtail.models import Page

from guides.tenancy import restrict_pages_to_user_cities

PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")


class CityAdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not request.path.startswith("/admin/") or user is None or user.is_superuser:
            return None
        if not user.is_authenticated:
            return None
        page_ids = {view_kwargs[name] for name in PAGE_ID_KWARGS if name in view_kwargs}
        if not page_ids:
            return None
        visible = restrict_pages_to_user_cities(Page.objects.filter(pk__in=page_ids), user)
        if visible.count() != len(page_ids):
            raise Http404("No such page in your cities.")
        return None

"""Wagtail's own API v2 for generic consumers, plus the headless preview endpoint."""

from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from guides.api.preview import PreviewError, page_for_token


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """/api/v2/page_preview/?content_type=app.model&token=…: a draft, as the pages detail view."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    def listing_view(self, request):
        return self.detail_view(request, pk=None)

    def detail_view(self, request, pk):
        try:
            page = self.get_object()
        except PreviewError as error:
            response = Response({"message": error.message, "code": error.code}, status=error.status)
        else:
            self.action = "detail_view"  # serialize with the page type's detail fields
            response = Response(self.get_serializer(page).data)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            self._preview_page = page_for_token(
                self.request.GET.get("content_type"), self.request.GET.get("token")
            )
        return self._preview_page


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)

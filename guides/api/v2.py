"""Wagtail's own API v2 for generic consumers, plus the headless preview endpoint.

Wagtail's viewsets trust some parameters: a huge offset or id overflows the database driver,
an unknown search_operator, a date filter that is not a date or a non-numeric find ?id= each
raised a 500. ValidatedParameters checks them first and answers 400 (or 404) in Wagtail's own
{"message": …} shape.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from guides.api.preview import PreviewError, page_for_token

MAX_INTEGER = 2**31 - 1  # ids are 32-bit on PostgreSQL; no listing has 2 billion rows
INTEGER_PARAMETERS = (
    "offset",
    "limit",
    "child_of",
    "ancestor_of",
    "descendant_of",
    "translation_of",
)
SEARCH_OPERATORS = ("and", "or")
TYPE_CHECKED_FIELDS = (
    models.BooleanField,
    models.IntegerField,
    models.AutoField,
    models.ForeignKey,
)


def _integer(value):
    try:
        return int(value)
    except ValueError:
        return None


def _too_large(name):
    return _("%(name)s must be an integer no larger than %(max)d") % {
        "name": name,
        "max": MAX_INTEGER,
    }


class ValidatedParameters:
    """Checks the parameters Wagtail passes on unchecked, before any query runs."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        query = self.request.GET
        for name in INTEGER_PARAMETERS:
            number = _integer(query.get(name, "0"))
            if number is not None and abs(number) > MAX_INTEGER:
                raise BadRequestError(_too_large(name))
        operator = query.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError(_("search_operator must be 'and' or 'or'"))
        self._check_field_filters(queryset.model, query)

    def _check_field_filters(self, model, query):
        """Wagtail converts booleans and integers itself; every other field is checked here."""
        fields = set(self.get_available_fields(model, db_fields_only=True))
        for name, value in query.items():
            if name not in fields or name == "locale":
                continue
            try:
                field = model._meta.get_field(name)
            except LookupError:
                continue
            if isinstance(field, TYPE_CHECKED_FIELDS):
                number = _integer(value)
                if number is not None and abs(number) > MAX_INTEGER:
                    raise BadRequestError(_too_large(name))
                continue
            try:
                field.to_python(value)
            except ValidationError as error:
                raise BadRequestError(
                    _("field filter error. %(value)r is not a valid value for %(name)s")
                    % {"value": value, "name": name}
                ) from error

    def detail_view(self, request, pk):
        if int(pk) > MAX_INTEGER:  # the route accepts only digits
            raise Http404("not found")
        return super().detail_view(request, pk)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            number = _integer(request.GET["id"])
            if number is None or not 0 < number <= MAX_INTEGER:
                raise BadRequestError(_("id must be a positive integer"))
        return super().find_object(queryset, request)


class ValidatedPagesAPIViewSet(ValidatedParameters, PagesAPIViewSet):
    pass


class ValidatedImagesAPIViewSet(ValidatedParameters, ImagesAPIViewSet):
    pass


class ValidatedDocumentsAPIViewSet(ValidatedParameters, DocumentsAPIViewSet):
    pass


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
api_router.register_endpoint("pages", ValidatedPagesAPIViewSet)
api_router.register_endpoint("images", ValidatedImagesAPIViewSet)
api_router.register_endpoint("documents", ValidatedDocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)

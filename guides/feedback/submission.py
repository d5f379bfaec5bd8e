"""One feedback submission: read and check the app's form, resolve what it is about, store it.

The route (guides.feedback.api) only adds HTTP: rate limit, status codes and CORS. Every
refusal is an ApiError whose message names the problem; nothing is written unless the whole
submission is valid.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from wagtail.models import Page

from guides.api.city_context import ApiError, load_city
from guides.api.integreat import (
    FEEDBACK_FIELDS,
    FEEDBACK_RATINGS,
    feedback_slug,
    split_feedback_comment,
)
from guides.events.models import Event, Location
from guides.feedback.models import Feedback, FeedbackKind

if TYPE_CHECKING:
    from django.http import HttpRequest

MAX_BODY_BYTES = 16 * 1024
MAX_LENGTHS = {"rating": 4, "comment": 2000, "category": 100, "slug": 255, "query": 500}
MAX_ID = 2**31 - 1
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
#: Kinds whose object the app names by its slug, and must.
NEEDS_SLUG = {FeedbackKind.PAGE, FeedbackKind.EVENT, FeedbackKind.POI}


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def check_kind(kind: str) -> FeedbackKind:
    try:
        return FeedbackKind(kind)
    except ValueError:
        known = ", ".join(FeedbackKind.values)
        raise ApiError(
            404,
            _("There is no feedback kind %(kind)r; known: %(known)s.")
            % {"kind": kind, "known": known},
        ) from None


def _form_data(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise bad_request(_("The request body is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise bad_request(_("The JSON body must be an object of form fields."))
        return data
    if request.content_type not in FORM_TYPES:
        raise bad_request(
            _(
                "Send the feedback as multipart/form-data, application/x-www-form-urlencoded "
                "or application/json, not %(type)r."
            )
            % {"type": request.content_type}
        )
    try:
        return {key: request.POST.get(key) for key in request.POST}
    except (MultiPartParserError, RequestDataTooBig, SuspiciousOperation, UnicodeDecodeError):
        raise bad_request(_("The form data could not be read.")) from None


def read_fields(request: HttpRequest) -> dict[str, str]:
    """The app's form fields as stripped strings ("" when absent); other fields are ignored."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise ApiError(
            413,
            _("The request body has %(length)d bytes; at most %(max)d are accepted.")
            % {"length": length, "max": MAX_BODY_BYTES},
        )
    data = _form_data(request)
    fields = {}
    for name in FEEDBACK_FIELDS:
        value = data.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise bad_request(_("The field %(name)r must be text.") % {"name": name})
        if "\x00" in value:
            raise bad_request(_("The field %(name)r holds a NUL character.") % {"name": name})
        try:
            value.encode()
        except UnicodeEncodeError:
            raise bad_request(
                _("The field %(name)r is not valid Unicode text.") % {"name": name}
            ) from None
        if len(value) > MAX_LENGTHS[name]:
            raise bad_request(
                _("The field %(name)r has %(length)d characters; at most %(max)d are accepted.")
                % {"name": name, "length": len(value), "max": MAX_LENGTHS[name]}
            )
        fields[name] = value.strip()
    return fields


def _check(kind: FeedbackKind, fields: dict[str, str], comment: str) -> None:
    if fields["rating"] and fields["rating"] not in FEEDBACK_RATINGS:
        raise bad_request(
            _("The rating must be 'up' or 'down' (or left out), not %(rating)r.")
            % {"rating": fields["rating"]}
        )
    if not fields["rating"] and not comment:
        raise bad_request(_("Either a comment or a rating is required."))
    if kind in NEEDS_SLUG and not fields["slug"]:
        raise bad_request(_("The slug of the %(kind)s is required.") % {"kind": kind.label.lower()})
    if kind == FeedbackKind.SEARCH and not fields["query"]:
        raise bad_request(_("The search query is required."))


def _by_slug_or_id(queryset, slug: str):
    """A snippet named by its slug (when the model has one) or by its id, as its app path
    does; None when nothing matches."""
    names = {field.name for field in queryset.model._meta.get_fields()}
    if "slug" in names:
        found = queryset.filter(slug=slug).order_by("pk").first()
        if found is not None:
            return found
    if slug.isascii() and slug.isdigit() and int(slug) <= MAX_ID:  # not "²" or "٣"
        return queryset.filter(pk=int(slug)).first()
    return None


def _target(kind, context, code, slug):
    """{field: object} for what the feedback is about, where the slug names a live one."""
    root = context.root_for(code)
    if kind == FeedbackKind.IMPRINT:
        return {"page": root}
    if not slug:
        return {}
    locale = context.locale_for(code)
    if kind == FeedbackKind.PAGE:
        page = Page.objects.live().descendant_of(root).filter(slug=slug).order_by("path").first()
        return {"page": page}
    if kind in (FeedbackKind.EVENT, FeedbackKind.POI):
        model, field = (Event, "event") if kind == FeedbackKind.EVENT else (Location, "location")
        queryset = model.objects.filter(city=context.source, locale=locale, live=True)
        return {field: _by_slug_or_id(queryset, slug)}
    return {}


def record_feedback(city: str, code: str, kind: str, fields: dict[str, str]) -> Feedback:
    """Store one submission for a live city and one of its published languages."""
    kind = check_kind(kind)
    context = load_city(city)
    context.root_for(code)
    comment, contact = split_feedback_comment(fields["comment"])
    _check(kind, fields, comment)
    slug = feedback_slug(fields["slug"])
    return Feedback.objects.create(
        city=context.source,
        language=code,
        kind=kind,
        rating=fields["rating"],
        comment=comment,
        contact=contact[: Feedback._meta.get_field("contact").max_length],
        category=fields["category"],
        slug=fields["slug"],
        query=fields["query"],
        **_target(kind, context, code, slug),
    )

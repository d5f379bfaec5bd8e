"""POST /api/v3/{city}/{lang}/feedback/{kind}/: the app's feedback, on the v3 NinjaAPI.

Thin: rate limit, then guides.feedback.submission reads, checks and stores. CSRF does not
apply (django-ninja's views are csrf_exempt and the API has no cookie auth); CORS for POST
and its preflight is guides.api.middleware's. The body is read by hand, not by ninja's Form
parameters, so that its size is checked before it is parsed and every refusal is our JSON
{"error"} naming the problem.
"""

from __future__ import annotations

from typing import Annotated

from django.http import JsonResponse
from django.utils.translation import gettext as _
from pydantic import WithJsonSchema

from guides.api import schemas
from guides.api.city_context import ApiError
from guides.api.http import error_response
from guides.api.integreat import FEEDBACK_RATINGS, FEEDBACK_SUCCESS
from guides.feedback import ratelimit, submission
from guides.feedback.models import FeedbackKind

PATHS = [
    # (path, documented, deprecated)
    ("api/v3/{city}/{lang}/feedback/{kind}/", True, False),
    ("api/v3/{city}/{lang}/feedback/{kind}", False, False),  # the app may leave the slash off
    ("{city}/{lang}/wp-json/extensions/v3/feedback/{kind}/", True, True),
]
RESPONSES = {
    201: schemas.FeedbackCreated,
    400: schemas.Error,
    404: schemas.Error,
    413: schemas.Error,
    429: schemas.Error,
}


def _form_schema():
    lengths = submission.MAX_LENGTHS
    text = {"type": "string"}
    return {
        "type": "object",
        "properties": {
            "rating": {
                "type": "string",
                "enum": list(FEEDBACK_RATINGS),
                "description": "Thumbs up or down; left out when the reader gave none.",
            },
            "comment": {
                **text,
                "maxLength": lengths["comment"],
                "description": "The reader's comment; the app appends "
                "'    Kontaktadresse: <address or Keine Angabe>'.",
            },
            "category": {**text, "maxLength": lengths["category"]},
            "slug": {
                **text,
                "maxLength": lengths["slug"],
                "description": "The page, event (optionally '$YYYY-MM-DD') or location slug; "
                "required for page, event and poi.",
            },
            "query": {
                **text,
                "maxLength": lengths["query"],
                "description": "The search term; required for search.",
            },
        },
    }


# An unknown kind is our JSON 404 (ninja would answer 422 for a Literal): validated as text,
# documented as the enum.
Kind = Annotated[
    str,
    WithJsonSchema(
        {"type": "string", "enum": FeedbackKind.values, "description": "What it is about"}
    ),
]

OPENAPI = {
    "requestBody": {
        "description": "At least a rating or a comment. "
        f"At most {submission.MAX_BODY_BYTES} bytes.",
        "content": {
            content_type: {"schema": _form_schema()}
            for content_type in (*submission.FORM_TYPES, "application/json")
        },
    },
    "responses": {
        429: {
            "description": "Too many submissions from this address; see Retry-After.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    },
}


def submit_feedback(request, city: str, lang: str, kind: Kind):
    wait = ratelimit.retry_after(request)
    if wait is not None:
        response = error_response(
            429,
            _("Too many feedback submissions from this address; try again in %(seconds)d s.")
            % {"seconds": wait},
        )
        response["Retry-After"] = str(wait)
        return response
    try:
        fields = submission.read_fields(request)
        submission.record_feedback(city, lang, kind, fields)
    except ApiError as error:
        return error_response(error.status, error.message)
    return JsonResponse(FEEDBACK_SUCCESS, status=201)


def register(api):
    for index, (path, documented, deprecated) in enumerate(PATHS):
        api.post(
            path,
            response=RESPONSES,
            summary="Feedback on a page, event, location, list or search (stored per city)",
            operation_id=f"submit_feedback{index}",
            url_name=f"submit_feedback{index}",
            include_in_schema=documented,
            deprecated=deprecated,
            tags=["legacy" if deprecated else "integreat"],
            openapi_extra=OPENAPI,
        )(submit_feedback)

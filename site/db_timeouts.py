"""A database that is too slow to answer gets a 503 with Retry-After, not a 500.

Production sets PostgreSQL's `statement_timeout` and `lock_timeout` (settings/production.py), so
a long table lock or a runaway query ends well before gunicorn's worker timeout. PostgreSQL then
cancels the statement (SQLSTATE 57014, query_canceled) or gives up waiting for the lock (55P03,
lock_not_available). Both are facts about the moment, not about the request: the client is told
to try again shortly. API paths get the API's JSON error body, other paths a short HTML page.
"""

import logging
import sys

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults

from guides.api.http import try_again_response

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATEs for a cancelled statement and for a lock wait that timed out.
TIMEOUT_SQLSTATES = {"57014": "statement_timeout", "55P03": "lock_timeout"}
RETRY_AFTER_SECONDS = 5


def timeout_kind(exc: BaseException | None) -> str | None:
    """'statement_timeout' or 'lock_timeout' when the error (or what caused it, since Django
    wraps the driver's errors) is PostgreSQL giving up on a statement; else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        kind = TIMEOUT_SQLSTATES.get(getattr(exc, "sqlstate", None) or "")
        if kind:
            return kind
        exc = exc.__cause__ or exc.__context__
    return None


def busy_response(request) -> HttpResponse:
    message = _("The database is busy; please try again in a few seconds.")
    return try_again_response(
        request, 503, {"error": message}, _("Please try again"), message, RETRY_AFTER_SECONDS
    )


class DatabaseTimeoutMiddleware:
    """Goes last in MIDDLEWARE, so that its process_exception is asked first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = timeout_kind(exception)
        if kind is None:
            return None
        logger.warning("%s hit on %s %s: %s", kind, request.method, request.path, exception)
        return busy_response(request)


def server_error(request, *args, **kwargs):
    """handler500: Django calls it while handling the exception, so sys.exc_info() has it."""
    if timeout_kind(sys.exc_info()[1]) is not None:
        return busy_response(request)
    return defaults.server_error(request, *args, **kwargs)

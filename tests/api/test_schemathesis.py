"""Schemathesis against /api/v3/openapi.json: no 500 and only documented answers.

Each operation of the schema gets a bounded number of generated requests (valid and invalid
parameters), half of them aimed at a real city and language so that the 200 answers are
checked too. The requests go through Django's WSGI application inside the test's transaction.
"""

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from guides.api.bundles.build import build_bundle

EXAMPLES = 4  # per operation and mode: about 170 requests per mode
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]

# Collected for the closing report: `pytest -s` prints the distribution of the answers.
ANSWERS = Counter()


@pytest.fixture
def wsgi_app():
    """Django's WSGI application that keeps the test's connection, as Django's test client does.

    The handler closes "old" database connections at each request's end; on PostgreSQL that
    would close the connection holding the test's transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# A parameter schema that accepts any string: only a title or description beside the type.
FREE_STRING_KEYS = {"type", "title", "description"}


def can_be_invalid(operation):
    """Whether negative mode can make a request the schema refuses. Not for an operation
    whose parameters are all free strings in the path (hypothesis would try some 450 drafts
    before it gave up on it): every other parameter, a constraint or a body can be broken."""
    raw = operation.definition.raw
    if "requestBody" in raw:
        return True
    return any(
        parameter["in"] != "path"
        or parameter["schema"].get("type") != "string"
        or not set(parameter["schema"]) <= FREE_STRING_KEYS
        for parameter in raw.get("parameters", [])
    )


def _aim_at_a_real_city(case, language):
    if "city" in (case.path_parameters or {}):
        case.path_parameters["city"] = "augsburg"
    if "lang" in (case.path_parameters or {}):
        case.path_parameters["lang"] = language


@pytest.fixture
def built_bundles(city_tree, settings, tmp_path):
    """The worker has built the city's offline bundles (before that, bundle/ answers 503)."""
    settings.API_PREBUILT_ROOT = tmp_path
    for code in ("de", "en", "ar"):
        build_bundle("augsburg", code)


@pytest.mark.parametrize("mode", MODES, ids=lambda mode: mode.value)
def test_every_v3_operation_answers_as_documented_and_never_500(
    city_tree, built_bundles, wsgi_app, mode
):
    app = wsgi_app
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    answers = Counter()
    unsatisfiable = []
    if mode is GenerationMode.NEGATIVE:
        unsatisfiable = [op.label for op in operations if not can_be_invalid(op)]
        operations = [op for op in operations if can_be_invalid(op)]
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=operation.as_strategy(generation_mode=mode),
            real=st.sampled_from([None, "de", "en", "ar"]),
        )
        def run(case, real):
            if real:
                _aim_at_a_real_city(case, real)
            # the WSGI client does not inflate gzip; the gzip path has its own tests. Buffered:
            # the client closes the response, as a WSGI server does, which ends the request
            # (request_finished). Unclosed, a 4xx answer kept its cache rebuild lock, and the
            # next request for the same entry waited LOCK_WAIT (3 s) for it.
            response = case.call(app=app, headers={"Accept-Encoding": "identity"}, buffered=True)
            answers[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        run()  # Unsatisfiable in negative mode: can_be_invalid() is wrong about the operation
    ANSWERS.update(answers)
    print(
        f"\nschemathesis {mode.value}: {len(operations)} operations run, "
        f"{sum(answers.values())} requests, answers {dict(sorted(answers.items()))}, "
        f"{len(unsatisfiable)} operations with no invalid input"
    )
    assert answers[500] == 0
    if mode is GenerationMode.POSITIVE:
        assert answers[200] > 0  # valid requests at a real city reach the content
    else:
        # invalid requests are refused with a documented client error, never served
        assert sum(n for status, n in answers.items() if 400 <= status < 500) > 0

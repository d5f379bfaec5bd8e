"""POST /api/v3/{city}/{lang}/feedback/{kind}/ as the Integreat app sends it."""

import json

import pytest
from django.test import Client

from guides.feedback.models import Feedback

pytestmark = pytest.mark.usefixtures("in_english")

BOUNDARY = "----WebKitFormBoundaryq8Ra3CgPvLs9jT2e"
APP_ORIGIN = "https://integreat.app"


def app_multipart(fields):
    """The body a browser builds from the app's FormData (createFeedbackEndpoint's order)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields
    ]
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


def post_app(client, url, fields, **headers):
    return client.post(
        url,
        app_multipart(fields),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_ORIGIN=APP_ORIGIN,
        **headers,
    )


def app_fields(*, rating="up", slug=None, query=None, comment="Sehr hilfreich", contact=""):
    fields = [("rating", rating)] if rating else []
    if query:
        fields.append(("query", query))
    if slug:
        fields.append(("slug", slug))
    fields.append(("category", "Inhalte"))
    fields.append(("comment", f"{comment}    Kontaktadresse: {contact or 'Keine Angabe'}"))
    return fields


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_app_post_from_another_origin_is_stored_with_cors_headers(csrf_client, feedback_city):
    response = post_app(
        csrf_client,
        "/api/v3/augsburg/de/feedback/page/",
        app_fields(rating="down", slug="anmeldung", comment="Termin fehlt", contact="a@b.de"),
    )

    assert response.status_code == 201
    assert response.json() == {"success": "Feedback successfully submitted"}
    assert response["Access-Control-Allow-Origin"] == "*"
    stored = Feedback.objects.get()
    assert (stored.city, stored.language, stored.kind, stored.rating) == (
        feedback_city["city"],
        "de",
        "page",
        "down",
    )
    assert (stored.comment, stored.contact, stored.category) == (
        "Termin fehlt",
        "a@b.de",
        "Inhalte",
    )
    assert (stored.slug, stored.page_id) == ("anmeldung", feedback_city["page"].pk)
    assert (stored.read, stored.archived) == (False, False)


def test_preflight_from_another_origin_allows_the_post(client, feedback_city):
    response = client.options(
        "/api/v3/augsburg/de/feedback/page/",
        HTTP_ORIGIN=APP_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in [m.strip() for m in response["Access-Control-Allow-Methods"].split(",")]
    allowed = [h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")]
    assert "content-type" in allowed
    assert not Feedback.objects.exists()


def test_preflight_of_a_read_only_path_still_offers_no_post(client, feedback_city):
    response = client.options(
        "/api/v3/augsburg/de/pages/",
        HTTP_ORIGIN=APP_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )

    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_path_without_trailing_slash_is_answered_without_redirect(client, feedback_city):
    response = post_app(client, "/api/v3/augsburg/de/feedback/categories", app_fields())

    assert response.status_code == 201
    assert Feedback.objects.get().kind == "categories"


def test_legacy_wp_json_path_stores_too(client, feedback_city):
    response = post_app(client, "/augsburg/de/wp-json/extensions/v3/feedback/map/", app_fields())

    assert response.status_code == 201
    assert Feedback.objects.get().kind == "map"


def _target(stored):
    return {
        "page": stored.page_id,
        "event": stored.event_id,
        "location": stored.location_id,
    }


@pytest.mark.parametrize(
    ("kind", "slug", "query", "expected"),
    [
        ("page", "anmeldung", None, "page"),
        ("page", "/augsburg/de/anmeldung/", None, "page"),  # a whole app path
        ("event", "{event}", None, "event"),
        ("event", "{event}$2025-01-14", None, "event"),  # one occurrence of a recurring event
        ("poi", "{location}", None, "location"),
        ("imprint-page", None, None, "city"),
        ("categories", None, None, None),
        ("events", None, None, None),
        ("map", None, None, None),
        ("offers", None, None, None),
        ("offer", "sprungbrett", None, None),
        ("search", None, "Kita Anmeldung", None),
    ],
)
def test_every_kind_stores_its_context(client, feedback_city, kind, slug, query, expected):
    if slug:
        slug = slug.format(event=feedback_city["event"].pk, location=feedback_city["location"].pk)

    response = post_app(
        client, f"/api/v3/augsburg/de/feedback/{kind}/", app_fields(slug=slug, query=query)
    )

    assert response.status_code == 201, response.content
    stored = Feedback.objects.get()
    assert (stored.kind, stored.slug, stored.query) == (kind, slug or "", query or "")
    objects = {
        "page": feedback_city["page"].pk,
        "event": feedback_city["event"].pk,
        "location": feedback_city["location"].pk,
    }
    if expected == "city":
        assert _target(stored) == {
            "page": feedback_city["city"].pk,
            "event": None,
            "location": None,
        }
    else:
        want = {name: None for name in objects}
        if expected:
            want[expected] = objects[expected]
        assert _target(stored) == want


def test_page_slug_is_resolved_in_the_posted_language_only(client, feedback_city):
    """The German page's slug names no English page: stored, but about no page."""
    response = post_app(client, "/api/v3/augsburg/en/feedback/page/", app_fields(slug="anmeldung"))

    assert response.status_code == 201
    stored = Feedback.objects.get()
    assert (stored.language, stored.slug, stored.page_id) == ("en", "anmeldung", None)


def test_unknown_slug_keeps_the_feedback_and_the_slug(client, feedback_city):
    response = post_app(
        client, "/api/v3/augsburg/de/feedback/event/", app_fields(slug="gibts-nicht")
    )

    assert response.status_code == 201
    stored = Feedback.objects.get()
    assert (stored.slug, stored.event_id) == ("gibts-nicht", None)


@pytest.mark.parametrize("slug", ["²", "٣", "99999999999999999999", "-1"])
def test_slug_that_only_looks_like_an_id_names_nothing(client, feedback_city, slug):
    response = post_app(client, "/api/v3/augsburg/de/feedback/poi/", app_fields(slug=slug))

    assert response.status_code == 201
    assert (Feedback.objects.get().location_id, Feedback.objects.get().slug) == (None, slug)


def test_other_citys_event_is_never_the_subject(client, feedback_city, nuernberg):
    from tests.events.factories import make_event

    foreign = make_event(nuernberg, "Fremdes Café")

    post_app(client, "/api/v3/augsburg/de/feedback/event/", app_fields(slug=str(foreign.pk)))

    assert Feedback.objects.get().event_id is None


@pytest.mark.parametrize(
    ("url", "status", "named"),
    [
        ("/api/v3/gibtsnicht/de/feedback/page/", 404, "gibtsnicht"),
        ("/api/v3/augsburg/uk/feedback/page/", 404, "'uk'"),
        ("/api/v3/augsburg/de/feedback/kochrezept/", 404, "kochrezept"),
    ],
)
def test_unknown_city_language_or_kind_is_a_json_404_naming_it(
    client, feedback_city, url, status, named
):
    response = post_app(client, url, app_fields(slug="anmeldung"))

    assert response.status_code == status
    assert named in response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("kind", "data", "named"),
    [
        ("categories", {"rating": "meh", "comment": "x"}, "rating"),
        ("categories", {"category": "Inhalte"}, "comment or a rating"),
        # the app's empty comment still carries its contact suffix
        ("categories", {"comment": "    Kontaktadresse: Keine Angabe"}, "comment or a rating"),
        ("page", {"rating": "up"}, "slug"),
        ("event", {"rating": "up"}, "slug"),
        ("poi", {"rating": "up"}, "slug"),
        ("search", {"rating": "up"}, "query"),
        ("categories", {"rating": "up", "comment": "a\x00b"}, "NUL"),
        ("categories", {"rating": "up", "comment": "x" * 2001}, "'comment' has 2001 characters"),
        ("categories", {"rating": "up", "slug": "s" * 256}, "'slug' has 256 characters"),
        ("categories", {"rating": "up", "query": "q" * 501}, "'query' has 501 characters"),
        ("categories", {"rating": "up", "category": "c" * 101}, "'category'"),
    ],
)
def test_bad_form_is_a_json_400_naming_the_problem(client, feedback_city, kind, data, named):
    response = client.post(f"/api/v3/augsburg/de/feedback/{kind}/", data)

    assert response.status_code == 400
    assert named in response.json()["error"]
    assert not Feedback.objects.exists()


def test_longest_accepted_comment_is_stored_whole(client, feedback_city):
    response = client.post("/api/v3/augsburg/de/feedback/categories/", {"comment": "ü" * 2000})

    assert response.status_code == 201
    assert Feedback.objects.get().comment == "ü" * 2000


@pytest.mark.parametrize(
    ("body", "content_type", "named"),
    [
        ("[1, 2]", "application/json", "object"),
        ("{nope", "application/json", "JSON"),
        ('{"rating": 1}', "application/json", "'rating' must be text"),
        ("rating=up", "text/plain", "text/plain"),
        ("--x\r\nbroken", "multipart/form-data; boundary=", "form data"),
    ],
)
def test_unreadable_body_is_a_json_400(client, feedback_city, body, content_type, named):
    response = client.post(
        "/api/v3/augsburg/de/feedback/categories/", body, content_type=content_type
    )

    assert response.status_code == 400
    assert named in response.json()["error"]
    assert not Feedback.objects.exists()


def test_json_body_like_integreat_cms_accepts(client, feedback_city):
    response = client.post(
        "/api/v3/augsburg/de/feedback/search/",
        json.dumps({"rating": "up", "query": "Kita"}),
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Feedback.objects.get().query == "Kita"


def test_too_large_body_is_refused_before_reading_it(client, feedback_city):
    response = post_app(
        client,
        "/api/v3/augsburg/de/feedback/categories/",
        [("rating", "up"), ("padding", "x" * 17000)],
    )

    assert response.status_code == 413
    assert "16384" in response.json()["error"]
    assert not Feedback.objects.exists()


def test_rate_limit_per_address_answers_429_with_retry_after(client, feedback_city, settings):
    settings.CITYGUIDE_FEEDBACK_RATE_LIMIT = (3, 600)
    url = "/api/v3/augsburg/de/feedback/categories/"

    answers = [post_app(client, url, app_fields()).status_code for _ in range(3)]
    refused = post_app(client, url, app_fields())
    other_address = post_app(client, url, app_fields(), REMOTE_ADDR="203.0.113.9")

    assert answers == [201, 201, 201]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 600
    assert refused["Retry-After"] in refused.json()["error"]
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in refused["Access-Control-Expose-Headers"]  # the app may read it
    assert other_address.status_code == 201
    assert Feedback.objects.count() == 4


def test_refused_posts_count_against_the_limit_too(client, feedback_city, settings):
    """A script that only sends garbage is throttled like one that stores feedback."""
    settings.CITYGUIDE_FEEDBACK_RATE_LIMIT = (2, 600)
    url = "/api/v3/augsburg/de/feedback/kochrezept/"

    answers = [post_app(client, url, app_fields()).status_code for _ in range(3)]

    assert answers == [404, 404, 429]


def test_get_is_not_allowed_and_says_so_in_json(client, feedback_city):
    response = client.get("/api/v3/augsburg/de/feedback/page/")

    assert response.status_code == 405
    assert "error" in response.json()


def test_openapi_documents_the_post_with_its_answers(client):
    schema = client.get("/api/v3/openapi.json").json()

    operation = schema["paths"]["/api/v3/{city}/{lang}/feedback/{kind}/"]["post"]
    assert set(operation["responses"]) == {"201", "400", "404", "413", "429"}
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert set(body["properties"]) == {"rating", "comment", "category", "slug", "query"}
    kind = next(p for p in operation["parameters"] if p["name"] == "kind")
    assert "imprint-page" in kind["schema"]["enum"]
    assert "/api/v3/{city}/{lang}/feedback/{kind}" not in schema["paths"]


@pytest.mark.parametrize("city", ["admin", "documents"])
def test_feedback_for_a_city_named_like_an_admin_path_is_a_json_404(db, city):
    """Schemathesis found it: /admin/x/wp-json/… went to Wagtail's admin, whose CSRF check
    answered 403, an answer the API never documents. The API's paths come first."""
    client = Client(enforce_csrf_checks=True)
    response = post_app(client, f"/{city}/de/wp-json/extensions/v3/feedback/offers/", app_fields())
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert Feedback.objects.count() == 0

"""Hostile or malformed input on every API path is a JSON 4xx, never a 500 or an HTML page.

Each case was a 500 (or an HTML error page) found by hand-fuzzing the running site.
"""

import pytest
from django.test import Client

from guides.api import services
from guides.api.preview import create_preview
from tests.api.test_preview_and_v2 import draft_of

pytestmark = pytest.mark.usefixtures("in_english")

CONTROL = "The path or the query string holds a control character (such as NUL)."
V3 = "/api/v3/augsburg/de"


@pytest.mark.parametrize(
    "url",
    [
        f"{V3}/page/?url=http://[::1",
        f"{V3}/children/?url=http://[::1",
        f"{V3}/parents/?url=http://[::1",
        f"{V3}/pdf/?url=http://[::1",
    ],
)
def test_an_unparseable_url_parameter_is_a_400(city_tree, api, url):
    response, body = api(url)
    assert (response.status_code, body) == (
        400,
        {"error": "The url parameter is not a valid URL or path."},
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/augs%00burg/de/pages/",
        "/api/v3/regions/augs%00burg/",
        f"{V3}/page/?url=/de/augsburg/will%00kommen/",
        "/augs%00burg/de/wp-json/extensions/v3/pages/",
    ],
)
def test_a_nul_byte_in_a_v3_path_or_parameter_is_a_400(city_tree, api, url):
    response, body = api(url)
    assert (response.status_code, body) == (400, {"error": CONTROL})
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=will%00kommen",
        "/api/v2/page_preview/?content_type=guides.guide%00page&token=x",
        "/api/v2/pages/?title=a%00b",
    ],
)
def test_a_nul_byte_in_a_v2_parameter_is_a_400(city_tree, api, url):
    response, body = api(url)
    assert (response.status_code, body) == (400, {"message": CONTROL})


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "/api/v2/pages/?offset=99999999999999999999",
            "offset must be an integer no larger than 2147483647",
        ),
        (
            "/api/v2/pages/?child_of=99999999999999999999",
            "child_of must be an integer no larger than 2147483647",
        ),
        (
            "/api/v2/pages/?search=Arbeit&search_operator=x",
            "search_operator must be 'and' or 'or'",
        ),
        (
            "/api/v2/pages/?first_published_at=x",
            "field filter error. 'x' is not a valid value for first_published_at",
        ),
        ("/api/v2/pages/find/?id=abc", "id must be a positive integer"),
        ("/api/v2/pages/find/?id=99999999999999999999", "id must be a positive integer"),
        (
            "/api/v2/images/?offset=99999999999999999999",
            "offset must be an integer no larger than 2147483647",
        ),
    ],
)
def test_bad_v2_parameters_are_a_400(city_tree, api, url, message):
    response, body = api(url)
    assert (response.status_code, body) == (400, {"message": message})


def test_a_huge_v2_detail_id_is_a_404(city_tree, api):
    response, body = api("/api/v2/pages/99999999999999999999/")
    assert (response.status_code, body) == (404, {"message": "not found"})


def test_a_preview_with_a_bad_content_type_is_a_400(city_tree, api):
    draft = draft_of(city_tree["arbeit"], "Arbeit (Entwurf)")
    token = create_preview(draft).token
    for content_type in ("guides", ".", "guides.guidepage.extra", "x" * 300):
        response, body = api(f"/api/v2/page_preview/?content_type={content_type}&token={token}")
        assert response.status_code == 400, content_type
        assert body["code"] == "unknown_content_type", content_type


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v3/no/such/endpoint/here/", "There is no API resource at this path."),
        ("/api/v2/nothing/", "There is no API resource at this path."),
        ("/wp-json/extensions/v3/nothing/", "There is no API resource at this path."),
    ],
)
def test_an_unknown_api_path_is_a_json_404(db, api, url, message):
    response, body = api(url)
    key = "message" if url.startswith("/api/v2/") else "error"
    assert (response.status_code, body) == (404, {key: message})


def test_a_post_is_a_json_405(city_tree, client):
    response = client.post("/api/v3/regions/")
    assert response.status_code == 405
    assert response.json() == {
        "error": "This method is not allowed here; the Allow header lists the methods that are."
    }
    assert response["Allow"] == "GET"


def test_a_server_error_on_an_api_path_is_json(city_tree, monkeypatch):
    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "regions", broken)
    response = Client(raise_request_exception=False, headers={"Accept-Language": "en"}).get(
        "/api/v3/regions/"
    )
    assert response.status_code == 500
    assert response.json() == {
        "error": "The server could not answer this request; please try again later."
    }


@pytest.mark.parametrize("id_", ["0", "-1", "2147483648", "99999999999999999999"])
def test_an_out_of_range_page_id_is_a_422(city_tree, api, id_):
    response, body = api(f"{V3}/page/?id={id_}")
    assert response.status_code == 422
    assert [issue["loc"] for issue in body["detail"]] == [["query", "id"]]


def test_the_openapi_schema_documents_errors_and_the_pdf(db, api):
    response, schema = api("/api/v3/openapi.json")
    assert response.status_code == 200
    operations = {
        op["operationId"]: op for path in schema["paths"].values() for op in path.values()
    }
    page = operations["page0"]["responses"]
    assert sorted(page) == ["200", "400", "404", "422"]
    assert page["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationErrors"
    )
    assert sorted(operations["regions0"]["responses"]) == ["200", "400"]
    pdf = operations["pdf0"]["responses"]["200"]["content"]
    assert list(pdf) == ["application/pdf"]
    assert pdf["application/pdf"]["schema"] == {"type": "string", "format": "binary"}

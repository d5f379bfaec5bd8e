"""The smaller fields and routes the Integreat app expects (issue 13, "the rest")."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Page

from guides.events.models import Event, Location
from tests.api.test_shapes import ISO_OFFSET
from tests.conftest import make_page
from tests.events.factories import make_event, make_location
from tests.xliff.helpers import make_image

FIRST_PUBLISHED = dt.datetime(2024, 1, 2, 9, 30, tzinfo=dt.UTC)
FIRST_PUBLISHED_LOCAL = "2024-01-02T10:30:00.000+01:00"  # Europe/Berlin, like last_updated


def today():
    return timezone.localdate()


# ---- regions -------------------------------------------------------------------------------


def test_regions_have_a_null_zammad_privacy_policy(client, augsburg):
    [listed] = [r for r in client.get("/api/v3/regions/").json() if r["path"] == "/augsburg/"]
    single = client.get("/api/v3/regions/augsburg/").json()

    assert "zammad_privacy_policy" in listed and listed["zammad_privacy_policy"] is None
    assert "zammad_privacy_policy" in single and single["zammad_privacy_policy"] is None


# ---- published_at --------------------------------------------------------------------------


def test_pages_carry_the_first_publication_as_published_at(client, augsburg):
    page = make_page(augsburg, "Ankommen")
    Page.objects.filter(pk=page.pk).update(first_published_at=FIRST_PUBLISHED)

    [listed] = [p for p in client.get("/api/v3/augsburg/de/pages/").json() if p["id"] == page.pk]
    single = client.get(f"/api/v3/augsburg/de/page/?id={page.pk}").json()
    children = client.get("/api/v3/augsburg/de/children/").json()

    assert listed["published_at"] == FIRST_PUBLISHED_LOCAL
    assert single["published_at"] == FIRST_PUBLISHED_LOCAL
    assert [c["published_at"] for c in children if c["id"] == page.pk] == [FIRST_PUBLISHED_LOCAL]
    assert (
        ISO_OFFSET.match(listed["last_updated"]) and listed["last_updated"] != FIRST_PUBLISHED_LOCAL
    )


def test_events_and_locations_carry_the_first_publication_as_published_at(client, augsburg):
    hall = make_location(augsburg, "Rathaus")
    event = make_event(augsburg, "Fest", start=today() + dt.timedelta(days=1), location=hall)
    Event.objects.filter(pk=event.pk).update(first_published_at=FIRST_PUBLISHED)
    Location.objects.filter(pk=hall.pk).update(first_published_at=FIRST_PUBLISHED)

    [item] = client.get("/api/v3/augsburg/de/events/").json()
    [place] = client.get("/api/v3/augsburg/de/locations/").json()

    assert item["published_at"] == FIRST_PUBLISHED_LOCAL
    assert place["published_at"] == FIRST_PUBLISHED_LOCAL


# ---- events: featured_image and teaser -----------------------------------------------------


def test_featured_image_is_null_without_a_thumbnail(client, augsburg):
    make_event(augsburg, "Fest", start=today() + dt.timedelta(days=1))

    [item] = client.get("/api/v3/augsburg/de/events/").json()

    assert "featured_image" in item and item["featured_image"] is None


def test_featured_image_has_integreat_cms_sizes(client, augsburg):
    image = make_image("Plakat")
    make_event(augsburg, "Fest", start=today() + dt.timedelta(days=1), thumbnail=image)

    [item] = client.get("/api/v3/augsburg/de/events/").json()

    size = [{"url": item["thumbnail"], "width": 2, "height": 2}]
    assert item["thumbnail"].endswith(".png")
    assert item["featured_image"] == {
        "description": "Plakat",
        "mimetype": "image/png",
        "thumbnail": size,
        "medium": size,
        "large": size,
        "full": size,
    }


def test_an_event_with_only_a_teaser_shows_it_as_content(client, augsburg):
    make_event(
        augsburg,
        "Fest",
        start=today() + dt.timedelta(days=1),
        teaser="Musik & Essen",
        description="",
    )
    make_event(
        augsburg,
        "Markt",
        start=today() + dt.timedelta(days=2),
        teaser="Kurz",
        description="<p>Lang</p>",
    )

    fest, markt = client.get("/api/v3/augsburg/de/events/").json()

    assert fest["content"] == "<p>Musik &amp; Essen</p>"
    assert fest["excerpt"] == "Musik & Essen"
    assert markt["content"] == "<p>Lang</p>"  # a body wins; the teaser stays the excerpt
    assert markt["excerpt"] == "Kurz"


# ---- excerpts ------------------------------------------------------------------------------


def test_excerpts_separate_block_elements_with_a_space(client, augsburg):
    page = make_page(
        augsburg,
        "Aufenthalt",
        body=[
            {
                "type": "info_box",
                "value": {
                    "kind": "info",
                    "title": "Fiktionsbescheinigung",
                    "text": "<p>Läuft ab?</p>",
                },
            },
            {"type": "paragraph", "value": "<ul><li>Pass</li><li>Foto</li></ul>"},
        ],
    )
    location = make_location(augsburg, "Beratung", description="<h2>Hilfe</h2><p>Montags</p>")
    make_event(
        augsburg, "Kurs", start=today() + dt.timedelta(days=1), description="<p>Eins</p><p>Zwei</p>"
    )

    data = client.get(f"/api/v3/augsburg/de/page/?id={page.pk}").json()
    [place] = client.get("/api/v3/augsburg/de/locations/").json()
    [event] = client.get("/api/v3/augsburg/de/events/").json()

    assert data["excerpt"] == "Fiktionsbescheinigung Läuft ab? Pass Foto"
    assert place["excerpt"] == "Hilfe Montags" and location.pk == place["id"]
    assert event["excerpt"] == "Eins Zwei"


# ---- aliases and empty lists ---------------------------------------------------------------


def test_post_is_an_alias_of_page_and_disclaimer_of_imprint(client, augsburg):
    page = make_page(augsburg, "Ankommen")
    augsburg.imprint = "<p>Stadt Augsburg</p>"
    augsburg.save_revision().publish()

    for base in ("/api/v3/augsburg/de/", "/augsburg/de/wp-json/extensions/v3/"):
        as_page = client.get(f"{base}page/?id={page.pk}")
        as_post = client.get(f"{base}post/?id={page.pk}")
        assert as_post.status_code == 200 and as_post.json() == as_page.json()
        assert as_post.json()["title"] == "Ankommen"
        imprint = client.get(f"{base}imprint/").json()
        assert client.get(f"{base}disclaimer/").json() == imprint
        assert imprint["content"] == "<p>Stadt Augsburg</p>"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v3/augsburg/offers/",
        "/api/v3/augsburg/extras/",
        "/api/v3/augsburg/de/offers/",
        "/api/v3/augsburg/de/extras/",
        "/augsburg/de/wp-json/extensions/v3/offers/",
        "/augsburg/de/wp-json/extensions/v3/extras/",
    ],
)
def test_offers_and_extras_are_empty_lists(client, augsburg, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response.json() == []
    assert response["ETag"]
    assert client.get(path.replace("augsburg", "atlantis")).status_code == 404


def test_offers_in_a_language_the_city_does_not_offer_are_404(client, augsburg):
    response = client.get("/api/v3/augsburg/tr/offers/")

    assert response.status_code == 404
    assert "error" in response.json()


def test_chat_is_never_enabled(client, augsburg):
    response = client.get("/api/v3/augsburg/3f2a-device-77/is_chat_enabled/")

    assert response.status_code == 200
    assert response.json() == {"is_chat_enabled": False}
    assert client.get("/api/v3/atlantis/3f2a-device-77/is_chat_enabled/").status_code == 404


# ---- no redirect without the trailing slash ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v3/augsburg/de/news",
        "/api/v3/augsburg/de/fcm",
        "/api/v3/augsburg/de/events",
        "/api/v3/regions",
        "/augsburg/de/wp-json/extensions/v3/pages",
    ],
)
def test_app_paths_without_a_trailing_slash_answer_directly(client, augsburg, path):
    plain = client.get(path)
    slashed = client.get(f"{path}/")

    assert plain.status_code == 200, plain.get("Location")
    assert plain.json() == slashed.json()
    assert plain["ETag"] == slashed["ETag"]
    assert plain["Access-Control-Allow-Origin"] == "*"


def test_the_pdf_alias_without_a_slash_answers_like_with_it(client, augsburg):
    plain = client.get("/augsburg/tr/wp-json/ig-mpdf/v1/pdf")
    slashed = client.get("/augsburg/tr/wp-json/ig-mpdf/v1/pdf/")

    assert plain.status_code == slashed.status_code == 404  # a language Augsburg lacks
    assert plain.json() == slashed.json()


def test_an_unknown_api_path_without_a_slash_is_a_json_404_not_a_redirect(client, augsburg):
    response = client.get("/api/v3/augsburg/de/nothing-here")

    assert response.status_code == 404
    assert "error" in response.json()


def test_public_pages_still_get_their_trailing_slash(client, augsburg):
    response = client.get("/de/augsburg")

    assert response.status_code == 301
    assert response["Location"] == "/de/augsburg/"


# ---- OpenAPI -------------------------------------------------------------------------------


def test_openapi_documents_the_new_routes_and_fields(client):
    schema = client.get("/api/v3/openapi.json").json()
    paths, components = schema["paths"], schema["components"]["schemas"]

    for path in (
        "/api/v3/{city}/{lang}/post/",
        "/api/v3/{city}/{lang}/disclaimer/",
        "/api/v3/{city}/offers/",
        "/api/v3/{city}/extras/",
        "/api/v3/{city}/{lang}/offers/",
        "/api/v3/{city}/{lang}/extras/",
        "/api/v3/{city}/{device_id}/is_chat_enabled/",
    ):
        assert "get" in paths[path], path
        assert not paths[path]["get"].get("deprecated", False), path
    assert "zammad_privacy_policy" in components["Region"]["properties"]
    assert "published_at" in components["Page"]["properties"]
    event = components["Event"]["properties"]
    for field in (
        "path",
        "published_at",
        "featured_image",
        "recurrence_rule",
        "location_path",
        "organization",
    ):
        assert field in event, field
    assert "UTC" in components["Event"]["description"]
    events_answer = paths["/api/v3/{city}/{lang}/events/"]["get"]["responses"]["200"]
    assert events_answer["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/Event"
    }


def test_real_event_answers_fit_the_documented_event_schema(client, augsburg):
    """The OpenAPI component is generated from guides.api.schemas.Event: validate with it."""
    from pydantic import ValidationError as SchemaError

    from guides.api.schemas import Event as EventSchema

    hall = make_location(augsburg, "Rathaus")
    weekly = make_event(
        augsburg, "Kurs", start=today() - dt.timedelta(days=7), frequency="WEEKLY", location=hall
    )
    english = weekly.copy_for_translation(weekly.locale.__class__.objects.get(language_code="en"))
    english.save()
    english.save_revision().publish()
    make_event(augsburg, "Fest", start=today() + dt.timedelta(days=1), thumbnail=make_image())

    expanded = client.get("/api/v3/augsburg/de/events/").json()
    combined = client.get("/api/v3/augsburg/de/events/?combine_recurring=true").json()

    assert any(item["featured_image"] for item in expanded)
    assert any(item["available_languages"] for item in expanded)
    assert any(item["recurrence_rule"] for item in combined)
    for item in expanded + combined:
        assert set(item) == set(EventSchema.model_fields), item["path"]  # every field documented
        try:
            EventSchema.model_validate(item, strict=True)
        except SchemaError as error:
            pytest.fail(f"{item['path']}: {error}")

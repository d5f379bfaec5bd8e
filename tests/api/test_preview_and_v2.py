"""Wagtail API v2 and the headless preview endpoint: signed, expiring tokens, 4xx otherwise."""

import time
from urllib.parse import urlencode

from django.core.signing import TimestampSigner, b62_encode
from django.test import override_settings

from guides.api.preview import create_preview, preview_client_url, signer
from tests.api.conftest import translate
from tests.conftest import make_page

PREVIEW = "/api/v2/page_preview/"


def draft_of(page, title):
    page.title = title
    page.save_revision()
    return page.get_latest_revision_as_object()


def preview_get(client, page, token):
    return client.get(PREVIEW, {"content_type": f"guides.{page._meta.model_name}", "token": token})


def test_a_valid_token_shows_the_draft_not_the_live_page(city_tree, client):
    draft = draft_of(city_tree["arbeit"], "Arbeit (Entwurf)")
    preview = create_preview(draft)
    response = preview_get(client, draft, preview.token)
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Arbeit (Entwurf)"
    assert data["id"] == city_tree["arbeit"].id
    assert data["meta"]["type"] == "guides.GuidePage"
    assert "body" in data and "teaser" in data
    assert response["Cache-Control"] == "private, no-store"
    live = client.get(f"/api/v2/pages/{city_tree['arbeit'].id}/").json()
    assert live["title"] == "Arbeit"


def test_preview_works_for_a_translation(city_tree, client):
    draft = draft_of(city_tree["willkommen_ar"], "مرحبا (مسودة)")
    response = preview_get(client, draft, create_preview(draft).token)
    assert response.status_code == 200
    assert response.json()["title"] == "مرحبا (مسودة)"
    assert response.json()["meta"]["locale"] == "ar"


def test_a_forged_token_is_a_403(city_tree, client):
    draft = draft_of(city_tree["arbeit"], "Geheimer Entwurf")
    token = create_preview(draft).token
    identifier = token.split(":")[0]
    forged = TimestampSigner(key="not-our-secret", salt="headlesspreview.token").sign(identifier)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (forged, tampered, "id=1", "garbage"):
        response = preview_get(client, draft, bad)
        assert response.status_code == 403, bad
        assert response.json()["code"] == "invalid_token"
        assert "Geheimer" not in response.content.decode()


class PastSigner(TimestampSigner):
    """Django's signer with a clock that reads `age` seconds ago: a genuinely old token."""

    def __init__(self, *args, age, **kwargs):
        super().__init__(*args, **kwargs)
        self.age = age

    def timestamp(self):
        return b62_encode(int(time.time()) - self.age)


def test_an_expired_token_is_a_403_that_says_so(city_tree, client):
    draft = draft_of(city_tree["arbeit"], "Alter Entwurf")
    preview = create_preview(draft)
    old_token = PastSigner(salt="headlesspreview.token", age=2 * 3600).sign(
        preview.token.split(":")[0]
    )
    preview.token = old_token
    preview.save()
    signer().unsign(old_token)  # correctly signed: only its age is wrong
    with override_settings(CITYGUIDE_PREVIEW_TOKEN_MAX_AGE=3600):
        response = preview_get(client, draft, old_token)
        assert response.status_code == 403
        assert response.json()["code"] == "expired_token"
        assert "Alter Entwurf" not in response.content.decode()
    with override_settings(CITYGUIDE_PREVIEW_TOKEN_MAX_AGE=3 * 3600):
        assert preview_get(client, draft, old_token).status_code == 200


def test_missing_or_unknown_parameters_are_a_400(city_tree, client):
    token = create_preview(city_tree["arbeit"]).token
    assert client.get(PREVIEW).status_code == 400
    assert client.get(PREVIEW, {"content_type": "guides.guidepage"}).status_code == 400
    assert client.get(PREVIEW, {"token": token}).status_code == 400
    for content_type in ["nope.nothing", "auth.user", "guidepage"]:
        response = client.get(PREVIEW, {"content_type": content_type, "token": token})
        assert response.status_code == 400, content_type
        assert response.json()["code"] == "unknown_content_type"


def test_a_signed_token_without_a_stored_preview_is_a_404(city_tree, client):
    token = signer().sign("id=123456")
    response = client.get(PREVIEW, {"content_type": "guides.guidepage", "token": token})
    assert response.status_code == 404
    preview = create_preview(city_tree["arbeit"])
    wrong_type = client.get(PREVIEW, {"content_type": "guides.citypage", "token": preview.token})
    assert wrong_type.status_code == 404


def test_preview_client_url_comes_from_the_setting(city_tree, rf, settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": "https://app.example/preview"},
    }
    from wagtail_headless_preview.settings import headless_preview_settings

    headless_preview_settings.reload()
    url = preview_client_url(city_tree["arbeit"], rf.get("/"), "tok:en")
    assert url == "https://app.example/preview/?content_type=guides.guidepage&token=tok%3Aen"


def test_wagtail_api_v2_lists_pages_images_and_documents(city_tree, client):
    root_id = city_tree["city"].id
    response = client.get(f"/api/v2/pages/?descendant_of={root_id}&fields=*&limit=1000")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles == {"Willkommen", "Arbeit", "Praktikum", "Wohnen"}
    typed = client.get(f"/api/v2/pages/?descendant_of={root_id}&type=guides.GuidePage&fields=*")
    assert {"teaser", "body", "icon"} <= set(typed.json()["items"][0])
    for endpoint in ("images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/").status_code == 200
    city = client.get(f"/api/v2/pages/{root_id}/").json()
    assert {"latitude", "longitude", "imprint"} <= set(city)


def test_wagtail_api_v2_answers_missing_pages_with_json_404(client, augsburg):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert "message" in response.json()


def test_translated_page_preview_of_a_new_translation(city_tree, client):
    page = make_page(city_tree["arbeit"], "Kita")
    copy = translate(page, "en", title="Daycare draft", publish=False)
    copy = copy.get_latest_revision_as_object()
    response = preview_get(client, copy, create_preview(copy).token)
    assert response.status_code == 200
    assert response.json()["title"] == "Daycare draft"


def test_app_preview_mode_hands_out_a_token_the_endpoint_accepts(client, city_factory):
    from wagtail_headless_preview.models import PagePreview

    from tests.conftest import make_page

    city = city_factory("vorschau", "Vorschau", ("de",))
    page = make_page(city, "Live Titel")
    page.title = "Entwurfstitel"

    app_preview = page.make_preview_request(preview_mode="app")
    site_preview = page.make_preview_request(preview_mode="")
    preview = PagePreview.objects.get()
    api = client.get(
        "/api/v2/page_preview/", {"content_type": "guides.guidepage", "token": preview.token}
    )

    assert app_preview.status_code == 200
    assert urlencode({"token": preview.token}) in app_preview.content.decode()
    assert "Entwurfstitel" in site_preview.content.decode()
    assert api.status_code == 200 and api.json()["title"] == "Entwurfstitel"

"""Publishing news sends a push notification through FCM's HTTP v1 API, on the worker.

Every test talks over real HTTP to tests.news.fcm_server, which checks the service account's
signed token request and the bearer token like Google does, and can be told to fail.
"""

import json

import pytest
from django.urls import reverse

from guides.news import push
from guides.news.models import NewsItem, PushDelivery, PushState
from tests.conftest import make_user
from tests.news.factories import make_news, translate_news
from tests.news.fcm_server import FakeFcm, fcm_error, make_key

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture(scope="module")
def key_pair():
    return make_key()


@pytest.fixture
def fcm(settings, key_pair):
    private, public = key_pair
    with FakeFcm(public) as server:
        settings.CITYGUIDE_FCM_CREDENTIALS_JSON = json.dumps(server.service_account(private))
        settings.CITYGUIDE_FCM_CREDENTIALS_FILE = ""
        settings.CITYGUIDE_FCM_PROJECT_ID = ""
        settings.CITYGUIDE_FCM_BASE_URL = server.url
        settings.CITYGUIDE_FCM_BACKOFF_SECONDS = 0.01
        settings.CITYGUIDE_FCM_MAX_ATTEMPTS = 4
        yield server


@pytest.fixture
def publish_news(augsburg, on_commit):
    """Publish a news item with the push box ticked, its on-commit work (the task) done."""

    def publish(title="Bürgerbüro geschlossen", **fields):
        with on_commit():
            return make_news(augsburg, title, send_push_notification=True, **fields)

    return publish


def delivery_of(item):
    return PushDelivery.objects.get(news_item=item)


def test_publishing_sends_one_message_to_the_city_language_topic(fcm, publish_news):
    item = publish_news(content="<p>Am <b>Montag</b> geschlossen.</p><p>Danke!</p>")

    [(authorization, payload)] = fcm.messages
    assert authorization == "Bearer token-1"
    assert payload == {
        "message": {
            "topic": "augsburg-de-news",
            "notification": {
                "title": "Bürgerbüro geschlossen",
                "body": "Am Montag geschlossen. Danke!",
            },
            "data": {
                "news_id": str(item.pk),
                "city_code": "augsburg",
                "language_code": "de",
                "group": "news",
            },
            "android": {"ttl": "86400s"},
            "apns": {"headers": {"apns-priority": "5"}},
        }
    }
    [grant] = fcm.grants
    assert grant["iss"] == "push@cityguide-test.iam.gserviceaccount.com"
    assert grant["scope"] == "https://www.googleapis.com/auth/firebase.messaging"
    delivery = delivery_of(item)
    assert (delivery.state, delivery.attempts, delivery.topic) == (
        PushState.SENT,
        1,
        "augsburg-de-news",
    )
    assert delivery.message_name == "projects/cityguide-test/messages/1"
    assert delivery.finished_at is not None


def test_throttling_and_server_errors_are_retried_until_fcm_accepts(fcm, publish_news):
    fcm.script = [
        (429, {"Retry-After": "0"}, {"error": {"status": "RESOURCE_EXHAUSTED"}}),
        fcm_error(503, "UNAVAILABLE", "Try again."),
    ]
    item = publish_news()
    assert len(fcm.messages) == 3
    delivery = delivery_of(item)
    assert (delivery.state, delivery.attempts) == (PushState.SENT, 3)
    assert delivery.message_name == "projects/cityguide-test/messages/3"
    assert len(fcm.tokens) == 1  # one token serves every attempt


def test_a_refusal_is_final_and_its_reason_is_kept(fcm, publish_news):
    fcm.script = [fcm_error(400, "INVALID_ARGUMENT", "Topic name is invalid.")]
    item = publish_news()
    assert len(fcm.messages) == 1
    delivery = delivery_of(item)
    assert delivery.state == PushState.FAILED
    assert delivery.reason == "HTTP 400 INVALID_ARGUMENT: Topic name is invalid."


def test_retries_are_bounded(fcm, publish_news):
    fcm.script = [fcm_error(500, "INTERNAL", "Boom.")] * 10
    item = publish_news()
    assert len(fcm.messages) == 4
    delivery = delivery_of(item)
    assert (delivery.state, delivery.attempts) == (PushState.FAILED, 4)
    assert delivery.reason == "Gave up after 4 attempts: HTTP 500 INTERNAL: Boom."


def test_a_refused_token_is_renewed_once(fcm, publish_news):
    fcm.script = [fcm_error(401, "UNAUTHENTICATED", "Token expired.")]
    item = publish_news()
    assert [auth for auth, _payload in fcm.messages] == ["Bearer token-1", "Bearer token-2"]
    assert delivery_of(item).state == PushState.SENT


def test_without_credentials_nothing_is_sent_and_the_admin_can_say_so(settings, publish_news, fcm):
    settings.CITYGUIDE_FCM_CREDENTIALS_JSON = ""
    item = publish_news()
    assert fcm.messages == []
    delivery = delivery_of(item)
    assert delivery.state == PushState.NOT_CONFIGURED
    assert "FCM_CREDENTIALS_FILE" in delivery.reason


def test_a_broken_key_is_not_configured_with_a_reason(settings, publish_news, fcm):
    settings.CITYGUIDE_FCM_CREDENTIALS_JSON = '{"type": "service_account"'
    item = publish_news()
    delivery = delivery_of(item)
    assert delivery.state == PushState.NOT_CONFIGURED
    assert "cannot be read" in delivery.reason
    assert fcm.messages == []


def test_news_without_the_box_sends_nothing(fcm, augsburg, on_commit):
    with on_commit():
        item = make_news(augsburg)
    assert fcm.messages == []
    assert not PushDelivery.objects.filter(news_item=item).exists()


def test_republishing_does_not_send_again_but_a_failed_push_is_retried(
    fcm, publish_news, on_commit
):
    fcm.script = [fcm_error(400, "INVALID_ARGUMENT", "Bad.")]
    item = publish_news()
    assert delivery_of(item).state == PushState.FAILED
    with on_commit():
        item.save_revision().publish()
    assert delivery_of(item).state == PushState.SENT
    with on_commit():
        item.save_revision().publish()
    assert len(fcm.messages) == 2


def test_each_language_is_sent_to_its_own_topic_when_published(fcm, publish_news, on_commit):
    item = publish_news()
    english = translate_news(item, "en", on_commit)
    topics = [payload["message"]["topic"] for _auth, payload in fcm.messages]
    assert topics == ["augsburg-de-news", "augsburg-en-news"]
    sent = fcm.messages[1][1]["message"]
    assert sent["data"]["news_id"] == str(english.pk)
    assert sent["notification"]["title"] == "[en] Bürgerbüro geschlossen"
    assert delivery_of(english).state == PushState.SENT


def test_a_task_that_raises_still_ends_its_delivery(fcm, publish_news, monkeypatch):
    def broken(item):
        raise RuntimeError("no message today")

    monkeypatch.setattr(push, "message_for", broken)
    item = publish_news()
    delivery = delivery_of(item)
    assert delivery.state == PushState.FAILED
    assert delivery.reason == "Failed: no message today"


def test_admin_listing_shows_each_languages_push_state(
    client, augsburg, fcm, publish_news, on_commit, settings
):
    fcm.script = [fcm_error(400, "INVALID_ARGUMENT", "Topic name is invalid.")]
    failed = publish_news("Fehlgeschlagen")
    translate_news(failed, "en", on_commit)  # the English copy goes out
    settings.CITYGUIDE_FCM_CREDENTIALS_JSON = ""
    publish_news("Ohne Firebase")
    with on_commit():
        make_news(augsburg, "Ohne Push")
    client.force_login(make_user("augsburg-editor", city=augsburg))

    html = client.get(reverse("wagtailsnippets_news_newsitem:list")).content.decode()

    rows = {item.title: item for item in NewsItem.objects.all()}
    assert set(rows) == {"Fehlgeschlagen", "[en] Fehlgeschlagen", "Ohne Firebase", "Ohne Push"}
    assert "failed: HTTP 400 INVALID_ARGUMENT: Topic name is invalid." in html
    assert html.count(">sent<") == 1
    assert "not configured: Push notifications are not configured" in html


def test_editor_sees_the_push_state_of_every_language(
    client, augsburg, fcm, publish_news, on_commit
):
    fcm.script = [fcm_error(400, "INVALID_ARGUMENT", "Topic name is invalid.")]
    item = publish_news()
    translate_news(item, "en", on_commit)
    client.force_login(make_user("augsburg-editor", city=augsburg))

    html = client.get(
        reverse("wagtailsnippets_news_newsitem:edit", args=[item.pk])
    ).content.decode()

    assert "<li><b>de</b>: failed: HTTP 400 INVALID_ARGUMENT: Topic name is invalid.</li>" in html
    assert "<li><b>en</b>: sent</li>" in html


def test_an_unreachable_token_endpoint_is_retried_then_reported(fcm, publish_news, settings):
    info = json.loads(settings.CITYGUIDE_FCM_CREDENTIALS_JSON)
    with FakeFcm("unused") as gone:
        closed = f"{gone.url}/token"
    settings.CITYGUIDE_FCM_CREDENTIALS_JSON = json.dumps({**info, "token_uri": closed})
    item = publish_news()
    delivery = delivery_of(item)
    assert (delivery.state, delivery.attempts) == (PushState.FAILED, 4)
    assert delivery.reason.startswith("Gave up after 4 attempts: Could not get an access token")
    assert fcm.messages == []

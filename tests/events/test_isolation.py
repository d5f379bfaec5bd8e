"""A city's editors see and change only their own city's events and locations."""

from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from tests.conftest import make_user
from tests.events.factories import make_event, make_location
from tests.shared import run_on_commit, shared_fixture


@shared_fixture("augsburg", "nuernberg")
def setup(augsburg, nuernberg):
    from wagtail_localize.operations import translate_object

    location = make_location(augsburg)
    event = make_event(augsburg, "Sprachcafé Augsburg", location=location)
    with run_on_commit():
        translate_object(event, [Locale.objects.get(language_code="en")])
    translation_id = (
        TranslationSource.objects.get(object_id=event.translation_key).translations.get().pk
    )
    return {
        "event": event,
        "location": location,
        "translation_id": translation_id,
        "own": make_user("aux", city=augsburg),
        "other": make_user("nux", city=nuernberg),
        "nuernberg_event": make_event(nuernberg, "Fest Nürnberg"),
    }


DASHBOARD = "dashboard"  # Wagtail's refusal: the permission policy says no, PermissionDenied
# becomes a redirect to the dashboard with a message


def answer(response):
    """The exact answer: a status code, or DASHBOARD for Wagtail's redirect to the dashboard."""
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return DASHBOARD
    return response.status_code


def object_urls(model, obj):
    """(url, exact answer to an editor of another city, GET and POST alike)."""
    name = f"wagtailsnippets_events_{model}"
    pk, revision = obj.pk, obj.latest_revision_id
    urls = [
        reverse(f"{name}:{view}", args=[pk])
        for view in ("edit", "delete", "usage", "history", "history_results", "unpublish")
    ]
    urls += [
        reverse(f"{name}:revisions_compare", args=[pk, "earliest", "latest"]),
        reverse(f"{name}:revisions_revert", args=[pk, revision]),
        reverse(f"{name}:revisions_unschedule", args=[pk, revision]),
        reverse(f"wagtailsnippetchoosers_events_{model}:chosen", args=[pk]),
        reverse("wagtail_localize:submit_snippet_translation", args=["events", model, pk]),
        reverse("wagtail_localize:snippets_api_detail", args=["events", model, pk]),
    ]
    bulk = reverse("wagtail_bulk_action", args=["events", model, "delete"]) + f"?id={pk}"
    # the bulk action's queryset holds only the user's cities' objects: an unknown id
    return [(url, DASHBOARD) for url in urls] + [(bulk, 404)]


def test_editor_of_other_city_is_refused_on_every_object_url(client, setup):
    client.force_login(setup["other"])
    urls = object_urls("event", setup["event"]) + object_urls("location", setup["location"])
    tid = setup["translation_id"]
    source_id = TranslationSource.objects.get(object_id=setup["event"].translation_key).pk
    urls += [
        (reverse("wagtail_localize:update_translations", args=[source_id]), DASHBOARD),
        (reverse("wagtail_localize:download_pofile", args=[tid]), DASHBOARD),
        (reverse("wagtail_localize:stop_translation", args=[tid]), DASHBOARD),
        (reverse("wagtail_localize:machine_translate", args=[tid]), DASHBOARD),
    ]
    answers = [
        (method.__name__, url, answer(method(url)))
        for url, _ in urls
        for method in (client.get, client.post)
    ]

    assert answers == [
        (method, url, expected) for url, expected in urls for method in ("get", "post")
    ]
    assert setup["event"].__class__.objects.filter(pk=setup["event"].pk, live=True).exists()


def test_own_editor_can_open_the_same_urls(client, setup):
    client.force_login(setup["own"])
    name = "wagtailsnippets_events_event"
    for view in ("edit", "history", "usage", "delete"):
        assert client.get(reverse(f"{name}:{view}", args=[setup["event"].pk])).status_code == 200
    submit = reverse(
        "wagtail_localize:submit_snippet_translation", args=["events", "event", setup["event"].pk]
    )
    response = client.get(submit)
    assert response.status_code == 200
    offered = {loc.language_code for loc in response.context["form"].fields["locales"].queryset}
    assert offered <= {"en", "ar", "fa"}  # Augsburg's languages only, never uk


def test_listing_and_chooser_show_only_own_city(client, setup):
    client.force_login(setup["other"])
    listing = client.get(reverse("wagtailsnippets_events_event:list")).content.decode()
    chooser = client.get(reverse("wagtailsnippetchoosers_events_event:choose")).json()["html"]

    for html in (listing, chooser):
        assert "Fest Nürnberg" in html
        assert "Sprachcafé Augsburg" not in html


def test_editor_cannot_create_event_for_another_city(client, setup, augsburg):
    client.force_login(setup["other"])
    response = client.post(
        reverse("wagtailsnippets_events_event:add"),
        {
            "city": augsburg.pk,
            "title": "Fremd",
            "start_date": "2025-05-01",
            "start_time": "10:00",
            "end_date": "2025-05-01",
            "end_time": "11:00",
            "time_zone": "Europe/Berlin",
            "interval": 1,
            "locale": augsburg.locale.pk,
        },
    )
    assert response.status_code == 200  # the form again, with an error on city
    assert "city" in response.context["form"].errors
    assert not setup["event"].__class__.objects.filter(title="Fremd").exists()


def test_city_editors_group_gets_event_permissions(setup, augsburg):
    codenames = set(
        augsburg.editors_group.permissions.filter(content_type__app_label="events").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        f"{a}_{m}" for a in ("add", "change", "delete", "publish") for m in ("event", "location")
    }

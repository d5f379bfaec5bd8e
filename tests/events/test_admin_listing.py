"""The events and locations admin: one row per event or location, with the languages it
exists in and a language filter, in a constant number of queries."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import translate_object

from tests.events.factories import make_event, make_location

EVENTS = reverse("wagtailsnippets_events_event:list")
LOCATIONS = reverse("wagtailsnippets_events_location:list")


def translate(obj, on_commit, *codes):
    with on_commit():
        translate_object(obj, [Locale.objects.get(language_code=code) for code in codes])


def rows(response):
    """{title: [language codes of its copies]} of the listing's rows."""
    return {
        getattr(obj, "title", None) or obj.name: [copy["code"] for copy in obj.cityguide_copies]
        for obj in response.context["object_list"]
    }


@pytest.fixture
def editor(client, augsburg, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    return client


def test_one_row_per_event_with_its_languages(editor, augsburg, on_commit):
    cafe = make_event(augsburg, "Sprachcafé")
    make_event(augsburg, "Stadtführung")
    translate(cafe, on_commit, "en", "ar")

    response = editor.get(EVENTS)

    assert response.status_code == 200
    assert rows(response) == {"Sprachcafé": ["ar", "de", "en"], "Stadtführung": ["de"]}
    english = cafe.get_translation(Locale.objects.get(language_code="en"))
    html = response.content.decode()
    assert reverse("wagtailsnippets_events_event:edit", args=[english.pk]) in html
    assert 'data-language="ar"' in html


def test_rows_keep_wagtail_localizes_translate_and_sync_buttons(editor, augsburg, on_commit):
    cafe = make_event(augsburg, "Sprachcafé")
    translate(cafe, on_commit, "en", "ar")  # Augsburg also has fa: still one to translate into
    source = TranslationSource.objects.get(object_id=cafe.translation_key)

    html = editor.get(EVENTS).content.decode()

    submit = ("wagtail_localize:submit_snippet_translation", ["events", "event", cafe.pk])
    assert reverse(submit[0], args=submit[1]) in html
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in html


def test_language_filter_keeps_the_events_that_exist_in_it(editor, augsburg, on_commit):
    cafe = make_event(augsburg, "Sprachcafé")
    make_event(augsburg, "Stadtführung")
    translate(cafe, on_commit, "en")

    assert rows(editor.get(EVENTS, {"locale": "en"})) == {"Sprachcafé": ["de", "en"]}
    assert rows(editor.get(EVENTS, {"locale": "fa"})) == {}


def test_an_event_made_in_another_language_only_has_its_row(editor, augsburg):
    make_event(augsburg, "Sprachcafé")
    english_only = make_event(augsburg, "City tour")
    english_only.locale = Locale.objects.get(language_code="en")
    english_only.save()

    assert rows(editor.get(EVENTS)) == {"Sprachcafé": ["de"], "City tour": ["en"]}


def test_search_results_have_one_row_per_event(editor, augsburg, on_commit):
    cafe = make_event(augsburg, "Sprachcafé")
    make_event(augsburg, "Stadtführung")
    translate(cafe, on_commit, "en")

    assert rows(editor.get(EVENTS, {"q": "Sprachcafé"})) == {"Sprachcafé": ["de", "en"]}


def test_search_finds_an_event_by_its_translations_title(editor, augsburg, nuernberg):
    cafe = make_event(augsburg, "Sprachcafé")
    english = cafe.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Language café"
    english.save()
    make_event(nuernberg, "Language café Nürnberg")

    assert rows(editor.get(EVENTS, {"q": "Language"})) == {"Sprachcafé": ["de", "en"]}


def test_locations_list_one_row_per_location(editor, augsburg, on_commit):
    library = make_location(augsburg, "Stadtbücherei")
    make_location(augsburg, "Rathaus")
    translate(library, on_commit, "en")

    response = editor.get(LOCATIONS)

    assert rows(response) == {"Stadtbücherei": ["de", "en"], "Rathaus": ["de"]}
    assert rows(editor.get(LOCATIONS, {"locale": "en"})) == {"Stadtbücherei": ["de", "en"]}


def test_other_citys_events_stay_out(editor, augsburg, nuernberg):
    make_event(augsburg, "Sprachcafé")
    make_event(nuernberg, "Fest Nürnberg")

    assert rows(editor.get(EVENTS)) == {"Sprachcafé": ["de"]}


@pytest.mark.parametrize("count", [2, 12])
def test_listing_queries_do_not_grow_with_the_events(
    editor, augsburg, on_commit, count, django_assert_max_num_queries
):
    for n in range(count):
        translate(make_event(augsburg, f"Termin {n}"), on_commit, "en", "ar")
    editor.get(EVENTS)  # warm per-process caches (content types, locales)

    with django_assert_max_num_queries(17):
        response = editor.get(EVENTS)

    assert len(rows(response)) == count

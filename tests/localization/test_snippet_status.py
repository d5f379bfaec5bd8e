"""Events and locations get stored translation statuses like pages, and --rebuild agrees."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from guides.events.models import Event, Location
from guides.news.models import NewsItem
from localization import registry, tracking
from localization.minor_edit import save_revision_as_minor_edit
from localization.models import TranslationStatus
from localization.recompute import differences, expected_city_rows
from localization.tracking import get_status
from tests.conftest import build_city
from tests.events.factories import make_event, make_location
from tests.localization.conftest import loc, translate_strings
from tests.shared import shared_fixture


@shared_fixture()
def city():
    return build_city("augsburg", "Augsburg", ("de", "en", "ar"))


@pytest.fixture
def snippet_flow(on_commit):
    return SnippetFlow(on_commit)


class SnippetFlow:
    def __init__(self, on_commit):
        self.on_commit = on_commit

    def translate(self, obj, *codes):
        """Translate this page, then every segment translated and published."""
        with self.on_commit():
            translate_object(obj, [loc(code) for code in codes])
        self.sync(obj, *codes)

    def edit(self, obj, minor=False, **changes):
        obj.refresh_from_db()
        for name, value in changes.items():
            setattr(obj, name, value)
        with self.on_commit():
            revision = save_revision_as_minor_edit(obj) if minor else obj.save_revision()
            revision.publish()
        obj.refresh_from_db()
        return obj

    def sync(self, obj, *codes):
        source = TranslationSource.objects.get_for_instance(obj)
        with self.on_commit():
            source.update_from_db()
            translate_strings(obj, *codes)
            for translation in Translation.objects.filter(
                source=source, target_locale__language_code__in=codes
            ):
                translation.save_target(publish=True)

    def translation(self, obj, code):
        return type(obj).objects.get(
            translation_key=obj.translation_key, locale__language_code=code
        )


def assert_rebuild_agrees(city):
    stored = TranslationStatus.objects.filter(city_id=city.pk)
    problems = differences(stored, expected_city_rows(city))
    assert not problems, "\n".join(problems)


def status_json(city, *args):
    out = StringIO()
    call_command("translation_status", "--city", city.slug, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_published_event_is_missing_in_each_city_language(city):
    event = make_event(city)
    assert get_status(event, loc("en")) == "missing"
    assert get_status(event, loc("ar")) == "missing"
    assert not TranslationStatus.objects.filter(
        translation_key=event.translation_key, target_locale=loc("de")
    ).exists()
    assert_rebuild_agrees(city)


def test_event_transitions_translate_edit_sync_delete(city, snippet_flow):
    event = make_event(city)
    snippet_flow.translate(event, "en")
    assert get_status(event, loc("en")) == "up_to_date"
    assert get_status(event, loc("ar")) == "missing"
    assert_rebuild_agrees(city)

    snippet_flow.edit(event, title="Sprachcafé am Dienstag")
    assert get_status(event, loc("en")) == "outdated"
    assert_rebuild_agrees(city)

    snippet_flow.sync(event, "en")
    assert get_status(event, loc("en")) == "up_to_date"
    assert snippet_flow.translation(event, "en").title == "[en] Sprachcafé am Dienstag"
    assert_rebuild_agrees(city)

    snippet_flow.translation(event, "en").delete()
    assert get_status(event, loc("en")) == "missing"
    assert_rebuild_agrees(city)

    key = event.translation_key
    event.delete()
    assert not TranslationStatus.objects.filter(translation_key=key).exists()
    assert_rebuild_agrees(city)


def test_minor_edit_of_an_event_keeps_it_up_to_date(city, snippet_flow):
    event = make_event(city)
    snippet_flow.translate(event, "en")
    snippet_flow.edit(event, minor=True, teaser="Tippfehler behoben")
    assert get_status(event, loc("en")) == "up_to_date"
    assert_rebuild_agrees(city)


def test_unpublished_translation_is_missing_and_republished_is_back(city, snippet_flow):
    location = make_location(city)
    snippet_flow.translate(location, "ar")
    assert get_status(location, loc("ar")) == "up_to_date"
    translation = snippet_flow.translation(location, "ar")
    translation.unpublish()
    assert get_status(location, loc("ar")) == "missing"
    assert_rebuild_agrees(city)
    with snippet_flow.on_commit():
        translation.save_revision().publish()
    # A hand-published revision is no sync, but the translation was synced before.
    assert get_status(location, loc("ar")) == "up_to_date"
    assert_rebuild_agrees(city)


def test_unpublished_source_leaves_the_command_listing(city, snippet_flow):
    event = make_event(city)
    assert [e["page_id"] for e in status_json(city)] == [city.pk, city.pk, event.pk, event.pk]
    event.unpublish()
    assert event.pk not in [e["page_id"] for e in status_json(city)]
    assert_rebuild_agrees(city)


def test_export_style_in_translation_then_mark_up_to_date(city, snippet_flow):
    event = make_event(city)
    snippet_flow.translate(event, "en")
    snippet_flow.edit(event, title="Neu")
    tracking.mark_in_translation(event, [loc("en")])
    assert get_status(event, loc("en")) == "in_translation"
    assert_rebuild_agrees(city)
    tracking.mark_up_to_date(event, loc("en"))
    assert get_status(event, loc("en")) == "up_to_date"
    assert_rebuild_agrees(city)


def test_rebuild_command_restores_snippet_rows(city, snippet_flow):
    event = make_event(city)
    location = make_location(city)
    snippet_flow.translate(event, "en", "ar")
    snippet_flow.edit(event, title="Geändert")
    expected = dict(
        TranslationStatus.objects.filter(
            translation_key__in=[event.translation_key, location.translation_key]
        ).values_list("id", "status")
    )
    TranslationStatus.objects.filter(translation_key=event.translation_key).update(
        status="up_to_date", source_revision=None
    )
    TranslationStatus.objects.filter(translation_key=location.translation_key).delete()
    call_command("translation_status", "--rebuild", stdout=StringIO())
    rebuilt = TranslationStatus.objects.filter(
        translation_key__in=[event.translation_key, location.translation_key]
    )
    assert sorted(rebuilt.values_list("status", flat=True)) == sorted(expected.values())
    assert get_status(event, loc("en")) == "outdated"
    assert get_status(location, loc("ar")) == "missing"
    assert_rebuild_agrees(city)


def test_command_json_lists_events_and_locations_with_object_type(city, snippet_flow):
    event = make_event(city)
    location = make_location(city)
    snippet_flow.translate(event, "en")
    entries = status_json(city, "--language", "en")
    by_type = {entry["object_type"]: entry for entry in entries}
    assert set(by_type) == {"page", "event", "location"}
    assert by_type["page"]["page_id"] == city.pk
    assert by_type["event"] == {
        **by_type["event"],
        "page_id": event.pk,
        "title": "Sprachcafé",
        "status": "up_to_date",
        "translation_page_id": snippet_flow.translation(event, "en").pk,
        "url_path": None,
    }
    assert by_type["location"]["page_id"] == location.pk
    assert by_type["location"]["translation_page_id"] is None
    assert by_type["location"]["status"] == "missing"
    up_to_date = status_json(city, "--status", "up_to_date")
    assert [
        (e["object_type"], e["language"]) for e in up_to_date if e["object_type"] != "page"
    ] == [("event", "en")]


def test_command_table_shows_object_type(city):
    make_event(city, title="Lesekreis")
    out = StringIO()
    call_command("translation_status", "--city", city.slug, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[-1] == "object_type"
    assert any(line.split()[-1] == "event" and "Lesekreis" in line for line in lines)


def test_event_moved_to_another_city_takes_its_rows_along(city, city_factory, snippet_flow):
    other = city_factory("nuernberg", "Nürnberg", ("de", "fa"))
    event = make_event(city)
    snippet_flow.edit(event, city=other)
    rows = TranslationStatus.objects.filter(translation_key=event.translation_key)
    assert sorted(rows.values_list("target_locale__language_code", "city_id")) == [("fa", other.pk)]
    assert_rebuild_agrees(city)
    assert_rebuild_agrees(other)


def test_report_summary_counts_pages_only(city, admin_client):
    make_event(city)
    make_location(city)
    from localization.report_data import summary

    totals = {
        entry["locale"].language_code: entry["total"]
        for entry in summary(city, [loc("en"), loc("ar")])
    }
    assert totals == {"en": 1, "ar": 1}


@pytest.mark.parametrize("codes", [("de", "en"), ("de", "en", "ar", "fa", "uk", "tr", "fr")])
def test_publishing_a_source_event_updates_status_in_few_queries(
    city_factory, codes, django_assert_max_num_queries
):
    city = city_factory("augsburg", "Augsburg", codes)
    event = make_event(city)
    event.title = "Neu"
    revision = event.save_revision()
    with django_assert_max_num_queries(10):
        tracking.source_published(event, revision)
    assert (
        TranslationStatus.objects.filter(
            translation_key=event.translation_key, source_revision=revision
        ).count()
        == len(codes) - 1
    )


def test_snippets_of_tracked_models_only():
    assert {Event, Location, NewsItem} == {kind.model for kind in registry.snippet_kinds()}

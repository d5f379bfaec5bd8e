"""A status editors can trust (issue 11): untranslated copies are incomplete, a minor save
cannot hide a real change, "in translation" can be cancelled, and an outdated translation's
editor shows the new source text at once. After each step `--rebuild` finds no differences."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageLogEntry
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from localization import audit, tracking
from localization.minor_edit import save_revision_as_minor_edit
from localization.models import MinorEdit, TranslationStatus
from localization.recompute import differences, expected_city_rows
from localization.xliff import selection
from localization.xliff.adapter import sources
from tests.conftest import make_page
from tests.events.factories import make_event, make_location
from tests.localization.conftest import loc

pytestmark = pytest.mark.usefixtures("in_english")


def assert_rebuild_agrees(city):
    stored = TranslationStatus.objects.filter(city_id=city.pk)
    problems = differences(stored, expected_city_rows(city))
    assert problems == []


def stored_row(obj, code):
    return TranslationStatus.objects.get(
        translation_key=obj.translation_key, target_locale=loc(code)
    )


def status_json(city, *args):
    out = StringIO()
    call_command("translation_status", "--city", city.slug, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def report_cell(html, page, code):
    """The report's cell of one page and language (the row starts at the page's edit link)."""
    row = html[html.index(reverse("wagtailadmin_pages:edit", args=[page.pk])) :]
    row = row[: row.index("</tr>")]
    cell = row[row.index(f'<td data-language="{code}">') :]
    return cell[: cell.index("</td>")]


def submit_translation(client, page, *codes):
    """wagtail-localize's "Translate this page" (its submit view), as an editor uses it."""
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [loc(code).pk for code in codes]},
    )
    assert response.status_code == 302


def translate_some_segments(page, code, count):
    """A translator translates the first `count` string segments in wagtail-localize."""
    source = TranslationSource.objects.get_for_instance(page)
    segments = StringSegment.objects.filter(source=source).select_related("string")
    for segment in segments.order_by("order")[:count]:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=loc(code),
            context_id=segment.context_id,
            data=f"[{code}] {segment.string.data}",
        )
    return segments.count()


# ---------------------------------------------------------------------------------------------
# Untranslated copies are incomplete


def test_translate_this_page_makes_an_incomplete_copy_not_an_up_to_date_one(
    client, augsburg, page_factory, user_factory, on_commit, flow
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Wohnen")
    complete = page_factory(augsburg, "Fertig übersetzt")
    flow.translate(complete, "en")
    with on_commit():
        submit_translation(client, page, "en")

    row = stored_row(page, "en")
    assert (row.status, row.translated_share, row.translation_live) == ("incomplete", 0.0, True)

    report_url = reverse("cityguide_translation_report", args=[augsburg.slug])
    cell = report_cell(client.get(report_url).content.decode(), page, "en")
    assert 'data-status="incomplete"' in cell
    assert 'data-translated-share="0.0"' in cell
    assert "0 % translated" in cell
    filtered = client.get(f"{report_url}?status=incomplete&language=en").context["object_list"]
    assert page.pk in [item.pk for item in filtered]
    assert complete.pk not in [item.pk for item in filtered]

    entry = next(e for e in status_json(augsburg, "--language", "en") if e["page_id"] == page.pk)
    assert (entry["status"], entry["translated_share"]) == ("incomplete", 0.0)
    assert [e["page_id"] for e in status_json(augsburg, "--status", "incomplete")].count(
        page.pk
    ) == 1
    assert_rebuild_agrees(augsburg)


def test_a_partly_translated_copy_reports_its_share_and_a_full_one_is_up_to_date(
    augsburg, page_factory, flow
):
    page = page_factory(augsburg, "Arbeit", teaser="Arbeit finden")
    flow.translate(page, "en", untranslated=True)
    total = translate_some_segments(page, "en", 1)
    assert total > 1
    flow.sync(page, "en", translate=False)
    row = stored_row(page, "en")
    assert (row.status, row.translated_share) == ("incomplete", 1 / total)
    assert_rebuild_agrees(augsburg)

    flow.sync(page, "en")  # every segment translated
    row = stored_row(page, "en")
    assert (row.status, row.translated_share) == ("up_to_date", 1.0)
    assert_rebuild_agrees(augsburg)


def test_the_panel_and_the_explorer_badge_show_an_incomplete_translation(
    client, augsburg, page_factory, user_factory, flow
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Sprachkurs")
    flow.translate(page, "en", untranslated=True)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    entry = html[html.index('<li data-language="en" data-status="incomplete">') :]
    assert "Incomplete: 0 % translated" in entry[: entry.index("</li>")]

    listing = client.get(reverse("wagtailadmin_explore", args=[augsburg.pk])).content.decode()
    assert "Translations: 1 incomplete, 2 missing" in listing


def test_marking_an_incomplete_translation_up_to_date_keeps_it_incomplete(
    client, augsburg, page_factory, user_factory, flow
):
    """The mark moves the synced version only: German that readers see stays counted."""
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Ämter")
    flow.translate(page, "en", untranslated=True)
    flow.edit(page, "Ämter und Behörden")
    assert stored_row(page, "en").status == "outdated"

    response = client.post(reverse("cityguide_mark_up_to_date", args=[page.pk, "en"]), follow=True)
    row = stored_row(page, "en")
    assert (row.status, row.translated_share) == ("incomplete", 0.0)
    assert "only 0 % of it is translated" in response.content.decode()
    assert_rebuild_agrees(augsburg)


def test_export_of_stale_pages_includes_incomplete_translations(augsburg, page_factory, flow):
    complete = page_factory(augsburg, "Fertig")
    partial = page_factory(augsburg, "Halb")
    flow.translate(complete, "en")
    flow.translate(partial, "en", untranslated=True)
    chosen = selection.select(augsburg, [loc("en")], "stale")
    assert (partial.pk, "en") in {(page.pk, locale.language_code) for page, locale in chosen}
    assert (complete.pk, "en") not in {(page.pk, lc.language_code) for page, lc in chosen}
    assert [page.pk for page, _loc in selection.select(augsburg, [loc("en")], "incomplete")] == [
        augsburg.pk,  # the city root: an untranslated copy too
        partial.pk,
    ]


# ---------------------------------------------------------------------------------------------
# A minor save cannot hide a real change


@pytest.mark.parametrize(
    ("build", "change"),
    [
        (lambda city: make_page(city, "Minor").specific, {"title": "Neu"}),
        (make_event, {"title": "Neuer Termin"}),
        (make_location, {"name": "Neuer Ort"}),
    ],
    ids=["page", "event", "location"],
)
def test_a_minor_save_after_a_real_draft_change_publishes_as_a_real_change(
    augsburg, flow, build, change
):
    obj = build(augsburg)
    flow.translate(obj, "en")
    assert tracking.get_status(obj, loc("en")) == "up_to_date"

    obj = type(obj).objects.get(pk=obj.pk)
    for name, value in change.items():
        setattr(obj, name, value)
    obj.save_revision()  # the real change, as a draft
    obj = type(obj).objects.get(pk=obj.pk)
    obj = obj.get_latest_revision_as_object()
    with flow.on_commit():
        revision = save_revision_as_minor_edit(obj)  # ticked "minor edit" afterwards
        revision.publish()

    assert not MinorEdit.objects.filter(revision_id=revision.pk).exists()
    assert tracking.get_status(obj, loc("en")) == "outdated"
    assert_rebuild_agrees(augsburg)


def test_minor_saves_after_the_live_revision_stay_minor(augsburg, page_factory, flow):
    page = page_factory(augsburg, "Tippfehler")
    flow.translate(page, "en")
    page = page.specific
    page.teaser = "Tipfehler"
    save_revision_as_minor_edit(page)
    page.teaser = "Tippfehler"
    with flow.on_commit():
        save_revision_as_minor_edit(page).publish()
    assert tracking.get_status(page, loc("en")) == "up_to_date"
    assert_rebuild_agrees(augsburg)


# ---------------------------------------------------------------------------------------------
# Cancel "in translation": report, panel, command


def sent(page, *codes):
    tracking.mark_in_translation(page, [loc(code) for code in codes])


def cancelled_entries(page):
    return list(
        PageLogEntry.objects.filter(page_id=page.pk, action=audit.TRANSLATION_CANCELLED).values(
            "user__username", "data"
        )
    )


def test_editor_cancels_from_the_report(client, augsburg, page_factory, user_factory, flow):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Kita")
    flow.translate(page, "en")
    sent(page, "en", "ar")
    report = client.get(reverse("cityguide_translation_report", args=[augsburg.slug]))
    cell = report_cell(report.content.decode(), page, "en")
    assert reverse("cityguide_cancel_translations", args=[augsburg.slug]) in cell
    assert f'name="item" value="{page.pk}:en"' in cell

    response = client.post(
        reverse("cityguide_cancel_translations", args=[augsburg.slug]),
        {"item": [f"{page.pk}:en", f"{page.pk}:ar"]},
    )
    assert response.status_code == 302
    assert response.url == reverse("cityguide_translation_report", args=[augsburg.slug])
    assert (stored_row(page, "en").status, stored_row(page, "ar").status) == (
        "up_to_date",
        "missing",
    )
    assert cancelled_entries(page) == [
        {"user__username": "lena", "data": {"locales": ["en", "ar"]}}
    ]
    assert_rebuild_agrees(augsburg)


def test_cancel_from_the_report_is_refused_for_another_citys_editor(
    client, augsburg, nuernberg, page_factory, user_factory
):
    page = page_factory(augsburg, "Bad")
    sent(page, "en")
    client.force_login(user_factory("jonas", city=nuernberg))
    url = reverse("cityguide_cancel_translations", args=[augsburg.slug])
    assert client.post(url, {"item": [f"{page.pk}:en"]}).status_code == 403
    # Nor through their own city's door with a page of Augsburg:
    own = reverse("cityguide_cancel_translations", args=[nuernberg.slug])
    client.post(own, {"item": [f"{page.pk}:en"]})
    assert stored_row(page, "en").status == "in_translation"
    assert cancelled_entries(page) == []


def test_cancel_from_the_report_needs_a_post(client, augsburg, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    url = reverse("cityguide_cancel_translations", args=[augsburg.slug])
    assert client.get(url).status_code == 405


def test_editor_cancels_from_the_page_panel(client, augsburg, page_factory, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Bücherei")
    sent(page, "en", "ar")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    url = f"{reverse('cityguide_cancel_translations', args=[augsburg.slug])}?return_to={edit_url}"
    html = client.get(edit_url).content.decode()
    at = html.index('data-cityguide-cancel="ar"')
    button = html[html.rindex("<button", 0, at) : html.index("</button>", at)]
    assert f'name="item" value="{page.pk}:ar"' in button
    assert f'formaction="{url}"' in button

    # The button submits the page editor's form (its fields come along) with itself as item.
    response = client.post(url, {"title": "ignored", "item": f"{page.pk}:ar"})
    assert response.status_code == 302
    assert response.url == edit_url
    assert (stored_row(page, "en").status, stored_row(page, "ar").status) == (
        "in_translation",
        "missing",
    )
    assert cancelled_entries(page) == [{"user__username": "lena", "data": {"locales": ["ar"]}}]
    assert_rebuild_agrees(augsburg)


def test_cancel_from_the_panel_is_refused_for_another_citys_editor(
    client, augsburg, nuernberg, page_factory, user_factory
):
    page = page_factory(augsburg, "Museum")
    sent(page, "en")
    client.force_login(user_factory("jonas", city=nuernberg))
    url = reverse("cityguide_cancel_translations", args=[augsburg.slug])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.post(f"{url}?return_to={edit_url}", {"item": f"{page.pk}:en"}).status_code == 403
    assert stored_row(page, "en").status == "in_translation"


def test_cancel_of_a_language_not_in_translation_says_so_and_writes_nothing(
    client, augsburg, page_factory, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Park")
    sent(page, "en")
    response = client.post(
        reverse("cityguide_cancel_translations", args=[augsburg.slug]),
        {"item": [f"{page.pk}:en", f"{page.pk}:ar"]},
        follow=True,
    )
    assert "“Park” is not in translation into" in response.content.decode()
    assert stored_row(page, "en").status == "in_translation"
    assert cancelled_entries(page) == []


def test_command_cancels_chosen_languages(augsburg, page_factory):
    page = page_factory(augsburg, "Zoo")
    sent(page, "en", "ar", "fa")
    out = StringIO()
    call_command(
        "translation_status",
        "--cancel",
        "--city",
        augsburg.slug,
        "--page",
        str(page.pk),
        "--language",
        "en",
        "--language",
        "fa",
        stdout=out,
    )
    assert "Cancelled the translation of 'Zoo' into en, fa" in out.getvalue()
    assert [stored_row(page, code).status for code in ("en", "ar", "fa")] == [
        "missing",
        "in_translation",
        "missing",
    ]
    assert cancelled_entries(page) == [{"user__username": None, "data": {"locales": ["en", "fa"]}}]
    assert_rebuild_agrees(augsburg)


def test_command_refuses_to_cancel_what_is_not_in_translation_or_of_another_city(
    augsburg, nuernberg, page_factory
):
    page = page_factory(augsburg, "Theater")
    other = page_factory(nuernberg, "Oper")
    sent(other, "en")
    args = ["translation_status", "--cancel", "--city", augsburg.slug, "--language", "en"]
    with pytest.raises(CommandError, match="“Theater” is not in translation into English"):
        call_command(*args, "--page", str(page.pk))
    with pytest.raises(CommandError, match=f"Page {other.pk} is not a source page of Augsburg"):
        call_command(*args, "--page", str(other.pk))
    assert stored_row(other, "en").status == "in_translation"
    assert cancelled_entries(page) == cancelled_entries(other) == []


# ---------------------------------------------------------------------------------------------
# Outdated -> edit in one step


def source_strings(page):
    source = TranslationSource.objects.get_for_instance(page)
    return set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))


def test_a_real_publish_refreshes_the_strings_translators_see(augsburg, page_factory, flow):
    page = page_factory(augsburg, "Anmeldung")
    flow.translate(page, "en")
    flow.edit(page, "Anmeldung beim Bürgerbüro")
    assert "Anmeldung beim Bürgerbüro" in source_strings(page)
    assert "Anmeldung" not in source_strings(page)
    assert stored_row(page, "en").status == "outdated"
    assert_rebuild_agrees(augsburg)


def test_a_minor_publish_leaves_the_strings_translators_see(augsburg, page_factory, flow):
    page = page_factory(augsburg, "Müll")
    flow.translate(page, "en")
    flow.edit(page, "Müll trennen", minor=True)
    assert "Müll" in source_strings(page)
    assert stored_row(page, "en").status == "up_to_date"


def test_what_changed_says_what_to_do_next(client, augsburg, page_factory, user_factory, flow):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Strom")
    flow.translate(page, "en")
    flow.edit(page, "Strom und Gas")
    html = client.get(reverse("cityguide_translation_diff", args=[page.pk, "en"])).content
    assert "the new source text is already there" in html.decode().lower()


def test_what_changed_never_writes_a_status_row(client, augsburg, page_factory, user_factory, flow):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Wasser")
    flow.translate(page, "en")
    flow.edit(page, "Wasser und Abwasser")
    TranslationStatus.objects.filter(translation_key=page.translation_key).delete()
    response = client.get(reverse("cityguide_translation_diff", args=[page.pk, "en"]))
    assert response.status_code == 200
    assert not TranslationStatus.objects.filter(translation_key=page.translation_key).exists()
    assert 'data-status="outdated"' in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Budget: a source publish's status work whatever the number of languages


@pytest.mark.parametrize("codes", [("de", "en"), ("de", "en", "ar", "fa", "uk", "tr", "fr")])
def test_status_work_of_a_source_publish_stays_within_budget_and_the_refresh_is_apart(
    city_factory, codes, monkeypatch, flow
):
    city = city_factory("augsburg", "Augsburg", codes)
    page = make_page(city, "Budget")
    flow.translate(page, *codes[1:])
    page = Page.objects.get(pk=page.pk).specific
    page.title = "Budget neu"
    revision = page.save_revision()
    page.save()  # what a publish saves before it says so (the refresh reads the saved page)

    refresh = {}
    real_refresh = sources.refresh_sources

    def counted_refresh(instances, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            result = real_refresh(instances, **kwargs)
        refresh["queries"] = len(queries)
        return result

    monkeypatch.setattr(sources, "refresh_sources", counted_refresh)
    with CaptureQueriesContext(connection) as total:
        tracking.source_published(page, revision)
    status_queries = len(total) - refresh["queries"]
    print(f"languages={len(codes) - 1} status={status_queries} refresh={refresh['queries']}")
    assert status_queries <= 10
    assert refresh["queries"] <= 35  # measured: 30, whatever the number of languages
    assert "Budget neu" in source_strings(page)

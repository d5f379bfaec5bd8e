"""What the admin costs a city editor in queries (issue 17): the explorer the same at any
number of children, the page editor and a publish under their budgets, at two sizes.

wagtail-localize's row buttons are answered by the listing's own query here
(`localization.wagtail_hooks.localize_buttons`): they must stay the buttons it shows."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.search.index import insert_or_update_object
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from guides.editor_home import editor_home_page, editor_home_page_id
from guides.models import GuidePage
from guides.pdf.wagtail_hooks import pdf_url
from guides.tenancy import editor_city_roots
from localization.wagtail_hooks import annotate_localize_buttons, localize_buttons
from tests.conftest import city_translation, make_page, make_user
from tests.shared import run_on_commit, shared_fixture

#: Budgets of issue 17 for a city editor.
EXPLORER_QUERIES = 30
EDITOR_QUERIES = 40
PUBLISH_QUERIES = 80
SIZES = (5, 15)


@shared_fixture("augsburg")
def sections(augsburg):
    """Two sections with 5 and 15 children; in each, the first two children are translated
    into English (one of them with its translation disabled), the rest are not."""
    english = Locale.objects.get(language_code="en")
    made = []
    for n in SIZES:
        section = make_page(augsburg, f"Bereich {n}")
        for i in range(n):
            child = make_page(section, f"Bereich {n} Seite {i}")
            if i < 2:
                with run_on_commit():
                    translate_object(child, [english])
            if i == 1:
                Translation.objects.filter(source__object_id=child.translation_key).update(
                    enabled=False
                )
        made.append(section)
    return made


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, *([data] if data is not None else []))
    return response, len(queries)


REVISION_SELECT = 'SELECT "wagtailcore_revision"'


def explorer_queries(client, augsburg, sections):
    client.force_login(make_user("lena", city=augsburg))
    counts = {}
    for section, n in zip(sections, SIZES, strict=True):
        url = reverse("wagtailadmin_explore", args=[section.pk])
        client.get(url)  # content types and site root paths, cached once per process
        response, counts[n] = count_queries(client, "get", url)
        assert response.status_code == 200
        html = response.content.decode()
        for child in section.get_children():
            assert reverse("wagtailadmin_pages:edit", args=[child.pk]) in html
    return counts


def test_explorer_queries_do_not_grow_with_the_children(client, augsburg, sections):
    counts = explorer_queries(client, augsburg, sections)
    assert counts[SIZES[0]] == counts[SIZES[1]], counts


def test_explorer_stays_under_its_budget(client, augsburg, sections):
    counts = explorer_queries(client, augsburg, sections)
    assert max(counts.values()) <= EXPLORER_QUERIES, counts


def test_explorer_reads_its_page_once_and_still_shows_its_state(client, augsburg, sections):
    """The explorer fetches its page with its locale and revisions in one specific query
    (`guides.admin_page_fetch.explorer_parent`): its header and status side panel still show
    a scheduled publish and the page's language."""
    section = sections[0]
    revision = section.specific.save_revision(
        approved_go_live_at=timezone.now() + timedelta(days=3)
    )
    client.force_login(make_user("lena", city=augsburg))
    url = reverse("wagtailadmin_explore", args=[section.pk])
    response = client.get(url)
    view = response.context["view"]
    assert view.scheduled_page is not None
    assert view.scheduled_page.latest_revision_id == revision.pk
    assert view.locale.language_code == "de"
    unscheduled = sections[1]
    client.get(reverse("wagtailadmin_explore", args=[unscheduled.pk]))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_explore", args=[unscheduled.pk]))
    assert response.context["view"].scheduled_page is None
    assert response.context["view"].locale.language_code == "de"
    assert not [q for q in queries if q["sql"].startswith(REVISION_SELECT)]
    # The page's own locale, as a foreign key reads it (`.get(id=…)`): joined to the page.
    # (The rows' locales are prefetched for all rows at once.)
    locale_by_id = 'FROM "wagtailcore_locale" WHERE "wagtailcore_locale"."id" = '
    assert not [q for q in queries if locale_by_id in q["sql"] and "LIMIT" in q["sql"]]


def test_explorer_rows_share_the_requests_site_root_paths(client, augsburg, sections):
    """Wagtail's "View live" row button reads each row's URL without the request: each row
    would fetch the site root paths from the cache (Redis in production) on its own."""
    client.force_login(make_user("lena", city=augsburg))
    url = reverse("wagtailadmin_explore", args=[sections[1].pk])
    client.get(url)
    with mock.patch.object(Site, "get_site_root_paths", wraps=Site.get_site_root_paths) as read:
        response = client.get(url)
    assert response.status_code == 200
    assert read.call_count == 1
    live = [child.specific.url for child in sections[1].get_children()]
    assert all(f'href="{url}"' in response.content.decode() for url in live)


def test_editors_city_answers_the_print_button_and_home_without_a_query(augsburg, sections):
    """The "Print / PDF" button (header and rows) and the "Pages" menu's start ask for the
    editor's own city on every admin page: the city roots the request remembers answer them."""
    user = make_user("lena", city=augsburg)
    english_city = city_translation(augsburg, "en")
    english_page = Page.objects.get(
        translation_key=sections[0].get_children().first().translation_key,
        locale__language_code="en",
    ).specific
    pages = [sections[0].specific, english_page, augsburg, english_city]
    expected = [pdf_url(page) for page in pages]
    homes = {code: editor_home_page(user, code).pk for code in ("de", "en", "uk")}
    del user._cityguide_editor_home
    editor_city_roots(user)  # what the admin guard fetches first in every admin request

    with CaptureQueriesContext(connection) as queries:
        assert [pdf_url(page, user) for page in pages] == expected
        assert {code: editor_home_page_id(user, code) for code in homes} == homes
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert "/en/" in expected[1] and homes == {
        "de": augsburg.pk,
        "en": english_city.pk,
        "uk": augsburg.pk,  # Augsburg has no Ukrainian: its source copy
    }


def test_explorer_fetches_nothing_it_does_not_show(client, augsburg, sections):
    """Neither the rows' parent pages (for a column the explorer hides) nor the sites rooted at
    each row (the site-root state is an annotation of the listing)."""
    client.force_login(make_user("lena", city=augsburg))
    url = reverse("wagtailadmin_explore", args=[sections[0].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    rows_parent = f'"wagtailcore_page"."path" IN (\'{sections[0].path}\')'
    rows_sites = '"wagtailcore_site"."root_page_id" IN'
    fetched = [q["sql"] for q in queries if rows_parent in q["sql"] or rows_sites in q["sql"]]
    assert fetched == []


def test_explorer_inside_the_editors_city_lists_children_without_a_permission_subquery(
    client, augsburg, sections
):
    """The editor may explore all of their city: the listing needs no subquery of every page
    they may explore (Wagtail's), and shows the same children."""
    client.force_login(make_user("lena", city=augsburg))
    section = sections[1]
    url = reverse("wagtailadmin_explore", args=[section.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    listed = [page.pk for page in response.context["pages"]]
    assert sorted(listed) == sorted(section.get_children().values_list("pk", flat=True))
    rows = f'"wagtailcore_page"."depth" = {section.depth + 1}'
    (count,) = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)") and rows in q["sql"]
    ]
    assert "IN (SELECT" not in count, count


def _buttons(buttons):
    return [(b.label, b.url, b.icon_name, b.priority) for b in buttons]


def test_row_buttons_are_wagtail_localizes_own(augsburg, sections, in_english):
    """For every row (untranslated, translated, translation disabled) the batched buttons are
    the ones wagtail-localize's hook, which it replaces, yields."""
    user = make_user("lena", city=augsburg)
    more = [fn for fn in hooks.get_hooks("register_page_listing_more_buttons")]
    header = [fn for fn in hooks.get_hooks("register_page_header_buttons")]
    assert localize_hooks.page_listing_more_buttons not in more + header
    assert localize_buttons in more and localize_buttons in header

    seen = set()
    for section in sections:
        next_url = reverse("wagtailadmin_explore", args=[section.pk])
        rows = annotate_localize_buttons(Page.objects.child_of(section).specific())
        for page in [*rows, section.specific]:  # a row, and the header's page on its own
            ours = _buttons(localize_buttons(page, user, next_url=next_url))
            page = Page.objects.get(pk=page.pk).specific
            theirs = _buttons(
                localize_hooks.page_listing_more_buttons(page, user, next_url=next_url)
            )
            assert ours == theirs, page.title
            seen.add(tuple(label for label, *_rest in ours))
    assert {("Translate this page", "Sync translated pages"), ("Translate this page",)} <= seen


def edited_page(client, augsburg, sections, size):
    """The first child of a section: translated into English, its statuses tracked."""
    client.force_login(make_user("lena", city=augsburg))
    page = sections[SIZES.index(size)].get_children().first().specific
    return page, reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.parametrize("size", SIZES)
def test_page_editor_stays_under_its_budget(client, augsburg, sections, size):
    _page, url = edited_page(client, augsburg, sections, size)
    client.get(url)
    response, editor = count_queries(client, "get", url)
    assert response.status_code == 200
    assert editor <= EDITOR_QUERIES, editor


def test_page_editor_reads_the_pages_revision_once(client, augsburg, sections):
    """The edited copy of the page shares the latest revision its record has read (and, when
    it is also the live one, as the live revision): the status side panel reads no revision
    again (`guides.admin_page_fetch.share_revisions`)."""
    page, url = edited_page(client, augsburg, sections, SIZES[0])
    assert page.live_revision_id == page.latest_revision_id
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    by_id = f'"wagtailcore_revision"."id" = {page.latest_revision_id}'
    reads = [
        q["sql"] for q in queries if q["sql"].startswith(REVISION_SELECT) and by_id in q["sql"]
    ]
    assert len(reads) == 1, reads


def test_page_editor_queries_do_not_grow_with_the_languages(client, augsburg, sections):
    """The editor's language switcher lists every translation the editor may edit: the same
    queries for a page translated into one language and one translated into three."""
    client.force_login(make_user("lena", city=augsburg))
    others = [Locale.objects.get(language_code=code) for code in ("en", "ar", "fa")]
    one, three = sections[1].get_children().specific()[2:4]
    with run_on_commit():
        translate_object(one, others[:1])
        translate_object(three, others)
    counts = {}
    for page in (one, three):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        client.get(url)
        response, counts[page.title] = count_queries(client, "get", url)
        assert response.status_code == 200
        html = response.content.decode()
        for translation in page.get_translations():
            assert reverse("wagtailadmin_pages:edit", args=[translation.pk]) in html
    assert counts[one.title] == counts[three.title], counts


def publish(client, page, url, teaser):
    """The editor's "Publish" of the page with a new teaser: the response and its queries."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "teaser": teaser,
            "body": streamfield([("paragraph", rich_text("<p>Text <b>fett</b>.</p>"))]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    with run_on_commit(), CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    return response, queries


def test_publish_with_its_jobs_run_inline_does_not_grow_with_the_children(
    client, augsburg, sections
):
    """With the immediate task backend (development, tests) the publish also runs the jobs
    production queues for the worker (search and reference indexes, API objects): that count
    is not the budget's, but it is the same in either section."""
    edited_page(client, augsburg, sections, SIZES[0])  # logs the editor in
    counts = {}
    for section, size in zip(sections, SIZES, strict=True):
        page = section.get_children().first().specific
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        # Texts of its own in each section: wagtail-localize stores a string once.
        publish(client, page, url, f"Erste Fassung ({size}).")
        response, queries = publish(client, page, url, f"Zweite Fassung ({size}).")
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.teaser == f"Zweite Fassung ({size})." and page.live
        counts[size] = len(queries)
    assert counts[SIZES[0]] == counts[SIZES[1]], counts


def test_publish_as_production_runs_it_stays_under_its_budget(
    client, augsburg, sections, database_tasks
):
    """The publish request with production's task backend (its jobs wait for the worker), as
    `benchmarks/admin_pages.py` counts it: the same queries in either section, within budget."""
    edited_page(client, augsburg, sections, SIZES[0])  # logs the editor in
    counts = {}
    for section, size in zip(sections, SIZES, strict=True):
        page = section.get_children().first().specific
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        publish(client, page, url, "Erste Fassung.")
        response, queries = publish(client, page, url, "Zweite Fassung.")
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.teaser == "Zweite Fassung." and page.live
        counts[size] = len(queries)
    assert counts[SIZES[0]] == counts[SIZES[1]], counts
    assert counts[SIZES[0]] <= PUBLISH_QUERIES, counts


INDEX_TABLES = ("wagtailsearch_indexentry", "wagtailcore_referenceindex")


def _index_statements(queries):
    return [q["sql"] for q in queries if any(table in q["sql"] for table in INDEX_TABLES)]


def test_publish_updates_the_search_and_reference_indexes_once(client, augsburg, sections):
    """Saving the new revision writes only the draft's bookkeeping: the page is indexed when
    the publish saves its content, not before as well."""
    page, url = edited_page(client, augsburg, sections, SIZES[0])
    publish(client, page, url, "Erste Fassung.")
    page.refresh_from_db()
    with CaptureQueriesContext(connection) as once:
        insert_or_update_object(page)
        ReferenceIndex.create_or_update_for_object(page)

    response, queries = publish(client, page, url, "Zweite Fassung mit Quokka.")

    assert response.status_code == 302
    assert len(_index_statements(queries)) == len(_index_statements(once.captured_queries))
    assert list(GuidePage.objects.live().search("Quokka")) == [page]

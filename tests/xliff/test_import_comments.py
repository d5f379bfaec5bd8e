"""Page comments and the XLIFF import (issue 17: fewer round trips per file).

A page's comments are part of its content JSON (the TranslationSource's) and of every revision
Wagtail saves: the import reads the sources' comments once per batch and a target's only when
it has any, and keeps every comment where it was."""

import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import COMMENTS_RELATION_NAME as NAME
from wagtail.models import Comment, Locale, Page

from localization.xliff.adapter import object_key, refresh_sources
from localization.xliff.export import export_pairs
from localization.xliff.importer import import_upload
from tests.conftest import make_page
from tests.xliff.helpers import fill_targets


def _comment(page, text):
    user, _created = get_user_model().objects.get_or_create(username="kommentar")
    return Comment.objects.create(
        page=page,
        user=user,
        text=text,
        contentpath="title",
        revision_created=page.latest_revision,
    )


def _upload(pages, prefix):
    en = Locale.objects.get(language_code="en")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in export_pairs([(page, en) for page in pages], mark=False):
            content = fill_targets(item.content, "1.2", lambda text: f"{prefix} {text}")
            archive.writestr(item.filename, content)
    return buffer.getvalue()


def _comment_statements(queries):
    """Statements that read comments (not those that only ask whether there are any)."""
    return sum(query["sql"].startswith('SELECT "wagtailcore_comment"') for query in queries)


def _fresh(pages):
    return [Page.objects.get(pk=page.pk).specific for page in pages]


def test_a_source_refresh_reads_the_comments_of_all_pages_at_once(augsburg):
    counts = {}
    for size in (2, 4):
        pages = [make_page(augsburg, f"Quelle {size} {n}") for n in range(size)]
        with CaptureQueriesContext(connection) as ctx:
            refresh_sources(_fresh(pages))
        counts[size] = _comment_statements(ctx.captured_queries)
    assert counts == {2: 1, 4: 1}, counts


def test_a_source_refresh_keeps_the_comments_in_the_content_and_forgets_them_after(augsburg):
    commented, plain = make_page(augsburg, "Mit Kommentar"), make_page(augsburg, "Ohne")
    _comment(commented, "Bitte prüfen")
    pages = _fresh([commented, plain])
    sources = refresh_sources(pages)
    comments = {
        page.pk: [c["text"] for c in json.loads(sources[object_key(page)].content_json)[NAME]]
        for page in pages
    }
    assert comments == {commented.pk: ["Bitte prüfen"], plain.pk: []}
    # Nothing read for the JSON stays on the pages (a copy of one would carry it).
    assert all(NAME not in page._prefetched_objects_cache for page in pages)


def test_a_repeated_import_reads_no_comments_per_file(augsburg):
    counts = {}
    for size in (2, 4):
        pages = [make_page(augsburg, f"Wiederholt {size} {n}") for n in range(size)]
        import_upload("first.zip", _upload(pages, "EN"))
        with CaptureQueriesContext(connection) as ctx:
            results = import_upload("again.zip", _upload(pages, "EN2"))
        assert [result.outcome for result in results] == ["applied"] * size
        counts[size] = _comment_statements(ctx.captured_queries)
    assert counts[2] == counts[4], counts


def test_an_imported_revision_keeps_the_comments_of_its_translation_page(augsburg):
    page = make_page(augsburg, "Kommentierte Übersetzung")
    import_upload("first.zip", _upload([page], "EN"))
    target = Page.objects.get(translation_key=page.translation_key, locale__language_code="en")
    comment = _comment(target, "Übersetzung prüfen")

    [result] = import_upload("again.zip", _upload([page], "EN2"))

    assert result.outcome == "applied", result.line()
    target.refresh_from_db()
    content = target.latest_revision.content
    assert [c["text"] for c in content[NAME]] == ["Übersetzung prüfen"]
    assert content["title"].startswith("EN2 ")
    assert Comment.objects.filter(pk=comment.pk, page=target).exists()

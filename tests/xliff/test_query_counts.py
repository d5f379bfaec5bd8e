"""SQL queries grow with pages, never with segments (compare wagtail-localize#932)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from localization.xliff.export import export_pairs
from localization.xliff.importer import import_upload
from tests.conftest import make_page
from tests.xliff.helpers import fill_targets


def _pages(parent, count, paragraphs):
    body = [
        {"type": "paragraph", "value": f"<p>Absatz <b>{n}</b> mit <i>Text</i>.</p>"}
        for n in range(paragraphs)
    ]
    return [make_page(parent, f"Seite {paragraphs}-{n}", body=body) for n in range(count)]


def _export_queries(pages, en):
    pairs = [(page, en) for page in pages]
    export_pairs(pairs, mark=False)  # first run extracts the sources
    with CaptureQueriesContext(connection) as ctx:
        exported = export_pairs(pairs, mark=False)
    return len(ctx.captured_queries), exported


def test_export_queries_do_not_grow_with_segments_and_grow_linearly_with_pages(augsburg):
    en = Locale.objects.get(language_code="en")
    few_segments, _ = _export_queries(_pages(augsburg, 4, 2), en)
    many_segments, _ = _export_queries(_pages(augsburg, 4, 12), en)
    assert many_segments == few_segments

    eight_pages, _ = _export_queries(_pages(augsburg, 8, 2), en)
    per_page = (eight_pages - few_segments) / 4
    assert per_page == int(per_page) and per_page <= 10
    assert eight_pages == few_segments + 4 * per_page


def _import_queries(exported):
    content = fill_targets(exported.content, "1.2")
    import_upload("a.xlf", content)  # applies
    with CaptureQueriesContext(connection) as ctx:
        [result] = import_upload("a.xlf", content)
    assert result.outcome == "unchanged"
    return len(ctx.captured_queries)


def test_import_queries_do_not_grow_with_segments(augsburg):
    en = Locale.objects.get(language_code="en")
    _, [small] = _export_queries(_pages(augsburg, 1, 2), en)
    _, [large] = _export_queries(_pages(augsburg, 1, 15), en)
    assert _import_queries(small) == _import_queries(large)

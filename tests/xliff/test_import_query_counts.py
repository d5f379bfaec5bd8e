"""An XLIFF import costs the same statements for every file: a batch of more pages costs more
files' worth, never more per file (issue 17: batched writes, no per-unit round trips)."""

import io
import itertools
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from localization.xliff.export import export_pairs
from localization.xliff.importer import import_upload
from tests.conftest import make_page
from tests.xliff.helpers import fill_targets, make_image

SIZES = (2, 4, 6)
#: Statements per file of a repeated import (a new draft of an existing translation page),
#: measured on PostgreSQL and SQLite: file transaction and locks, the QA step, the strings,
#: the revision, the status tracking and the audit entry (issue 17: fewer round trips).
REPEATED_IMPORT_STATEMENTS = 18


def _pages(parent, count, label, paragraphs=2, **fields):
    body = [
        {"type": "heading", "value": f"Überschrift {label}"},
        {"type": "paragraph", "value": f"<p>Absatz <b>eins</b> zu {label}.</p>"},
        *(
            {"type": "paragraph", "value": f"<p>Absatz <i>{n}</i> mit Text.</p>"}
            for n in range(paragraphs - 1)
        ),
    ]
    return [make_page(parent, f"Seite {label} {n}", body=body, **fields) for n in range(count)]


def _upload(exported, prefix):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in exported:
            content = fill_targets(item.content, "1.2", lambda text: f"{prefix} {text}")
            archive.writestr(item.filename, content)
    return buffer.getvalue()


def _import_statements(data, outcome):
    with CaptureQueriesContext(connection) as ctx:
        results = import_upload("batch.zip", data)
    assert [result.outcome for result in results] == [outcome] * len(results), [
        result.line() for result in results
    ]
    return len(ctx.captured_queries)


def _per_file_steps(counts):
    """Statements each extra file cost between consecutive sizes."""
    return [
        (counts[bigger] - counts[smaller]) / (bigger - smaller)
        for smaller, bigger in itertools.pairwise(SIZES)
    ]


def test_first_import_costs_the_same_statements_per_file(augsburg):
    en = Locale.objects.get(language_code="en")
    # The English city gets a first child: treebeard places a leaf's first child without
    # looking for its last one, one statement less than every later child.
    [first] = export_pairs([(page, en) for page in _pages(augsburg, 1, "erste")], mark=False)
    import_upload("first.zip", _upload([first], "EN"))
    counts = {}
    for size in SIZES:
        pages = _pages(augsburg, size, f"neu{size}")
        exported = export_pairs([(page, en) for page in pages], mark=False)
        counts[size] = _import_statements(_upload(exported, "EN"), "applied")
        for page in pages:  # the import created every translation as a draft
            assert Page.objects.get(translation_key=page.translation_key, locale=en).live is False
    first, second = _per_file_steps(counts)
    assert first == second, counts


def test_repeated_import_costs_the_same_statements_per_file(augsburg):
    en = Locale.objects.get(language_code="en")
    counts = {}
    for size in SIZES:
        pages = _pages(augsburg, size, f"alt{size}")
        exported = export_pairs([(page, en) for page in pages], mark=False)
        import_upload("batch.zip", _upload(exported, "EN"))  # creates the translations
        exported = export_pairs([(page, en) for page in pages], mark=False)
        counts[size] = _import_statements(_upload(exported, "EN2"), "applied")
    first, second = _per_file_steps(counts)
    assert first == second, counts


def _repeated_import_statements(parent, pages, label, paragraphs=2, **fields):
    en = Locale.objects.get(language_code="en")
    pages = _pages(parent, pages, label, paragraphs, **fields)
    exported = export_pairs([(page, en) for page in pages], mark=False)
    import_upload("batch.zip", _upload(exported, "EN"))  # creates the translations
    exported = export_pairs([(page, en) for page in pages], mark=False)
    return _import_statements(_upload(exported, "EN2"), "applied")


def test_statements_per_file_do_not_grow_with_its_segments(augsburg):
    few = _repeated_import_statements(augsburg, 2, "kurz", paragraphs=2)
    many = _repeated_import_statements(augsburg, 2, "lang", paragraphs=12)
    assert few == many, (few, many)


def test_repeated_import_statements_per_file_stay_within_budget(augsburg):
    two = _repeated_import_statements(augsburg, 2, "zwei")
    four = _repeated_import_statements(augsburg, 4, "vier")
    assert (four - two) / 2 <= REPEATED_IMPORT_STATEMENTS, (two, four)


def test_import_takes_no_savepoint_of_its_own_per_file(augsburg):
    """Savepoints left per file are the file's own transaction (a savepoint here, inside the
    test's transaction) and Wagtail's (its save and save_revision are atomic), never the
    status tracking's or the audit log's."""
    en = Locale.objects.get(language_code="en")
    savepoints = {}
    for size in (2, 4):
        pages = _pages(augsburg, size, f"sp{size}")
        exported = export_pairs([(page, en) for page in pages], mark=False)
        import_upload("batch.zip", _upload(exported, "EN"))
        exported = export_pairs([(page, en) for page in pages], mark=False)
        with CaptureQueriesContext(connection) as ctx:
            import_upload("batch.zip", _upload(exported, "EN2"))
        savepoints[size] = sum(
            query["sql"].startswith("SAVEPOINT") for query in ctx.captured_queries
        )
    # An existing translation page: the file's transaction, then one revision (save_revision,
    # and the page row's save in it), nothing else.
    assert (savepoints[4] - savepoints[2]) / 2 == 3, savepoints


def test_the_target_is_locked_through_its_unique_key_without_sorting(augsburg):
    """The target row is locked by translation key and locale, unique together: an ORDER BY
    on the primary key (Django's `first()`) lets PostgreSQL walk the whole page table in key
    order when its statistics are not fresh, which cost 10 ms per file in the benchmark."""
    en = Locale.objects.get(language_code="en")
    pages = _pages(augsburg, 1, "sperre")
    import_upload("batch.zip", _upload(export_pairs([(pages[0], en)], mark=False), "EN"))
    data = _upload(export_pairs([(pages[0], en)], mark=False), "EN2")
    with CaptureQueriesContext(connection) as ctx:
        [result] = import_upload("batch.zip", data)
    assert result.outcome == "applied", result.line()
    locks = [
        query["sql"]
        for query in ctx.captured_queries
        if 'FROM "guides_guidepage"' in query["sql"] and "_cityguide_in_workflow" in query["sql"]
    ]
    assert len(locks) == 1, locks
    assert "ORDER BY" not in locks[0], locks[0]


def test_a_synchronised_reference_costs_no_statement_per_file(augsburg):
    """A translation page holds its source's icon (a synchronised field): the source's row
    holds it under the database's constraint, so validating the draft does not ask again."""
    plain = _repeated_import_statements(augsburg, 2, "ohne")
    with_icon = _repeated_import_statements(augsburg, 2, "symbol", icon=make_image("Symbol"))
    assert with_icon == plain, (plain, with_icon)


def test_the_translated_texts_are_compared_by_context_ids_not_by_a_join_per_file(augsburg):
    """The check under the lock that nobody changed the texts reads them through the ids of
    the file's contexts: a join from the contexts' object per file is planned, without
    fresh statistics, as a scan of every translation in the language."""
    en = Locale.objects.get(language_code="en")
    joins = {}
    for size in (2, 4):
        pages = _pages(augsburg, size, f"join{size}")
        import_upload("batch.zip", _upload(export_pairs([(p, en) for p in pages]), "EN"))
        data = _upload(export_pairs([(p, en) for p in pages], mark=False), "EN2")
        with CaptureQueriesContext(connection) as ctx:
            import_upload("batch.zip", data)
        joins[size] = sum(
            query["sql"].startswith('SELECT "wagtail_localize_stringtranslation"')
            and "JOIN" in query["sql"]
            for query in ctx.captured_queries
        )
    assert joins[2] == joins[4], joins

"""`load_demo_data` says what it does as it goes, writes nothing on a second run, and brings the
search and reference indexes up to date in one pass at the end."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail_localize.models import StringTranslation

from guides.models import CityPage, GuidePage
from localization.models import TranslationStatus

# One section with a subsection, its own "missing" and "outdated" cases: a quick load.
SECTION = "arrival"


def run_demo_load(*sections):
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo_data", *[f"--section={key}" for key in sections], stdout=out)
    return out.getvalue().splitlines()


def snapshot():
    """What a demo load writes: pages, revisions, log entries, translations and statuses."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "string translations": StringTranslation.objects.count(),
        "statuses": sorted(TranslationStatus.objects.values_list("pk", "status")),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_load_reports_its_steps_indexes_search_and_icons_then_writes_nothing_again():
    """One load (they cost most of a minute on a busy machine) for three things: the
    progress lines, the search and reference indexes brought up to date, and a second run
    that writes nothing."""
    first = run_demo_load(SECTION)

    assert first[0].startswith("Demo data files: 2 cities read and checked (")
    augsburg_steps = [line for line in first if line.startswith("Augsburg")]
    # the city page, its source pages, each of its 7 other languages, then icons and outdated
    assert augsburg_steps[0].startswith("Augsburg: city page created; translations written")
    assert augsburg_steps[1].startswith("Augsburg › de: guide pages: ")
    for code, line in zip(
        ["en", "ar", "fa", "uk", "tr", "fr", "ru"], augsburg_steps[2:9], strict=True
    ):
        assert line.startswith(f"Augsburg › {code}: guide page translations written now: ")
    assert augsburg_steps[9].startswith("Augsburg: icons added: ")
    pages = GuidePage.objects.filter(locale__language_code="de", path__startswith=augsburg_path())
    assert f"guide pages: {pages.count()} (new: {pages.count()})" in augsburg_steps[1]
    assert any(line.startswith("Nürnberg › uk: guide page translations") for line in first)
    assert any(line.startswith("Events, locations and news: events: ") for line in first)
    assert any(line.startswith("Search and reference indexes: up to date (") for line in first)
    assert first[-4] == "Demo accounts (for demonstration only):"
    every_step = [line for line in first if line.endswith(" s)")]
    assert len(every_step) == 1 + 10 + 6 + 1 + 1, "each step ends with its duration"

    assert_searchable_with_indexed_icons()

    written = snapshot()
    again = run_demo_load(SECTION)

    assert snapshot() == written
    assert "Augsburg: city page already there; translations written now: 0 of 7" in " ".join(again)
    for line in again:
        if "guide page translations written now:" in line:
            assert "written now: 0;" in line, line


def assert_searchable_with_indexed_icons():
    """The demo pages are searchable in their language and their icons' usage is indexed."""
    arabic = Locale.objects.get(language_code="ar")
    page = GuidePage.objects.filter(locale=arabic, depth=4).first()  # a top-level page
    word = max(page.title.split(), key=len)
    found = GuidePage.objects.live().filter(locale=arabic).search(word)
    assert page.pk in [hit.pk for hit in found]

    source = page.get_translation(Locale.get_default())
    assert source.icon_id is not None
    uses = ReferenceIndex.get_references_to(source.icon)
    assert uses.filter(object_id=str(source.pk)).exists()


@pytest.mark.django_db
def test_an_unknown_section_is_refused_before_anything_is_written():
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="No top-level section nonsense in the demo data"):
        run_demo_load("nonsense")

    assert Page.objects.count() == pages
    assert not CityPage.objects.exists()


def augsburg_path():
    return CityPage.objects.get(slug="augsburg", locale__language_code="de").path

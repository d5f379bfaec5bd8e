"""The glossary reaches the QA checks: a city's (or the shared) do-not-translate term that a
translation changes is a blocking finding on XLIFF import; another city's term is not."""

import pytest
from django.core.management import CommandError, call_command

from localization.qa.models import QAFinding
from tests.conftest import make_page
from tests.glossary.conftest import make_term
from tests.qa.conftest import translated_file

pytestmark = pytest.mark.usefixtures("in_english")

TEASER = "Das Jobcenter hilft bei der Arbeitssuche."
CHANGED = {TEASER: "The job centre helps you find work."}


def test_a_changed_do_not_translate_term_of_the_city_blocks_the_import(
    augsburg, write_file, capsys, on_commit
):
    page = make_page(augsburg, "Arbeit", teaser=TEASER)
    make_term("Jobcenter", city=augsburg, do_not_translate=True)
    path = write_file(translated_file(page, "en", CHANGED))

    with pytest.raises(CommandError, match="saved as drafts only"), on_commit():
        call_command("import_xliff", str(path), "--publish")

    assert "the term “Jobcenter” must stay untranslated" in capsys.readouterr().out
    finding = QAFinding.objects.get(translation_key=page.translation_key)
    assert (finding.code, finding.fact, finding.severity) == (
        "do_not_translate",
        "“Jobcenter”",
        "blocking",
    )


def test_the_shared_glossary_counts_and_another_citys_term_does_not(
    augsburg, nuernberg, write_file, on_commit
):
    page = make_page(augsburg, "Arbeit", teaser=TEASER)
    make_term("Jobcenter", city=nuernberg, do_not_translate=True)
    path = write_file(translated_file(page, "en", CHANGED))
    with on_commit():
        call_command("import_xliff", str(path), "--publish")
    assert not QAFinding.objects.filter(translation_key=page.translation_key).exists()

    make_term("Arbeitssuche", do_not_translate=True)  # shared
    again = write_file(translated_file(page, "en", CHANGED), name="again.xlf")
    with pytest.raises(CommandError, match="saved as drafts only"), on_commit():
        call_command("import_xliff", str(again), "--publish")
    assert QAFinding.objects.get(translation_key=page.translation_key).fact == "“Arbeitssuche”"

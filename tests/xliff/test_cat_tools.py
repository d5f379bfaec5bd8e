"""Round trips through real CAT tools (issue 15): translate-toolkit (a test-only dependency, GPL)
and OmegaT's console mode. Each exports with the options the tool needs, lets the tool write the
translation, imports the result and checks that the page shows it, links survive and the status
becomes up to date."""

import copy
import re
import subprocess

import pytest
from django.core.management import call_command
from lxml import etree
from translate.storage import xliff
from wagtail.models import Locale

from localization.status import Status
from localization.tracking import get_status
from tests.tools import require_omegat
from tests.xliff.helpers import do_import, export_one, translated
from tests.xliff.pages import list_page

#: The page's German text pieces (between inline tags) and their English.
ENGLISH = {
    "Liste": "List",
    "liste": "list",
    "Erster Absatz.": "First paragraph.",
    "Siehe ": "See the ",
    "Mietspiegel": "rent index",
    "Mehr unter ": "More at ",
    "Wohnen": "Housing",
    "Zweiter Absatz.": "Second paragraph.",
    "Kopf": "Heading",
}
#: The units' sources as text: OmegaT must see every one.
SOURCE_TEXTS = [
    "Liste",
    "liste",
    "Erster Absatz.",
    "Siehe Mietspiegel",
    "Mehr unter Wohnen",
    "Zweiter Absatz.",
    "Kopf",
]
OMEGAT_TIMEOUT = 60  # seconds per run; each takes about 5


@pytest.fixture
def page(augsburg, rich_page):
    return list_page(augsburg, linked=rich_page)


def _assert_translated(page, linked):
    en = Locale.objects.get(language_code="en")
    target = translated(page, "en")
    assert (target.title, target.slug) == ("List", "list")
    raw = target.body.raw_data
    assert raw[0]["value"] == (
        "<p>First paragraph.</p>"
        '<ul><li>See the <a href="https://example.org/miete">rent index</a></li>'
        f'<li>More at <a id="{linked.pk}" linktype="page">Housing</a></li></ul>'
        "<p>Second paragraph.</p>"
    )
    assert raw[1]["value"] == "Heading"
    assert get_status(page, en) == Status.UP_TO_DATE


def _english(element):
    """Translate a translate-toolkit rich string in place, text piece by text piece."""
    element.sub = [
        ENGLISH[part] if isinstance(part, str) else _english(part) for part in element.sub
    ]
    return element


def test_translate_toolkit_round_trip(page, rich_page):
    store = xliff.xlifffile.parsestring(export_one(page, "en", "1.2", mark=True).content)
    assert len(store.units) == 7
    for unit in store.units:
        unit.rich_target = [_english(copy.deepcopy(element)) for element in unit.rich_source]
    [result] = do_import(bytes(store), publish=True)
    assert result.outcome == "applied", result.message
    _assert_translated(page, rich_page)

    # The next export marks the translated, unchanged units final: the tool counts none fuzzy.
    again = xliff.xlifffile.parsestring(export_one(page, "en", "1.2").content)
    assert [(u.isapproved(), u.isfuzzy()) for u in again.units] == [(True, False)] * 7


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>de</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneGermanTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _omegat(omegat, project, config, *args):
    subprocess.run(
        [omegat, str(project), *args, f"--config-dir={config}"],
        check=True,
        capture_output=True,
        timeout=OMEGAT_TIMEOUT,
    )


def _omegat_english(text):
    """An OmegaT segment ("Siehe <g0>Mietspiegel</g0>") in English, its tags kept as they are."""
    return "".join(
        part if re.fullmatch(r"<[^>]+>", part) else ENGLISH[part]
        for part in re.split(r"(<[^>]+>)", text)
        if part
    )


def test_omegat_console_round_trip_of_a_prefill_source_export(page, rich_page, tmp_path):
    omegat = require_omegat()
    project, config = tmp_path / "project", tmp_path / "omegat-config"
    for folder in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(OMEGAT_PROJECT)
    call_command(
        "export_xliff",
        "--city=augsburg",
        "--language=en",
        f"--pages={page.pk}",
        "--prefill=source",
        f"--output={project / 'source' / 'liste.xlf'}",
    )

    # OmegaT lists the segments it sees, as it shows them (with its own tags), in a TMX ...
    segments = tmp_path / "segments.tmx"
    _omegat(
        omegat,
        project,
        config,
        "--mode=console-createpseudotranslatetmx",
        f"--pseudotranslatetmx={segments}",
        "--pseudotranslatetype=equal",
    )
    tmx = etree.parse(str(segments))
    seen = [tu.find("tuv/seg") for tu in tmx.iter("tu")]
    assert sorted(re.sub(r"<[^>]+>", "", seg.text) for seg in seen) == sorted(SOURCE_TEXTS)
    # ... which becomes the project's translation memory, translated, for the console run.
    for tu in tmx.iter("tu"):
        source, target = (tuv.find("seg") for tuv in tu.findall("tuv"))
        target.text = _omegat_english(source.text)
    tmx.write(str(project / "omegat" / "project_save.tmx"), encoding="UTF-8")
    _omegat(omegat, project, config, "--mode=console-translate")

    [result] = do_import((project / "target" / "liste.xlf").read_bytes(), publish=True)
    assert result.outcome == "applied", result.message
    _assert_translated(page, rich_page)

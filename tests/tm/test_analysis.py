"""The analysis of an export (segments and words by match category), checked by hand on two
pages: in the admin-independent service, the 1.2 <count-group>s, export_xliff's output and its
CSV."""

import csv
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext
from lxml import etree
from wagtail.models import Locale

from localization.tm.analysis import CATEGORIES, from_record
from localization.words import count_words
from localization.xliff import tasks
from localization.xliff.document import NS12
from localization.xliff.export import export_pairs, total_analysis
from tests.conftest import make_page
from tests.tm.test_translation_memory import paragraph, translate_and_publish
from tests.xliff.validation import assert_valid

RENT = "Die Miete zahlt man jeden Monat an den Vermieter."
BUS = "Busse fahren nachts nur am Wochenende."

#: Hand-checked: "Arbeit" (exported first) against the memory of "Wohnen" (title + RENT),
#: then "Wohnen" itself, already translated. Similarities are rapidfuzz ratios to RENT.
EXPECTED = {
    "repetitions": (1, 6),  # the second BUS
    "same_page": (3, 11),  # title "Wohnen", slug "wohnen" and RENT on the translated page
    "exact": (1, 9),  # RENT on "Arbeit"
    "fuzzy_95": (1, 9),  # "… an die Vermieterin." 96 %
    "fuzzy_85": (1, 10),  # "… an den neuen Vermieter." 94.2 %
    "fuzzy_75": (1, 6),  # "Die Miete zahlt man jeden Monat." 79 %
    "new": (3, 8),  # title "Arbeit", slug "arbeit" and the first BUS (6)
}


def _pages(augsburg, on_commit):
    wohnen = make_page(augsburg, "Wohnen", body=paragraph(RENT))
    translate_and_publish(wohnen, "en", on_commit)
    arbeit = make_page(
        augsburg,
        "Arbeit",
        body=paragraph(RENT)
        + paragraph("Die Miete zahlt man jeden Monat an die Vermieterin.")
        + paragraph("Die Miete zahlt man jeden Monat an den neuen Vermieter.")
        + paragraph("Die Miete zahlt man jeden Monat.")
        + paragraph(BUS)
        + [{"type": "heading", "value": BUS}],
    )
    return arbeit, wohnen


def test_word_rule_counts_words_across_scripts_and_cjk_by_character():
    assert count_words("<p>Miete: 10 <b>km</b> weit.</p>") == 4
    assert count_words("东京 住む") == 4
    assert count_words("안녕 세상") == 2


def test_analysis_counts_a_hand_checked_export(augsburg, on_commit, tmp_path):
    arbeit, wohnen = _pages(augsburg, on_commit)
    en = Locale.objects.get(language_code="en")

    exported = export_pairs([(arbeit, en), (wohnen, en)], mark=False)

    total = total_analysis(exported)
    assert {key: (total.segments[key], total.words[key]) for key in total.segments} == EXPECTED

    assert_valid(exported[0].content, "1.2")
    root = etree.fromstring(exported[0].content)
    groups = {
        group.get("name"): {c.get("count-type"): int(c.text) for c in group}
        for group in root.iterfind(".//x:header/x:count-group", {"x": NS12})
    }
    types = {key: count_type for key, _label, count_type in CATEGORIES}
    arbeit_only = {**EXPECTED, "same_page": (0, 0)}
    assert groups["cityguide-analysis-word"] == {
        types[key]: words for key, (_segments, words) in arbeit_only.items()
    }
    assert groups["cityguide-analysis-trans-unit"] == {
        types[key]: segments for key, (segments, _words) in arbeit_only.items()
    }


def test_export_command_prints_the_analysis_and_writes_its_csv(augsburg, on_commit, tmp_path):
    arbeit, wohnen = _pages(augsburg, on_commit)
    output, report = io.StringIO(), tmp_path / "analysis.csv"

    call_command(
        "export_xliff",
        "--city=augsburg",
        "--language=en",
        f"--pages={arbeit.pk},{wohnen.pk}",
        f"--output={tmp_path / 'out.zip'}",
        f"--analysis-csv={report}",
        "--no-mark",
        stdout=output,
    )

    lines = output.getvalue().splitlines()
    assert lines[-1].rsplit(maxsplit=2) == [str(gettext("Total")), "11", "59"]
    assert lines[-2].rsplit(maxsplit=2) == [str(CATEGORIES[-1][1]), "3", "8"]
    rows = [row for row in csv.DictReader(report.open()) if row["file"] == "total"]
    assert {row["category"]: (int(row["segments"]), int(row["words"])) for row in rows} == {
        str(label): EXPECTED[key] for key, label, _type in CATEGORIES
    }


def test_the_export_detail_shows_the_analysis_and_its_owner_downloads_the_csv(
    augsburg, nuernberg, on_commit, client, user_factory
):
    arbeit, wohnen = _pages(augsburg, on_commit)
    anna = user_factory("anna", city=augsburg)
    job = tasks.start_export(anna, [arbeit.pk, wohnen.pk], ["en"], "1.2", False)
    job.refresh_from_db()
    assert len(job.analysis["files"]) == 2
    client.force_login(anna)

    page = client.get(reverse("xliff:export_detail", args=[job.pk]))
    table = page.content.decode().split("data-export-analysis")[1]
    total, _files = from_record(job.analysis)
    assert total.total_segments == sum(segments for segments, _words in EXPECTED.values())
    for label, segments, words in total.rows():
        assert f"<td>{label}</td><td>{segments}</td><td>{words}</td>" in table

    download = client.get(reverse("xliff:export_analysis_csv", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert {r["file"] for r in rows} == {*_file_names(job), "total"}

    client.force_login(user_factory("nils", city=nuernberg))
    for route in ("xliff:export_analysis_csv", "xliff:export_detail"):
        refused = client.get(reverse(route, args=[job.pk]))
        assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))


def _file_names(job):
    return [name for name, _data in job.analysis["files"]]

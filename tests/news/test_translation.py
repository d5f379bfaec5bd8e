"""News is tracked by the translation status and travels through XLIFF exactly like events."""

import json
import zipfile
from io import StringIO

from django.core.management import call_command
from wagtail.models import Locale

from guides.news.models import NewsItem
from localization.models import TranslationStatus
from localization.recompute import differences, expected_city_rows
from localization.tracking import get_status
from localization.xliff.export import export_pairs
from tests.localization.conftest import loc
from tests.news.factories import make_news, translate_news
from tests.xliff.helpers import do_import, fill_targets
from tests.xliff.validation import assert_valid


def assert_rebuild_agrees(city):
    stored = TranslationStatus.objects.filter(city_id=city.pk)
    problems = differences(stored, expected_city_rows(city))
    assert not problems, "\n".join(problems)


def test_published_news_is_missing_then_up_to_date_then_outdated(augsburg, on_commit):
    item = make_news(augsburg)
    assert get_status(item, loc("en")) == "missing"
    assert get_status(item, loc("ar")) == "missing"
    translate_news(item, "en", on_commit)
    assert get_status(item, loc("en")) == "up_to_date"
    with on_commit():
        item.title = "Neue Öffnungszeiten ab Juni"
        item.save_revision().publish()
    assert get_status(item, loc("en")) == "outdated"
    assert_rebuild_agrees(augsburg)


def test_status_command_lists_news_with_its_object_type(augsburg):
    item = make_news(augsburg)
    out = StringIO()
    call_command(
        "translation_status",
        "--city",
        "augsburg",
        "--format",
        "json",
        "--language",
        "en",
        stdout=out,
    )
    entries = [e for e in json.loads(out.getvalue()) if e["object_type"] == "news"]
    assert [(e["page_id"], e["status"]) for e in entries] == [(item.pk, "missing")]


def test_news_round_trips_through_xliff_and_becomes_up_to_date(augsburg, on_commit):
    item = make_news(augsburg, "Sperrmüll", content="<p>Abholung <b>gratis</b> &amp; schnell</p>")
    en = Locale.objects.get(language_code="en")
    [exported] = export_pairs([(item, en)], version="2.0", mark=True)
    assert exported.filename == f"augsburg_de_en_news-{item.pk}_sperrmull.xlf"
    assert_valid(exported.content, "2.0")
    assert get_status(item, en) == "in_translation"

    with on_commit():
        [result] = do_import(fill_targets(exported.content, "2.0"), publish=True)

    assert result.outcome == "applied", result.message
    translated = NewsItem.objects.get(translation_key=item.translation_key, locale=en)
    assert translated.title == "EN Sperrmüll"
    assert "<b>EN gratis</b>" in translated.content and translated.live
    assert get_status(item, en) == "up_to_date"
    assert_rebuild_agrees(augsburg)


def test_export_command_includes_news_with_the_snippets(augsburg, tmp_path):
    item = make_news(augsburg, "Rathaus zu")
    out = tmp_path / "all.zip"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--include-snippets",
        "--no-mark",
        "--output",
        str(out),
    )
    assert f"augsburg_de_en_news-{item.pk}_rathaus-zu.xlf" in zipfile.ZipFile(out).namelist()

"""export_xliff / import_xliff: the exact flags, outputs and exit codes."""

import zipfile

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from tests.conftest import make_page
from tests.xliff.helpers import fill_targets
from tests.xliff.validation import assert_valid

pytestmark = pytest.mark.usefixtures("in_english")


def test_export_one_page_one_language_writes_an_xlf(rich_page, tmp_path, capsys):
    out = tmp_path / "one.xlf"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--pages",
        str(rich_page.pk),
        "--xliff-version",
        "2.0",
        "--output",
        str(out),
    )
    assert_valid(out.read_bytes(), "2.0")
    assert "Wrote 1 file(s)" in capsys.readouterr().out


def test_export_to_xlf_with_more_than_one_file_stops_with_a_clear_error(rich_page, tmp_path):
    with pytest.raises(CommandError, match=r"exactly one page in one language.*\.zip"):
        call_command(
            "export_xliff",
            "--city",
            "augsburg",
            "--language",
            "en",
            "--language",
            "ar",
            "--pages",
            str(rich_page.pk),
            "--output",
            str(tmp_path / "x.xlf"),
        )
    assert not (tmp_path / "x.xlf").exists()


def test_export_zip_names_members_by_city_languages_page_and_slug(rich_page, tmp_path):
    out = tmp_path / "batch.zip"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--language",
        "fa",
        "--pages",
        "all",
        "--output",
        str(out),
        "--no-mark",
    )
    names = zipfile.ZipFile(out).namelist()
    city_id = rich_page.get_parent().pk
    assert f"augsburg_de_en_{rich_page.pk}_wohnen.xlf" in names
    assert f"augsburg_de_fa_{city_id}_augsburg.xlf" in names
    assert len(names) == 4


def test_export_by_status_selects_only_missing_translations(augsburg, tmp_path, on_commit):
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    done, todo = make_page(augsburg, "Fertig"), make_page(augsburg, "Offen")
    with on_commit():
        translate_object(done, [Locale.objects.get(language_code="en")])
    out = tmp_path / "missing.zip"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--pages",
        "missing",
        "--output",
        str(out),
    )
    names = zipfile.ZipFile(out).namelist()
    assert f"augsburg_de_en_{todo.pk}_offen.xlf" in names
    assert f"augsburg_de_en_{done.pk}_fertig.xlf" not in names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--city", "nowhere", "--language", "en"], "There is no city 'nowhere'"),
        (["--city", "augsburg", "--language", "uk"], "not translated into 'uk'"),
        (["--city", "augsburg", "--language", "en", "--pages", "abc"], "--pages takes"),
        (["--city", "augsburg", "--language", "en", "--pages", "999999"], "No page with id 999999"),
    ],
)
def test_export_refuses_bad_arguments(augsburg, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_xliff", *args, "--output", str(tmp_path / "x.zip"))


def test_import_prints_one_line_per_file_and_fails_if_any_was_rejected(
    rich_page, tmp_path, capsys, on_commit
):
    out = tmp_path / "one.xlf"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--pages",
        str(rich_page.pk),
        "--output",
        str(out),
    )
    good = tmp_path / "good.xlf"
    good.write_bytes(fill_targets(out.read_bytes(), "1.2"))
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(b"<xliff")
    capsys.readouterr()
    with pytest.raises(CommandError, match="1 file\\(s\\) rejected"), on_commit():
        call_command("import_xliff", str(good), str(bad), "--publish")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("good.xlf: applied: ")
    assert lines[1].startswith("bad.xlf: rejected: bad.xlf: malformed XML at line 1")
    assert Page.objects.get(
        translation_key=rich_page.translation_key, locale__language_code="en"
    ).live

    call_command("import_xliff", str(good))
    assert capsys.readouterr().out.strip() == "good.xlf: unchanged"


def test_import_dry_run_lists_changes_and_writes_nothing(rich_page, tmp_path, capsys):
    out = tmp_path / "one.xlf"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--pages",
        str(rich_page.pk),
        "--output",
        str(out),
        "--no-mark",
    )
    out.write_bytes(fill_targets(out.read_bytes(), "1.2"))
    call_command("import_xliff", str(out), "--dry-run")
    output = capsys.readouterr().out
    assert "one.xlf: preview: 6 unit(s) would change" in output
    assert "title: '' -> 'EN Wohnen'" in output
    assert not Page.objects.filter(
        translation_key=rich_page.translation_key, locale__language_code="en"
    ).exists()


def test_import_as_an_editor_of_another_city_is_rejected(
    rich_page, nuernberg, tmp_path, capsys, user_factory
):
    user_factory("nina", city=nuernberg)
    out = tmp_path / "one.xlf"
    call_command(
        "export_xliff",
        "--city",
        "augsburg",
        "--language",
        "en",
        "--pages",
        str(rich_page.pk),
        "--output",
        str(out),
        "--no-mark",
    )
    out.write_bytes(fill_targets(out.read_bytes(), "1.2"))
    with pytest.raises(CommandError):
        call_command("import_xliff", str(out), "--user", "nina")
    assert "you can import files only for Nürnberg" in capsys.readouterr().out
    with pytest.raises(CommandError, match="There is no user 'ghost'"):
        call_command("import_xliff", str(out), "--user", "ghost")

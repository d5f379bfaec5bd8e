"""The translation-memory commands speak the admin's languages (gettext, German catalog), and a
bad TMX file is refused with a message that names it, writing nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from localization.tm.management.commands.tmx import Command as TmxCommand
from localization.tm.models import TMEntry
from tests.conftest import make_page
from tests.tm.test_translation_memory import paragraph, translate_and_publish


def _run(*args, language):
    out = StringIO()
    with translation.override(language):
        call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Wrote {count} translation-memory entries."),
        ("de", "{count} Einträge ins Translation Memory geschrieben."),
    ],
)
def test_build_translation_memory_reports_in_the_admins_language(
    augsburg, on_commit, language, expected
):
    translate_and_publish(make_page(augsburg, "Wohnen", body=paragraph("Miete.")), "en", on_commit)
    TMEntry.objects.all().delete()

    output = _run("build_translation_memory", "--city=augsburg", language=language)

    count = TMEntry.objects.count()
    assert count > 1  # title, slug and paragraph: the plural form
    assert expected.format(count=count) in output


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Imported 1 entry (en).", "Skipped 0 segments in unknown languages"]),
        ("de", ["1 Eintrag importiert (en).", "0 Segmente in unbekannten Sprachen"]),
    ],
)
def test_tmx_import_reports_in_the_admins_language(nuernberg, tmp_path, language, expected):
    path = tmp_path / "agency.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="de"/><body>'
        '<tu><tuv xml:lang="de"><seg>Der Bus fährt stündlich.</seg></tuv>'
        '<tuv xml:lang="en"><seg>The bus runs hourly.</seg></tuv></tu></body></tmx>'
    )

    output = _run("tmx", "import", str(path), "--city=nuernberg", language=language)

    assert all(part in output for part in expected), output
    assert TMEntry.objects.get().target_text == "The bus runs hourly."


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "No such file: "), ("de", "Datei nicht gefunden: ")],
)
def test_tmx_import_of_a_missing_file_says_so(nuernberg, tmp_path, language, expected):
    with translation.override(language), pytest.raises(CommandError) as raised:
        call_command("tmx", "import", str(tmp_path / "nothing.tmx"), "--city=nuernberg")
    assert str(raised.value) == f"{expected}{tmp_path / 'nothing.tmx'}"


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01binary",
        b'<?xml version="1.0"?><tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>a</seg>'
        b'</tuv></tu><tu><tuv xml:lang="de"><seg>b</tmx>',
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tmx/>',
    ],
    ids=["binary", "broken-after-good-units", "external-entity"],
)
def test_a_bad_tmx_file_names_the_file_and_writes_nothing(nuernberg, tmp_path, content):
    path = tmp_path / "agency-bad.tmx"
    path.write_bytes(content)

    with translation.override("en"), pytest.raises(CommandError, match=r"agency-bad\.tmx"):
        call_command("tmx", "import", str(path), "--city=nuernberg")

    assert not TMEntry.objects.exists()


def test_the_commands_help_is_translated():
    with translation.override("de"):
        assert "Translation Memory einer Stadt" in str(TmxCommand.help)

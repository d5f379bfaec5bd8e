"""The reader languages' catalogs (ar, fa, uk, tr, fr, ru): every msgid of the public site is
translated, the admin's strings stay out, and scripts/update_catalogs --check says what's missing.
Runs on a copy of the `home` package (the repository is left as it is)."""

import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

from tests.foundation.test_catalogs import ROOT


def copy_of_home(tmp_path):
    shutil.copytree(ROOT / "home", tmp_path / "home", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


@pytest.fixture(scope="module")
def broken_home(catalogs, tmp_path_factory):
    """What the check says of a copy of `home` with two faults at once (one check run, two
    makemessages): the Persian "Page not found" emptied, and an admin string and a reader string
    added. Each test below asserts on its fault's lines, exactly."""
    repo = copy_of_home(tmp_path_factory.mktemp("broken"))
    po_file = catalogs.po_path(repo / "home", "fa")
    po = polib.pofile(str(po_file))
    po.find("Page not found").msgstr = ""
    po.save()
    subprocess.run(["msgfmt", "-o", str(po_file.with_suffix(".mo")), str(po_file)], check=True)
    (repo / "home" / "admin_only.py").write_text(
        'from django.utils.translation import gettext as _\n\nLABEL = _("Seen by editors")\n'
    )
    (repo / "home" / "templates" / "home" / "extra.html").write_text(
        '{% load i18n %}<p>{% translate "Shown to readers" %}</p>\n'
    )
    return catalogs.check(repo, packages=("home",))


def reader_problems(problems, *, without):
    """The problems of the reader languages, but for the lines about the msgid `without`."""
    return sorted(
        p for p in problems if not p.startswith("home/locale/de:") and f"{without!r}" not in p
    )


def test_the_script_knows_every_reader_language_of_the_settings(catalogs):
    languages = {code for code, _name in settings.LANGUAGES} - {"en"}
    assert set(catalogs.LANGUAGES) == languages
    assert set(catalogs.PLURAL_FORMS) == languages


def test_every_public_msgid_is_translated_into_every_reader_language(catalogs):
    for package in ("guides", "home"):
        public = catalogs.public_msgids(ROOT, package, sys.executable)
        assert public, package
        for language in catalogs.READER_LANGUAGES:
            po = polib.pofile(str(catalogs.po_path(ROOT / package, language)))
            assert {(e.msgctxt or "", e.msgid) for e in po} == public, (package, language)
            assert not po.untranslated_entries() and not po.fuzzy_entries(), (package, language)
            assert po.metadata["Plural-Forms"] == catalogs.PLURAL_FORMS[language]
            assert not catalogs.stale_mo(ROOT / package, language), (package, language)


def test_the_check_fails_when_a_public_msgid_lacks_a_persian_translation(broken_home):
    readers = reader_problems(broken_home, without="Shown to readers")

    assert readers == ["home/locale/fa: empty: 'Page not found'"]


def test_an_admin_string_is_not_asked_of_the_reader_languages(catalogs, broken_home):
    assert "home/locale/de: empty: 'Seen by editors'" in broken_home
    readers = reader_problems(broken_home, without="Page not found")
    assert readers == sorted(
        f"home/locale/{language}: empty: 'Shown to readers'"
        for language in catalogs.READER_LANGUAGES
    )

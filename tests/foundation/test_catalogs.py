"""The admin speaks German: every gettext string of ours has a German translation, and the
compiled catalogs are the committed ones. Runs scripts/update_catalogs's check, which makes
the catalogs afresh on a copy of the code (the repository is left as it is)."""

import hashlib
import importlib.machinery
import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_update_catalogs():
    loader = importlib.machinery.SourceFileLoader(
        "update_catalogs", str(ROOT / "scripts" / "update_catalogs")
    )
    spec = importlib.util.spec_from_loader("update_catalogs", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def fingerprint(folder):
    return {
        path.relative_to(folder): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_every_string_of_ours_has_a_german_translation(catalogs):
    before = {package: fingerprint(ROOT / package) for package in catalogs.PACKAGES}

    problems = catalogs.check(ROOT)

    assert not problems, "run scripts/update_catalogs and translate:\n" + "\n".join(problems)
    assert {package: fingerprint(ROOT / package) for package in catalogs.PACKAGES} == before


def test_each_app_with_strings_ships_a_german_catalog(catalogs):
    for package in ("guides", "localization", "site"):
        po = catalogs.po_path(ROOT / package, "de")
        assert po.exists(), po
        assert po.with_suffix(".mo").exists()


def write_package(folder, po_text):
    (folder / "templates").mkdir(parents=True)
    (folder / "views.py").write_text(
        'from django.utils.translation import gettext as _\n\nLABEL = _("Seen by editors")\n'
    )
    (folder / "templates" / "box.html").write_text(
        '{% load i18n %}<p>{% translate "Shown in a box" %}</p>'
        '<p>{% translate "Translated well" %}</p>\n'
    )
    po = folder / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(po_text)
    return po


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_the_check_lists_new_empty_and_fuzzy_strings_and_a_stale_mo(catalogs, tmp_path):
    po = write_package(
        tmp_path / "pkg",
        PO_HEADER
        + '#, fuzzy\nmsgid "Shown in a box"\nmsgstr "In einem Kasten"\n\n'
        + 'msgid "Translated well"\nmsgstr "Gut übersetzt"\n',
    )
    subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    po.write_text(po.read_text().replace("Gut übersetzt", "Sehr gut übersetzt"))

    problems = catalogs.check(tmp_path, packages=("pkg",))

    assert sorted(problems) == sorted(
        [
            "pkg/locale/de: empty: 'Seen by editors'",
            "pkg/locale/de: fuzzy: 'Shown in a box'",
            f"{po.with_suffix('.mo')} is not the compiled django.po (run scripts/update_catalogs)",
        ]
    )
    assert "Seen by editors" not in po.read_text()  # the package itself is left alone


def test_the_update_makes_a_sorted_catalog_without_locations_and_compiles_it(catalogs, tmp_path):
    po = write_package(tmp_path / "pkg", PO_HEADER + 'msgid "Translated well"\nmsgstr "Gut"\n')

    left = catalogs.update(tmp_path, packages=("pkg",))
    first = po.read_text()
    catalogs.update(tmp_path, packages=("pkg",))

    assert left == [
        "pkg/locale/de: empty: 'Seen by editors'",
        "pkg/locale/de: empty: 'Shown in a box'",
    ]
    assert po.read_text() == first  # a rerun changes nothing
    msgids = [line for line in first.splitlines() if line.startswith("msgid ")]
    assert msgids == [
        'msgid ""',
        'msgid "Seen by editors"',
        'msgid "Shown in a box"',
        'msgid "Translated well"',
    ]
    assert "#:" not in first
    assert catalogs.compiled_catalog(po.with_suffix(".mo"))["Translated well"] == "Gut"

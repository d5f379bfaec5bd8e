"""A German city editor works in German: no English string of ours on the page editor, the
translation status report and the XLIFF pages (upload, preview, result).

"Ours" is concrete: every msgid of our German catalogs (`*/locale/de/LC_MESSAGES/django.po`)
whose German differs, unless the English text is itself a word of our German (such as "Export"
in "XLIFF-Export"). Placeholders (`%(title)s`) match any text.
"""

import re
from pathlib import Path

import polib
import pytest
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from guides.cities import create_city
from localization.xliff.export import export_pairs
from tests.conftest import make_page, make_user
from tests.localization.conftest import translate_strings
from tests.xliff.helpers import fill_targets

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]")


def catalog_entries():
    for path in sorted(ROOT.glob("*/locale/de/LC_MESSAGES/django.po")):
        yield from (entry for entry in polib.pofile(str(path)) if entry.translated())


def text_pattern(msgid):
    """A regular expression for the English text as a page shows it, or None when it has
    too little text of its own to tell (such as "%(outcome)s: %(count)d")."""
    parts = [part.replace("%%", "%") for part in PLACEHOLDER.split(msgid)]
    if max(len(re.sub(r"\W", "", part)) for part in parts) < 3:
        return None
    body = r"[\s\S]{1,200}?".join(re.escape(part) for part in parts)
    start = r"(?<!\w)" if re.match(r"\w", msgid) else ""
    end = r"(?!\w)" if re.search(r"\w$", msgid) else ""
    return re.compile(start + body + end)


def english_strings_of_ours():
    """{msgid: pattern} of the strings a German editor must not see in English."""
    entries = list(catalog_entries())
    german = "\n".join(entry.msgstr or "\n".join(entry.msgstr_plural.values()) for entry in entries)
    patterns = {}
    for entry in entries:
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            pattern = text_pattern(msgid)
            if pattern is not None and not pattern.search(german):
                patterns[msgid] = pattern
    return patterns


ENGLISH = english_strings_of_ours()


def english_on(tab):
    """The English strings of ours on the page: its text, and the labels it has for screen
    readers and tooltips."""
    text = tab.evaluate(
        """() => [document.title, document.body.innerText].concat(
            [...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap(
                el => ['aria-label', 'title', 'placeholder'].map(a => el.getAttribute(a) || '')
            )
        ).join('\\n')"""
    )
    return sorted(msgid for msgid, pattern in ENGLISH.items() if pattern.search(text))


def test_the_check_knows_the_english_an_editor_used_to_see():
    shown = "Outdated\nMinor edit: translations stay up to date\nImport XLIFF\nEvents"
    found = sorted(msgid for msgid, pattern in ENGLISH.items() if pattern.search(shown))
    # "edit", "date" and "up to date" are strings of ours too ("edit" names an action in an
    # import message, "up to date" a status in the events listing)
    expected = ["Outdated", "Minor edit: translations stay up to date", "Import XLIFF", "Events"]
    assert found == sorted([*expected, "edit", "date", "up to date"])
    assert not ENGLISH["Translations: %(summary)s"].search("Übersetzungen: 2 veraltet")
    assert ENGLISH["Translations: %(summary)s"].search("Translations: 2 outdated")
    assert "Export" not in ENGLISH  # "XLIFF-Export" is German too


@pytest.fixture
def german_tab(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    tab.goto("about:blank")
    context.close()


def outdated_and_missing_translations():
    """Augsburg in de, en and ar: a page translated into English, then changed for real (so
    the English is outdated), and not translated into Arabic."""
    city = create_city("augsburg", "Augsburg", ["de", "en", "ar"])
    guide = make_page(
        city,
        "Anmeldung",
        body=[{"type": "paragraph", "value": "<p>Melden Sie sich im Bürgerbüro an.</p>"}],
    )
    translate_object(guide, [Locale.objects.get(language_code="en")])
    translate_strings(guide, "en")
    for translation in Translation.objects.filter(source__object_id=guide.translation_key):
        translation.save_target(publish=True)
    guide.title = "Anmeldung der Wohnung"
    guide.save_revision().publish()
    return city, guide


@pytest.mark.browser
def test_a_german_editor_sees_no_english_string_of_ours(german_tab, live_server, tmp_path):
    city, guide = outdated_and_missing_translations()
    editor = make_user("augsburg-editor", city=city, password="cityguide")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "de"
    profile.save()
    tab = german_tab
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("input[name=username]", "augsburg-editor")
    tab.fill("input[name=password]", "cityguide")
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")

    tab.goto(f"{live_server.url}/admin/pages/{guide.pk}/edit/")
    editor_text = tab.inner_text("main")
    assert "Kleine Änderung: Übersetzungen bleiben aktuell" in editor_text
    assert "Veraltet" in editor_text and "Fehlt" in editor_text
    assert english_on(tab) == []

    tab.goto(f"{live_server.url}/admin/translations/{guide.pk}/en/changes/")
    assert "Übersetzung bearbeiten" in tab.inner_text("main")
    assert english_on(tab) == []

    tab.goto(f"{live_server.url}/admin/reports/translations/augsburg/")
    report = tab.inner_text("main")
    assert "Übersetzungsstand: Augsburg" in report and "Veraltet" in report
    assert english_on(tab) == []

    [exported] = export_pairs([(guide, Locale.objects.get(language_code="en"))], version="2.0")
    upload = tmp_path / exported.filename
    upload.write_bytes(fill_targets(exported.content, "2.0"))
    tab.goto(f"{live_server.url}/admin/xliff/import/")
    assert "XLIFF importieren" in tab.inner_text("main")
    assert english_on(tab) == []
    tab.set_input_files("input[type=file]", str(upload))
    tab.click("[data-xliff-preview]")
    tab.wait_for_selector(".xliff-result--preview")
    assert "Würde übernommen" in tab.inner_text("main")
    assert english_on(tab) == []

    tab.check("input[name=publish]")
    tab.click("[data-xliff-confirm]")
    tab.wait_for_selector(".xliff-result--applied")
    assert "Übernommen" in tab.inner_text("main")
    assert english_on(tab) == []

    tab.goto(f"{live_server.url}/admin/xliff/imports/")
    assert "XLIFF-Importprotokoll" in tab.inner_text("main")
    assert english_on(tab) == []

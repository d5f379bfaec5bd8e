"""A page whose texts hold facts (a phone number, a date), and helpers that translate it."""

import pytest

from tests.conftest import make_page
from tests.shared import shared_fixture
from tests.xliff.helpers import do_import, export_one, fill_targets, translated

PHONE_TEXT = "Rufen Sie 0821 324-0 an."
GOOD = {PHONE_TEXT: "Call 0821 324-0."}
BAD = {PHONE_TEXT: "Call 0821 342-0."}


@shared_fixture("augsburg")
def facts_page(augsburg):
    return make_page(
        augsburg,
        "Kontakt",
        teaser=PHONE_TEXT,
        body=[{"type": "paragraph", "value": "<p>Termine ab <b>12.03.2025</b>.</p>"}],
    )


def translated_file(page, code, words, version="1.2"):
    """The page's XLIFF with every unit translated: `words` maps whole source texts, the rest
    get an English prefix (numbers and codes kept)."""
    exported = export_one(page, code, version)
    return fill_targets(exported.content, version, lambda text: words.get(text, f"EN {text}"))


@pytest.fixture
def write_file(tmp_path):
    def write(content, name="kontakt.xlf"):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


@pytest.fixture
def draft(facts_page, on_commit):
    """The English translation, imported as a draft with a blocking finding on the teaser."""
    with on_commit():
        [result] = do_import(translated_file(facts_page, "en", BAD))
    assert result.outcome == "applied", result.message
    return translated(facts_page, "en")

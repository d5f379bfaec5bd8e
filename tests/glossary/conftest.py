"""Builders for glossary tests: terms in a city's glossary or the shared one."""

import pytest

from localization.glossary.models import Term, TermTranslation


def make_term(source, *, city=None, note="", do_not_translate=False, **translations):
    term = Term.objects.create(
        city=city,
        source=source,
        source_language="de",
        note=note,
        do_not_translate=do_not_translate,
    )
    for number, (code, text) in enumerate(translations.items()):
        TermTranslation.objects.create(term=term, language=code, target=text, sort_order=number)
    return term


@pytest.fixture
def term_factory(db):
    return make_term

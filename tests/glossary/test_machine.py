"""The glossary a machine translation backend gets: the city's terms plus the shared ones, the
city's winning; do-not-translate terms map to themselves; untranslated terms are left out;
another city's terms never appear; the digest changes with the entries and only with them."""

from localization.glossary.machine import machine_glossary
from localization.glossary.models import TermTranslation


def test_the_entries_are_the_citys_and_the_shared_terms_with_the_citys_winning(
    augsburg, nuernberg, term_factory, django_assert_num_queries
):
    term_factory("Jobcenter", en="job centre", ar="مركز التوظيف")
    term_factory("Kita", en="day care")
    term_factory("kita", city=augsburg, en="nursery")
    term_factory("Ausländerbehörde", city=augsburg, en="immigration office")
    term_factory("Integreat", do_not_translate=True)
    term_factory("Bürgeramt", city=augsburg, ar="مكتب المواطنين")  # no English
    term_factory("Meldebescheinigung")  # no translation at all
    term_factory("Stadtpass", city=nuernberg, en="city pass")
    term_factory("Jobcenter", city=nuernberg, en="Nuremberg job centre")

    with django_assert_num_queries(1):
        glossary = machine_glossary(augsburg, "de", "en")

    assert glossary.as_dict() == {
        "Ausländerbehörde": "immigration office",
        "Integreat": "Integreat",
        "Jobcenter": "job centre",
        "kita": "nursery",
    }
    assert (glossary.city_id, glossary.source_language, glossary.target_language) == (
        augsburg.pk,
        "de",
        "en",
    )
    assert machine_glossary(augsburg, "de", "ar").as_dict() == {
        "Bürgeramt": "مكتب المواطنين",
        "Integreat": "Integreat",
        "Jobcenter": "مركز التوظيف",
    }
    assert machine_glossary(nuernberg, "de", "en").as_dict() == {
        "Integreat": "Integreat",
        "Jobcenter": "Nuremberg job centre",
        "Kita": "day care",
        "Stadtpass": "city pass",
    }


def test_no_entries_no_glossary(augsburg, term_factory):
    term_factory("Meldebescheinigung", ar="شهادة التسجيل")

    assert machine_glossary(augsburg, "de", "en") is None
    assert machine_glossary(augsburg, "de", "ar") is not None


def test_a_translation_on_several_lines_becomes_one_line(augsburg, term_factory):
    term_factory("Tafel", city=augsburg, en="food\tbank\n")

    assert machine_glossary(augsburg, "de", "en").as_dict() == {"Tafel": "food bank"}


def test_the_digest_follows_the_entries(augsburg, nuernberg, term_factory):
    term = term_factory("Jobcenter", city=augsburg, en="job centre")
    term_factory("Jobcenter", city=nuernberg, en="job centre")
    before = machine_glossary(augsburg, "de", "en").digest

    assert machine_glossary(augsburg, "de", "en").digest == before
    assert machine_glossary(nuernberg, "de", "en").digest == before  # same entries
    TermTranslation.objects.filter(term=term).update(target="employment agency")
    assert machine_glossary(augsburg, "de", "en").digest != before

"""The glossary reaches DeepL as a DeepL glossary, over real HTTP to a local server that speaks
DeepL's documented glossary API: terms are translated as the glossary says; a city's glossary
is created once and reused while its terms stay the same, created anew (and the stale one
deleted) when a term changes; a pair DeepL has no glossaries for, or an empty glossary, sends
no glossary; another city's terms never appear; a glossary failure fails the job, clearly,
before anything is sent. LibreTranslate has no glossaries and is unchanged."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from localization.glossary.machine import machine_glossary
from localization.glossary.models import TermTranslation
from localization.mt.jobs import record_job, run_job
from localization.mt.models import JobState, TranslationBudget
from localization.mt.service import translate_pages
from localization.status import Status
from localization.tracking import get_status
from tests.conftest import make_page
from tests.glossary.conftest import make_term
from tests.mt.conftest import set_up_mt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def locale(code):
    return Locale.objects.get(language_code=code)


def strings_of(page, code="en"):
    return dict(
        StringTranslation.objects.filter(
            locale=locale(code), context__object_id=page.translation_key
        ).values_list("translation_of__data", "data")
    )


def translate_bodies(server):
    return [r[3] for r in server.requests if r[1] == "/v2/translate"]


def created(server):
    """The bodies of the glossary creations the server got."""
    return [r[3] for r in server.requests if (r[0], r[1]) == ("POST", "/v2/glossaries")]


def deleted(server):
    return [r[1].rsplit("/", 1)[1] for r in server.requests if r[0] == "DELETE"]


def entries_of(body):
    assert body["entries_format"] == "tsv"
    return dict(line.split("\t") for line in body["entries"].splitlines())


def test_a_term_is_translated_as_the_glossary_says(augsburg, deepl):
    make_term("Jobcenter", city=augsburg, en="job centre")
    page = make_page(augsburg, "Jobcenter")

    translate_pages(augsburg, locale("en"), [page])

    [body] = created(deepl)
    digest = machine_glossary(augsburg, "de", "en").digest
    assert body["name"] == f"cityguide-{augsburg.pk}-de-en-{digest}"
    assert (body["source_lang"], body["target_lang"]) == ("DE", "EN")
    assert entries_of(body) == {"Jobcenter": "job centre"}
    [glossary_id] = deepl.glossaries
    assert [b["glossary_id"] for b in translate_bodies(deepl)] == [glossary_id]
    strings = strings_of(page)
    assert strings["Jobcenter"] == "[EN-GB] job centre"
    assert strings["Text zu <b>Jobcenter</b>."] == "[EN-GB] Text zu <b>job centre</b>."
    assert strings["jobcenter"] == "[EN-GB] jobcenter"  # the slug: the stub matches case
    assert get_status(page, locale("en")) == Status.MACHINE_TRANSLATED


def test_the_glossary_is_created_once_and_anew_when_a_term_changes(augsburg, deepl):
    term = make_term("Jobcenter", city=augsburg, en="job centre")
    make_term("Integreat", do_not_translate=True)
    first, second, third = (make_page(augsburg, f"Jobcenter {n}") for n in (1, 2, 3))

    translate_pages(augsburg, locale("en"), [first])
    translate_pages(augsburg, locale("en"), [second])

    assert len(created(deepl)) == 1
    [old_id] = deepl.glossaries
    assert [b["glossary_id"] for b in translate_bodies(deepl)] == [old_id, old_id]
    pair_requests = [r for r in deepl.requests if r[1] == "/v2/glossary-language-pairs"]
    assert len(pair_requests) == 1  # cached
    assert deleted(deepl) == []

    TermTranslation.objects.filter(term=term).update(target="employment agency")
    translate_pages(augsburg, locale("en"), [third])

    assert len(created(deepl)) == 2
    assert entries_of(created(deepl)[1]) == {
        "Integreat": "Integreat",
        "Jobcenter": "employment agency",
    }
    [new_id] = deepl.glossaries
    assert new_id != old_id
    assert deleted(deepl) == [old_id]
    assert translate_bodies(deepl)[-1]["glossary_id"] == new_id
    assert strings_of(third)["Jobcenter 3"] == "[EN-GB] employment agency 3"
    assert strings_of(second)["Jobcenter 2"] == "[EN-GB] job centre 2"


def test_another_citys_terms_and_glossaries_stay_its_own(settings, augsburg, nuernberg, deepl):
    make_term("Jobcenter", city=augsburg, en="job centre")
    make_term("Stadtpass", city=nuernberg, en="city pass")
    make_term("Jobcenter", city=nuernberg, en="Nuremberg job centre")
    make_term("Integreat", do_not_translate=True)
    set_up_mt(nuernberg, backend="deepl")
    translate_pages(nuernberg, locale("en"), [make_page(nuernberg, "Stadtpass")])
    [nuernberg_id] = deepl.glossaries
    ar_page = make_page(augsburg, "Jobcenter")
    set_up_mt(augsburg, "ar", backend="deepl")
    make_term("Kita", city=augsburg, ar="روضة أطفال")
    translate_pages(augsburg, locale("ar"), [ar_page])

    make_term("Kita", city=nuernberg, en="nursery")  # Nürnberg's glossary changes, not ours
    translate_pages(augsburg, locale("en"), [make_page(augsburg, "Jobcenter Augsburg")])

    bodies = created(deepl)
    assert [(b["name"].split("-")[1], b["target_lang"]) for b in bodies] == [
        (str(nuernberg.pk), "EN"),
        (str(augsburg.pk), "AR"),
        (str(augsburg.pk), "EN"),
    ]
    assert entries_of(bodies[2]) == {"Integreat": "Integreat", "Jobcenter": "job centre"}
    assert entries_of(bodies[1]) == {"Integreat": "Integreat", "Kita": "روضة أطفال"}
    assert deleted(deepl) == []
    assert nuernberg_id in deepl.glossaries
    assert len(deepl.glossaries) == 3


def test_a_pair_without_glossaries_sends_no_glossary(augsburg, deepl):
    deepl.glossary_pairs = [("de", "en")]
    make_term("Jobcenter", city=augsburg, fa="مرکز کاریابی")
    set_up_mt(augsburg, "fa", backend="deepl")
    page = make_page(augsburg, "Jobcenter")

    translate_pages(augsburg, locale("fa"), [page])

    assert deepl.glossary_requests() == []
    assert [r[1] for r in deepl.requests] == ["/v2/glossary-language-pairs", "/v2/translate"]
    assert "glossary_id" not in translate_bodies(deepl)[0]
    assert strings_of(page, "fa")["Jobcenter"] == "[FA] Jobcenter"


def test_an_empty_glossary_sends_no_glossary_request(augsburg, deepl):
    make_term("Jobcenter", city=augsburg, ar="مركز التوظيف")  # nothing into English
    page = make_page(augsburg, "Jobcenter")

    translate_pages(augsburg, locale("en"), [page])

    assert [r[1] for r in deepl.requests] == ["/v2/translate"]
    assert strings_of(page)["Jobcenter"] == "[EN-GB] Jobcenter"


def test_a_glossary_failure_fails_the_job_before_anything_is_sent(augsburg, deepl, user_factory):
    make_term("Jobcenter", city=augsburg, en="job centre")
    page = make_page(augsburg, "Jobcenter")
    deepl.failures[("POST", "/v2/glossaries")] = (
        400,
        {"message": "Invalid glossary entries"},
        {},
    )
    job = record_job(augsburg, locale("en"), user_factory("lena", city=augsburg))

    job = run_job(job.pk)

    assert job.state == JobState.FAILED
    assert job.message == (
        "DeepL could not set up the glossary for German → English, so nothing was "
        "translated: Bad request, message: Invalid glossary entries"
    )
    assert translate_bodies(deepl) == []
    assert TranslationBudget.objects.get(city=augsburg).used_characters == 0
    assert get_status(page, locale("en")) == Status.MISSING


def test_libretranslate_gets_no_glossary(augsburg, libre):
    make_term("Jobcenter", city=augsburg, en="job centre")
    page = make_page(augsburg, "Jobcenter")

    translate_pages(augsburg, locale("en"), [page])

    assert [r[1] for r in libre.requests] == ["/translate"]
    assert strings_of(page)["Jobcenter"] == "[en] Jobcenter"

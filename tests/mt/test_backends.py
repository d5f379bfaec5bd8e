"""DeepL (its client library) and LibreTranslate against local servers that speak their
documented APIs, over real HTTP: replies, a reply that drops an inline code, quota, errors and
rate limits. Live tests against the real services need a key and are not run in CI."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from localization.mt.backends import BackendError
from localization.mt.models import TranslationBudget
from localization.mt.service import translate_pages
from localization.status import Status
from localization.tracking import get_status
from tests.conftest import make_page
from tests.mt.conftest import deepl_answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def en():
    return Locale.objects.get(language_code="en")


def strings_of(page):
    return dict(
        StringTranslation.objects.filter(
            locale=en(), context__object_id=page.translation_key
        ).values_list("translation_of__data", "data")
    )


def translate_requests(server):
    return [request for request in server.requests if request[1].endswith("/translate")]


def test_deepl_translates_with_tags_protected_and_the_key_in_the_header(augsburg, deepl):
    page = make_page(augsburg, "Sprachkurs")

    outcome = translate_pages(augsburg, en(), [page])

    method, path, headers, body = translate_requests(deepl)[0]
    assert (method, path) == ("POST", "/v2/translate")
    assert headers["Authorization"] == "DeepL-Auth-Key test-key"
    assert body["tag_handling"] in ("html", ["html"])
    assert "Text zu <b>Sprachkurs</b>." in body["text"]
    assert strings_of(page)["Text zu <b>Sprachkurs</b>."] == "[EN-GB] Text zu <b>Sprachkurs</b>."
    assert outcome.characters == TranslationBudget.objects.get(city=augsburg).used_characters > 0
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED


def test_a_reply_that_drops_an_inline_code_is_rejected_for_that_segment(augsburg, deepl):
    page = make_page(augsburg, "Beratung")

    deepl.translate = deepl_answer(
        lambda text, _target: text.replace("<b>", "").replace("</b>", "")
    )
    outcome = translate_pages(augsburg, en(), [page])

    assert [r.source_html for r in outcome.rejections] == ["Text zu <b>Beratung</b>."]
    assert "drops inline code" in outcome.rejections[0].reason
    translated = strings_of(page)
    assert "Text zu <b>Beratung</b>." not in translated
    assert translated["Beratung"] == "Beratung"  # the title, without codes, is accepted
    assert get_status(page, en()) == Status.INCOMPLETE


def test_a_reply_that_changes_a_phone_number_is_rejected_by_the_qa_checks(augsburg, deepl):
    page = make_page(augsburg, "Kontakt", teaser="Rufen Sie 0821 324-0 an.")

    deepl.translate = deepl_answer(lambda text, _target: text.replace("324-0", "342-0"))
    outcome = translate_pages(augsburg, en(), [page])

    assert [r.source_html for r in outcome.rejections] == ["Rufen Sie 0821 324-0 an."]
    assert "the phone number 0821 324-0 is missing" in outcome.rejections[0].reason
    assert "Rufen Sie 0821 324-0 an." not in strings_of(page)
    assert get_status(page, en()) == Status.INCOMPLETE


def test_deepl_quota_exceeded_fails_the_job_with_a_message_and_refunds(augsburg, deepl):
    page = make_page(augsburg, "Wohngeld")
    deepl.replies = [(456, {"message": "Quota exceeded"}, {})]

    with pytest.raises(BackendError, match="quota") as failed:
        translate_pages(augsburg, en(), [page])

    assert failed.value.quota
    assert TranslationBudget.objects.get(city=augsburg).used_characters == 0
    assert get_status(page, en()) == Status.MISSING


def test_deepl_rate_limit_is_retried_with_backoff(augsburg, deepl):
    page = make_page(augsburg, "Kindergeld")
    deepl.replies = [(429, {"message": "Too many requests"}, {}), (200, None, {})]

    translate_pages(augsburg, en(), [page])

    assert len(translate_requests(deepl)) == 2
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED


def test_deepl_rate_limit_that_persists_is_a_clear_failure(augsburg, deepl):
    page = make_page(augsburg, "Elterngeld")
    deepl.replies = [(429, {"message": "Too many requests"}, {})]

    with pytest.raises(BackendError, match="rate-limiting"):
        translate_pages(augsburg, en(), [page])
    assert get_status(page, en()) == Status.MISSING


def test_libretranslate_translates_over_its_json_api(augsburg, libre):
    page = make_page(augsburg, "Ausbildung")

    translate_pages(augsburg, en(), [page])

    method, path, _headers, body = translate_requests(libre)[0]
    assert (method, path) == ("POST", "/translate")
    assert (body["source"], body["target"], body["format"]) == ("de", "en", "html")
    assert strings_of(page)["Text zu <b>Ausbildung</b>."] == "[en] Text zu <b>Ausbildung</b>."
    assert get_status(page, en()) == Status.MACHINE_TRANSLATED


def test_libretranslate_429_is_retried_then_reported(augsburg, libre):
    page = make_page(augsburg, "Studium")
    libre.replies = [(429, {"error": "Slowdown"}, {"Retry-After": "0"})]

    with pytest.raises(BackendError, match="429 2 times"):
        translate_pages(augsburg, en(), [page])
    assert len(translate_requests(libre)) == 2
    assert TranslationBudget.objects.get(city=augsburg).used_characters == 0


def test_libretranslate_error_names_the_problem(augsburg, libre):
    page = make_page(augsburg, "Arbeit")
    libre.replies = [(400, {"error": "ar is not supported"}, {})]

    with pytest.raises(BackendError, match="ar is not supported"):
        translate_pages(augsburg, en(), [page])

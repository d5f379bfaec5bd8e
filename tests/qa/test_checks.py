"""Every QA check, with a translation that keeps the fact and one that loses it, in English,
Arabic (right-to-left, Arabic-Indic digits), Persian (Persian digits) and Ukrainian."""

from dataclasses import dataclass

import pytest
from django.utils import translation

from localization.qa.checks import BLOCKING, WARNING, check_segment


@dataclass
class Term:
    source: str
    do_not_translate: bool = True


def check(source, target, language, terms=()):
    return check_segment(
        source, target, source_language="de", target_language=language, terms=terms
    )


def codes(findings):
    return [(f.code, f.fact) for f in findings]


PHONE = "Rufen Sie 0821 324-0 an."


@pytest.mark.parametrize(
    ("language", "target"),
    [
        ("en", "Call 0821 324-0."),
        ("ar", "اتصل على ٠٨٢١ ٣٢٤-٠."),
        ("ar", "اتصل على \u200e0821 324-0\u200e."),
        ("fa", "با ۰۸۲۱ ۳۲۴-۰ تماس بگیرید."),
        ("uk", "Телефонуйте 0821 324-0."),
    ],
)
def test_a_phone_number_kept_in_any_script_has_no_finding(language, target):
    assert check(PHONE, target, language) == []


@pytest.mark.parametrize(
    ("language", "target"),
    [
        ("en", "Call 0821 342-0."),
        ("ar", "اتصل على ٠٨٢١ ٣٤٢-٠."),
        ("fa", "با ۰۸۲۱ ۳۴۲-۰ تماس بگیرید."),
        ("uk", "Телефонуйте за номером."),
    ],
)
def test_a_missing_or_changed_phone_number_blocks(language, target):
    findings = check(PHONE, target, language)
    assert codes(findings) == [("phone", "0821 324-0")]
    assert findings[0].severity == BLOCKING
    with translation.override("en"):
        assert findings[0].message == "the phone number 0821 324-0 is missing"
    with translation.override("de"):
        assert findings[0].message == "die Telefonnummer 0821 324-0 fehlt"


@pytest.mark.parametrize(
    ("language", "target"),
    [
        ("ar", "اتصل على ٣٢٤-٠ ٠٨٢١."),  # groups swapped, as a bidi-unaware tool leaves them
        ("fa", "با ۳۲۴-۰ ۰۸۲۱ تماس بگیرید."),
        ("en", "Call 324-0 0821."),
    ],
)
def test_a_phone_number_with_its_digit_groups_reordered_blocks(language, target):
    assert codes(check(PHONE, target, language)) == [("phone_order", "0821 324-0")]


@pytest.mark.parametrize(
    ("language", "good", "bad"),
    [
        ("en", "The fee is 1,500.50 euros for 3 people.", "The fee is 1,500 euros for 3 people."),
        ("ar", "الرسوم ١٥٠٠٫٥٠ يورو لـ ٣ أشخاص.", "الرسوم ١٥٠٠ يورو لـ ٣ أشخاص."),
        ("fa", "هزینه ۱۵۰۰٫۵۰ یورو برای ۳ نفر است.", "هزینه ۱۵۰۰ یورو برای ۳ نفر است."),
        ("uk", "Збір 1\u00a0500,50 євро для 3 осіб.", "Збір 1\u00a0500 євро для 3 осіб."),
    ],
)
def test_numbers_must_all_be_present_whatever_their_separators(language, good, bad):
    source = "Die Gebühr beträgt 1.500,50 Euro für 3 Personen."
    assert check(source, good, language) == []
    assert codes(check(source, bad, language)) == [("number", "1.500,50")]


@pytest.mark.parametrize(
    ("language", "good", "bad"),
    [
        ("en", "Write to info@augsburg.de.", "Write to info@augsburg.com."),
        ("ar", "راسلنا على info@augsburg.de.", "راسلنا على البريد."),
        ("fa", "به INFO@augsburg.de بنویسید.", "به info@augsbrug.de بنویسید."),
        ("uk", "Пишіть на info@augsburg.de.", "Пишіть нам."),
    ],
)
def test_email_addresses_must_be_present(language, good, bad):
    source = "Schreiben Sie an info@augsburg.de."
    assert check(source, good, language) == []
    assert codes(check(source, bad, language)) == [("email", "info@augsburg.de")]


@pytest.mark.parametrize(
    ("language", "good", "bad"),
    [
        ("en", "See https://www.augsburg.de/buergerbuero/.", "See https://www.augsburg.de/."),
        ("ar", "انظر https://www.augsburg.de/buergerbuero", "انظر الموقع."),
        ("fa", "ببینید https://WWW.AUGSBURG.DE/buergerbuero", "ببینید https://www.augsburg.de/x"),
        ("uk", "Див. https://www.augsburg.de/buergerbuero.", "Див. сайт міста."),
    ],
)
def test_urls_must_be_present(language, good, bad):
    source = "Siehe https://www.augsburg.de/buergerbuero."
    assert check(source, good, language) == []
    assert codes(check(source, bad, language)) == [("url", "https://www.augsburg.de/buergerbuero")]


@pytest.mark.parametrize(
    ("language", "good", "bad"),
    [
        ("en", "Apply by 12/03/2025.", "Apply by 13/03/2025."),
        ("en", "Apply by 12 March 2025.", "Apply by March 2025."),
        ("ar", "قدّم قبل ٢٠٢٥-٠٣-١٢.", "قدّم قبل ٢٠٢٥-٠٤-١٢."),
        ("fa", "تا ۱۲.۰۳.۲۰۲۵ درخواست دهید.", "تا ۱۲.۰۳.۲۰۲۴ درخواست دهید."),
        ("uk", "Подайте до 12.03.2025.", "Подайте до 21.03.2025."),
    ],
)
def test_dates_must_be_present(language, good, bad):
    source = "Bewerben Sie sich bis 12.03.2025."
    assert check(source, good, language) == []
    assert codes(check(source, bad, language)) == [("date", "12.03.2025")]


@pytest.mark.parametrize(
    ("language", "good", "bad", "fact"),
    [
        (
            "en",
            '<b>Bring</b> your <a id="a1">passport</a>.',
            'Bring your <a id="a1">passport</a>.',
            "-b1",
        ),
        ("ar", '<a id="a1">جواز السفر</a> <b>أحضر</b>', "<b>أحضر</b> جواز السفر", "-a1"),
        (
            "fa",
            '<b>بیاورید</b> <a id="a1">گذرنامه</a>',
            '<b>بیاورید</b> <i>x</i> <a id="a1">گذرنامه</a>',
            "+i1",
        ),
        (
            "uk",
            '<b>Візьміть</b> <a id="a1">паспорт</a>.',
            "<b>Візьміть</b> <b>паспорт</b>.",
            "-a1 +b2",
        ),
    ],
)
def test_inline_codes_must_match(language, good, bad, fact):
    source = '<b>Bringen</b> Sie Ihren <a id="a1">Pass</a> mit.'
    assert check(source, good, language) == []
    assert codes(check(source, bad, language)) == [("codes", fact)]


@pytest.mark.parametrize("language", ["en", "ar", "fa", "uk"])
@pytest.mark.parametrize("empty", ["", "   ", "<b> </b>", "\u200f"])
def test_an_empty_translation_blocks(language, empty):
    findings = check("<b>Termin</b> vereinbaren", empty, language)
    assert codes(findings) == [("empty", "")]
    assert findings[0].severity == BLOCKING


@pytest.mark.parametrize(
    ("language", "good", "bad"),
    [
        ("en", "Ask the Jobcenter Augsburg.", "Ask the job centre Augsburg."),
        ("ar", "اسأل Jobcenter في أوغسبورغ.", "اسأل مركز العمل في أوغسبورغ."),
        ("fa", "از Jobcenter بپرسید.", "از jobcenter بپرسید."),
        ("uk", "Зверніться до Jobcenter.", "Зверніться до центру зайнятості."),
    ],
)
def test_do_not_translate_terms_stay_unchanged(language, good, bad):
    source = "Fragen Sie das Jobcenter Augsburg."
    terms = [Term("Jobcenter"), Term("Augsburg", do_not_translate=False)]
    assert check(source, good, language, terms) == []
    assert codes(check(source, bad, language, terms)) == [("do_not_translate", "“Jobcenter”")]


LONG = "Die Anmeldung erfolgt im Bürgerbüro am Rathausplatz, bitte bringen Sie alle Unterlagen mit."


@pytest.mark.parametrize(
    ("language", "good", "bad"),
    [
        (
            "en",
            "You register at the citizens' office on Rathausplatz; bring all your papers.",
            "You register: die Anmeldung erfolgt im Bürgerbüro am Rathausplatz.",
        ),
        (
            "ar",
            "التسجيل في مكتب المواطنين في ساحة البلدية، أحضر كل الأوراق.",
            "التسجيل: Die Anmeldung erfolgt im Bürgerbüro am Rathausplatz",
        ),
        ("fa", "ثبت‌نام در دفتر شهروندان انجام می‌شود، همه مدارک را بیاورید.", LONG),
        (
            "uk",
            "Реєстрація відбувається в бюро громадян на Ратушній площі, візьміть усі документи.",
            "Реєстрація: bitte bringen Sie alle Unterlagen mit.",
        ),
    ],
)
def test_leftover_source_text_in_a_long_segment_is_a_warning(language, good, bad):
    assert check(LONG, good, language) == []
    findings = check(LONG, bad, language)
    assert [f.code for f in findings] == ["leftover_source"]
    assert findings[0].severity == WARNING


def test_a_short_segment_may_stay_in_the_source_language():
    assert check("Bürgerbüro Augsburg", "Bürgerbüro Augsburg", "en") == []


def test_one_fact_gives_one_finding():
    """The phone number's digits are not reported again as numbers, nor a URL's as numbers."""
    source = "Tel. 0821 324-0, https://augsburg.de/2025 oder am 12.03.2025 um 9 Uhr."
    findings = check(source, "Come at 9.", "en")
    assert codes(findings) == [
        ("url", "https://augsburg.de/2025"),
        ("date", "12.03.2025"),
        ("phone", "0821 324-0"),
    ]

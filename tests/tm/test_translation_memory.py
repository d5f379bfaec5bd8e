"""The translation memory: fed by published translations, offered on export as alt-trans (1.2)
and mtc:matches (2.0), exact before fuzzy, same page before same city before sharing cities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from rapidfuzz import fuzz
from wagtail.models import Locale

from guides.models import CityPage
from localization.tm.feed import feed_all
from localization.tm.lookup import find_matches
from localization.tm.models import TMEntry
from localization.xliff.document import NS12, NS20, NS_MTC
from localization.xliff.export import export_pairs
from tests.conftest import make_page
from tests.xliff.helpers import do_import, export_one, fill_targets, translated
from tests.xliff.validation import assert_valid

X12 = {"x": NS12}
X20 = {"x": NS20, "mtc": NS_MTC}


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def translate_and_publish(page, code, on_commit, translate=lambda text: f"EN {text}"):
    exported = export_one(page, code)
    with on_commit():
        [result] = do_import(fill_targets(exported.content, "1.2", translate), publish=True)
    assert result.outcome == "applied", result.message
    return translated(page, code)


def alt_trans(content, source_text):
    """[(match-quality, origin, target text)] of the unit whose source text is source_text."""
    root = etree.fromstring(content)
    for unit in root.iterfind(".//x:trans-unit", X12):
        if "".join(unit.find("x:source", X12).itertext()) == source_text:
            return [
                (
                    alt.get("match-quality"),
                    alt.get("origin"),
                    "".join(alt.find("x:target", X12).itertext()),
                )
                for alt in unit.iterfind("x:alt-trans", X12)
            ]
    raise AssertionError(f"no unit with source {source_text!r}")


def test_publishing_a_translation_feeds_the_memory(augsburg, on_commit):
    page = make_page(augsburg, "Wohnen", body=paragraph("Die Miete zahlt man monatlich."))
    translate_and_publish(page, "en", on_commit)
    entry = TMEntry.objects.get(source_text="Die Miete zahlt man monatlich.", target_language="en")
    assert entry.target_text == "EN Die Miete zahlt man monatlich."
    assert entry.source_language == "de"
    assert (entry.city_id, entry.origin, entry.origin_object_id) == (augsburg.pk, "page", page.pk)
    assert entry.origin_key == page.translation_key


def test_backfill_builds_the_same_memory_again(augsburg, on_commit):
    page = make_page(augsburg, "Wohnen", body=paragraph("Die Miete zahlt man monatlich."))
    translate_and_publish(page, "en", on_commit)
    before = set(TMEntry.objects.values_list("source_text", "target_text", "city_id", "origin"))
    TMEntry.objects.all().delete()
    assert feed_all() == len(before)
    after = set(TMEntry.objects.values_list("source_text", "target_text", "city_id", "origin"))
    assert after == before


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_exact_match_from_another_page_of_the_same_city(augsburg, on_commit, version):
    first = make_page(augsburg, "Wohnen", body=paragraph("Die Miete zahlt man monatlich."))
    translate_and_publish(first, "en", on_commit)
    second = make_page(augsburg, "Arbeit", body=paragraph("Die Miete zahlt man monatlich."))

    content = export_one(second, "en", version).content

    assert_valid(content, version)
    if version == "1.2":
        assert alt_trans(content, "Die Miete zahlt man monatlich.") == [
            ("100%", f"cityguide-tm:augsburg/page/{first.pk}", "EN Die Miete zahlt man monatlich.")
        ]
    else:
        root = etree.fromstring(content)
        [match] = root.findall(".//mtc:match", X20)
        assert match.get("matchQuality") == "100.0"
        assert match.get("origin") == f"cityguide-tm:augsburg/page/{first.pk}"
        assert match.find("x:target", X20).text == "EN Die Miete zahlt man monatlich."


def test_fuzzy_match_carries_rapidfuzz_similarity_and_a_distant_text_none(augsburg, on_commit):
    old = "Die Miete zahlt man jeden Monat an den Vermieter."
    near = "Die Miete zahlt man jeden Monat an die Vermieterin."
    far = "Busse fahren nachts nur am Wochenende."
    first = make_page(augsburg, "Wohnen", body=paragraph(old))
    translate_and_publish(first, "en", on_commit)
    second = make_page(augsburg, "Arbeit", body=paragraph(near) + paragraph(far))

    content = export_one(second, "en").content

    assert_valid(content, "1.2")
    expected = int(fuzz.ratio(near, old))
    assert 75 <= expected < 100
    assert alt_trans(content, near) == [
        (f"{expected}%", f"cityguide-tm:augsburg/page/{first.pk}", f"EN {old}")
    ]
    assert alt_trans(content, far) == []


def test_same_page_match_ranks_before_other_pages(augsburg, on_commit):
    text = "Anmeldung im Bürgerbüro."
    other = make_page(augsburg, "Amt", body=paragraph(text))
    translate_and_publish(other, "en", on_commit, translate=lambda t: f"OTHER {t}")
    page = make_page(augsburg, "Wohnen", body=paragraph(text))
    translate_and_publish(page, "en", on_commit, translate=lambda t: f"SAME {t}")

    matches = find_matches(
        [(text, page.translation_key)],
        city=augsburg,
        source_language="de",
        target_language="en",
    )[(text, page.translation_key)]

    assert [(m.target_text, m.place) for m in matches] == [
        (f"SAME {text}", "same-object"),
        (f"OTHER {text}", "same-city"),
    ]


@pytest.mark.parametrize("shared", [True, False])
def test_other_cities_match_only_when_they_share(augsburg, nuernberg, on_commit, shared):
    text = "Die Stadtbibliothek ist kostenlos."
    source = make_page(augsburg, "Bibliothek", body=paragraph(text))
    translate_and_publish(source, "en", on_commit)
    CityPage.objects.filter(translation_key=augsburg.translation_key).update(
        share_translation_memory=shared
    )
    page = make_page(nuernberg, "Bücherei", body=paragraph(text))

    content = export_one(page, "en").content

    expected = [("100%", f"cityguide-tm:augsburg/page/{source.pk}", f"EN {text}")]
    assert alt_trans(content, text) == (expected if shared else [])


def test_a_city_that_does_not_share_still_uses_its_own_memory(augsburg, on_commit):
    text = "Die Stadtbibliothek ist kostenlos."
    translate_and_publish(make_page(augsburg, "Bibliothek", body=paragraph(text)), "en", on_commit)
    CityPage.objects.filter(pk=augsburg.pk).update(share_translation_memory=False)
    page = make_page(augsburg, "Bücherei", body=paragraph(text))

    assert [quality for quality, _o, _t in alt_trans(export_one(page, "en").content, text)] == [
        "100%"
    ]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_prefill_marks_leveraged_targets_and_import_never_publishes_them(
    augsburg, on_commit, version
):
    text = "Die Stadtbibliothek ist kostenlos."
    translate_and_publish(make_page(augsburg, "Bibliothek", body=paragraph(text)), "en", on_commit)
    page = make_page(augsburg, "Bücherei", body=paragraph(text))
    [exported] = export_pairs(
        [(page, Locale.objects.get(language_code="en"))],
        version=version,
        mark=False,
        leverage="prefill",
    )
    assert_valid(exported.content, version)
    root = etree.fromstring(exported.content)
    if version == "1.2":
        [target] = [
            unit.find("x:target", X12)
            for unit in root.iterfind(".//x:trans-unit", X12)
            if "".join(unit.find("x:source", X12).itertext()) == text
        ]
        marks = (target.get("state"), target.get("state-qualifier"))
        assert marks == ("needs-review-translation", "exact-match")
    else:
        [segment] = [
            seg
            for seg in root.iterfind(".//x:segment", X20)
            if seg.find("x:source", X20).text == text
        ]
        target = segment.find("x:target", X20)
        marks = (segment.get("state"), segment.get("subState"))
        assert marks == ("initial", "cityguide:exact-match")
    assert target.text == f"EN {text}"

    with on_commit():
        [result] = do_import(exported.content, publish=True)

    assert text[:20] in " ".join(result.untranslated)
    assert not TMEntry.objects.filter(origin_key=page.translation_key).exists()
    translations = type(page).objects.filter(
        translation_key=page.translation_key, locale__language_code="en"
    )
    assert all(f"EN {text}" not in str(p.body.raw_data) for p in translations)


def test_leverage_none_writes_no_matches(augsburg, on_commit):
    text = "Die Stadtbibliothek ist kostenlos."
    translate_and_publish(make_page(augsburg, "Bibliothek", body=paragraph(text)), "en", on_commit)
    page = make_page(augsburg, "Bücherei", body=paragraph(text))
    [exported] = export_pairs(
        [(page, Locale.objects.get(language_code="en"))], mark=False, leverage="none"
    )
    assert b"alt-trans" not in exported.content


def _lookup_queries(city, count):
    wanted = [(f"Ein ganz neuer Satz Nummer {n} über Wohnen.", None) for n in range(count)]
    with CaptureQueriesContext(connection) as queries:
        found = find_matches(wanted, city=city, source_language="de", target_language="en")
    return len(queries), found


def test_lookup_costs_the_same_queries_for_few_and_many_units(augsburg, on_commit):
    page = make_page(augsburg, "Wohnen", body=paragraph("Ein ganz neuer Satz Nummer 1 über Miete."))
    translate_and_publish(page, "en", on_commit)

    few, found_few = _lookup_queries(augsburg, 3)
    many, found_many = _lookup_queries(augsburg, 60)

    assert few == many
    assert found_few and len(found_many) > len(found_few)


def test_feeding_costs_the_same_few_queries_for_one_and_many_translations(augsburg, on_commit):
    from localization.models import TranslationStatus
    from localization.tm.feed import feed_rows

    pages = [
        make_page(augsburg, f"Seite {n}", body=paragraph(f"Satz {n} über Wohnen."))
        for n in range(4)
    ]
    for page in pages:
        translate_and_publish(page, "en", on_commit)
    rows = list(
        TranslationStatus.objects.filter(
            translation_live=True, source_page__in=pages, target_locale__language_code="en"
        )
    )
    assert len(rows) == 4

    with CaptureQueriesContext(connection) as one:
        feed_rows(rows[:1])
    with CaptureQueriesContext(connection) as many:
        written = feed_rows(rows)

    assert (
        written == TMEntry.objects.filter(origin_key__in=[p.translation_key for p in pages]).count()
    )
    assert len(one) == len(many) <= 10  # the publish budget, were the task run inline


def _seed_tmx(city, pairs):
    """Seed the city's memory as an agency's TMX would: [(German source, English target)]."""
    from xml.sax.saxutils import escape

    from localization.tm.tmx import import_tmx

    units = "".join(
        f'<tu><tuv xml:lang="de"><seg>{escape(source)}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{escape(target)}</seg></tuv></tu>'
        for source, target in pairs
    )
    data = f'<tmx version="1.4"><header srclang="de"/><body>{units}</body></tmx>'
    assert import_tmx(data.encode(), city).entries == len(pairs)


QUERY = "Termin Ausweis Formular Beratung Anmeldung Wohnung Miete Schule."


def _reorderings(text, count):
    """`count` sentences of exactly the words of `text` in other orders, each below the fuzzy
    floor: they share every word with it, but not its word order."""
    import random

    words, rng, found = text.rstrip(".").split(), random.Random(15), set()
    while len(found) < count:
        rng.shuffle(words)
        candidate = " ".join(words) + "."
        if fuzz.ratio(text, candidate) < 70:
            found.add(candidate)
    return sorted(found)


def test_fuzzy_match_is_found_among_many_texts_of_the_same_words(augsburg):
    """A memory whose texts share all of a sentence's words (a small vocabulary, as in forms
    and notices) must not hide the one entry that is a near copy of it."""
    near = QUERY.replace("Schule", "Kurs")
    decoys = _reorderings(QUERY, 150)
    _seed_tmx(augsburg, [(near, f"EN {near}")] + [(text, f"EN {text}") for text in decoys])

    matches = find_matches(
        [(QUERY, None)], city=augsburg, source_language="de", target_language="en"
    )

    expected = int(fuzz.ratio(QUERY, near))
    assert 75 <= expected < 100
    assert [(m.source_text, m.quality) for m in matches.get((QUERY, None), [])] == [
        (near, expected)
    ]


def test_lookup_queries_stay_the_same_as_the_memory_grows(augsburg):
    known = "Ein ganz neuer Satz Nummer 1 über Miete."
    _seed_tmx(augsburg, [(known, "A brand-new sentence number 1 about rent.")])
    few, found_few = _lookup_queries(augsburg, 3)

    _seed_tmx(augsburg, [(text, f"EN {text}") for text in _reorderings(known, 200)])
    assert TMEntry.objects.filter(city=augsburg).count() == 201
    many, found_many = _lookup_queries(augsburg, 60)

    assert few == many
    assert found_few and len(found_many) > len(found_few)

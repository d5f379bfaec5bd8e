"""The glossary a translation sees (the city's terms plus the shared ones, the city's winning)
and the terms a segment holds (whole words, any case)."""

from localization.glossary.lookup import GlossaryTerm, terms_for, terms_in


def _by_source(terms):
    return {term.source: term for term in terms}


def test_terms_for_gives_the_citys_and_the_shared_terms_with_the_citys_winning(
    augsburg, nuernberg, term_factory, django_assert_num_queries
):
    term_factory("Jobcenter", en="job centre", ar="مركز التوظيف")
    term_factory("Ausländerbehörde", city=augsburg, en="immigration office", note="Amt in Augsburg")
    term_factory("jobcenter", city=augsburg, en="Jobcenter Augsburg", do_not_translate=True)
    term_factory("Bürgeramt", city=nuernberg, en="citizens' office")
    term_factory("Meldebescheinigung")

    with django_assert_num_queries(1):
        terms = _by_source(terms_for(augsburg, "de", "en"))

    assert set(terms) == {"jobcenter", "Ausländerbehörde", "Meldebescheinigung"}
    assert terms["jobcenter"] == GlossaryTerm("jobcenter", "Jobcenter Augsburg", "", True, False)
    assert terms["Ausländerbehörde"].target == "immigration office"
    assert terms["Ausländerbehörde"].note == "Amt in Augsburg"
    assert terms["Meldebescheinigung"].target == ""
    assert terms["Meldebescheinigung"].shared


def test_terms_for_another_language_and_for_the_shared_glossary_alone(augsburg, term_factory):
    term_factory("Jobcenter", en="job centre", ar="مركز التوظيف")
    term_factory("Bürgeramt", city=augsburg, en="citizens' office")

    assert [(t.source, t.target) for t in terms_for(augsburg, "de", "ar")] == [
        ("Bürgeramt", ""),
        ("Jobcenter", "مركز التوظيف"),
    ]
    assert [t.source for t in terms_for(None, "de", "en")] == ["Jobcenter"]
    assert terms_for(augsburg, "en", "de") == []


def _term(source):
    return GlossaryTerm(source, "", "", False, True)


def test_terms_in_finds_whole_words_in_any_case():
    amt, jobcenter, two_words = _term("Amt"), _term("Jobcenter"), _term("Blaue Karte")
    terms = [amt, jobcenter, two_words]

    assert terms_in("Gehen Sie zum JOBCENTER, dann zum Amt.", terms) == [amt, jobcenter]
    assert terms_in("Das Amtsgericht und die Ämter", terms) == []
    assert terms_in("Mit der blauen Karte", terms) == []
    assert terms_in("Die blaue\nkarte gilt.", terms) == [two_words]
    assert terms_in("", terms) == []


def test_terms_in_uses_unicode_word_boundaries():
    ukrainian = _term("Центр")
    arabic = _term("مركز")
    umlaut = _term("Übergang")

    assert terms_in("Йдіть до центру, там Центр.", [ukrainian]) == [ukrainian]
    assert terms_in("Йдіть до центру.", [ukrainian]) == []
    assert terms_in("اذهب إلى مركز المدينة", [arabic]) == [arabic]
    assert terms_in("اذهب إلى المركز", [arabic]) == []
    assert terms_in("Der Übergangsbereich", [umlaut]) == []
    assert terms_in("Im Übergang: Hilfe", [umlaut]) == [umlaut]


def test_terms_in_folds_case_the_unicode_way():
    strasse, masse = _term("Straße"), _term("Maße")
    terms = [strasse, masse]

    assert terms_in("Die HAUPTSTRASSE und die STRASSE", terms) == [strasse]
    assert terms_in("Gehen Sie die Strasse entlang.", terms) == [strasse]
    assert terms_in("In der STRASSENBAHN", terms) == []
    assert terms_in("Die MASSE der Leute", terms) == [masse]
    assert terms_in("ΟΔΟΣ", [_term("οδός")]) == []  # accents differ: not the same word
    assert terms_in("ΟΔΌΣ", [_term("οδός")]) == [_term("οδός")]  # final sigma folds to σ


def test_terms_in_matches_composed_and_decomposed_letters_alike():
    composed = _term("Übergang")
    decomposed_text = "Im U\u0308BERGANG: Hilfe"

    assert terms_in(decomposed_text, [composed]) == [composed]
    assert terms_in("Im Übergang", [_term("U\u0308bergang")]) == [_term("U\u0308bergang")]
    assert terms_in("Der U\u0308bergangsbereich", [composed]) == []

"""The demo content: its data files, and what a load writes, as editors and readers meet it.

The tests that read a loaded demo share one load (`demo_content`, a shared fixture: built once
for these consecutive tests, each test in its own savepoint); the ones about a second load run
it themselves. The load's own steps and its transactional run are in test_demo_load_progress.
"""

from functools import cache

from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from guides.demo.datafiles import read_demo_data
from guides.demo.loader import load_demo_data
from guides.models import CityPage, GuidePage
from tests.shared import run_on_commit, shared_fixture

LANGUAGES = ["de", "en", "ar", "fa", "uk", "tr", "fr", "ru"]


@cache
def augsburg_pages():
    """The Augsburg guide as the data files give it: texts by language, children nested."""
    return next(city for city in read_demo_data() if city.demo.slug == "augsburg").pages


def walk(specs, depth=1):
    for spec in specs:
        yield spec, depth
        yield from walk(spec.get("children", []), depth + 1)


def test_demo_guide_has_30_pages_three_levels_deep_in_every_language():
    pages = list(walk(augsburg_pages()))
    assert len(pages) >= 30
    assert max(depth for _, depth in pages) == 3
    for spec, _ in pages:
        for field in ("title", "slug", "teaser"):
            assert set(spec[field]) == set(LANGUAGES), (spec["key"], field)
            assert len({spec[field][code] for code in LANGUAGES}) > 2, "not really translated"


# A few sections that include every demo case: missing, outdated, three levels deep; and the
# emergencies, which Nürnberg lacks in Ukrainian (a reader's fallback).
DEMO_SUBSET = {"arrival", "work", "money", "emergencies"}


@shared_fixture()
def demo_content():
    """The demo loaded with DEMO_SUBSET of the guide (the password is the default one): the
    accounts it printed."""
    with run_on_commit():
        return load_demo_data(sections=DEMO_SUBSET)


def test_load_demo_data_translates_leaves_gaps_and_is_idempotent(demo_content, client):
    accounts = demo_content

    augsburg = CityPage.objects.get(slug="augsburg", locale__language_code="de")
    assert sorted(augsburg.language_codes) == sorted(LANGUAGES)
    nuernberg = CityPage.objects.get(slug="nuernberg", locale__language_code="de")
    assert sorted(nuernberg.language_codes) == ["ar", "de", "en", "uk"]
    assert (
        CityPage.objects.get(
            translation_key=augsburg.translation_key, locale__language_code="ar"
        ).title
        == "أوغسبورغ"
    )

    source = GuidePage.objects.child_of(augsburg).get(slug=augsburg_pages()[0]["slug"]["de"])
    arabic = source.get_translation(source.locale.__class__.objects.get(language_code="ar"))
    assert arabic.live and arabic.title == augsburg_pages()[0]["title"]["ar"]
    assert "<b>" in str(arabic.body.raw_data) or "<a " in str(arabic.body.raw_data)
    money = next(s for s in augsburg_pages() if s["key"] == "money")
    french_money = GuidePage.objects.filter(
        locale__language_code="fr",
        translation_key__in=GuidePage.objects.filter(slug=money["slug"]["de"]).values(
            "translation_key"
        ),
    )
    assert not french_money.exists(), "fr stays missing for the money section"

    from localization.tracking import get_status

    locale = source.locale.__class__.objects.get
    assert get_status(source, locale(language_code="ar")) == "outdated"
    assert get_status(augsburg, locale(language_code="en")) == "up_to_date"
    money_source = GuidePage.objects.child_of(augsburg).get(slug=money["slug"]["de"])
    assert get_status(money_source, locale(language_code="fr")) == "missing"

    response = client.get(arabic.url)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert any(line.startswith("augsburg-editor / ") for line in accounts)
    assert client.login(username="augsburg-editor", password="cityguide")

    # the top-level pages have icons in every language, served as the app's tile `thumbnail`
    top_level = GuidePage.objects.filter(depth=augsburg.depth + 1, path__startswith=augsburg.path)
    assert top_level.count() == len(DEMO_SUBSET)
    for code in ("de", "ar"):
        tiles = client.get(f"/api/v3/augsburg/{code}/children/").json()
        assert len(tiles) >= 2 and all(t["thumbnail"].endswith(".png") for t in tiles), code
    icons = {p.icon_id for p in GuidePage.objects.filter(depth=augsburg.depth + 1)}
    assert None not in icons

    counts = Page.objects.count(), Revision.objects.count(), Image.objects.count()
    with run_on_commit():
        load_demo_data(sections=DEMO_SUBSET)
    assert (Page.objects.count(), Revision.objects.count(), Image.objects.count()) == counts
    stale = [p.pk for p in Page.objects.all() if p.numchild != p.get_children().count()]
    assert stale == [], "wagtail-localize#773: stale numchild hides pages"


def test_demo_accounts_take_password_from_environment(demo_content, monkeypatch, client):
    """Each load sets the accounts' password: DEMO_PASSWORD, else `cityguide`."""
    assert client.login(username="nuernberg-editor", password="cityguide")
    monkeypatch.setenv("DEMO_PASSWORD", "s3cret-demo")

    with run_on_commit():
        accounts = load_demo_data(sections=())

    assert accounts[0] == "admin / s3cret-demo (superuser)"
    assert client.login(username="nuernberg-editor", password="s3cret-demo")
    assert not client.login(username="nuernberg-editor", password="cityguide")


def test_demo_ukrainian_reader_reaches_nuernbergs_emergencies_and_search_finds_them(
    demo_content, client
):
    """The demo as a reader meets it: Nürnberg has no Ukrainian "Notfälle", so a Ukrainian
    reader reaches the German page through the fallback, and the demo's pages are in the search
    index."""
    with translation.override("uk"):
        notice = translation.gettext("This page is not yet available in your language.")

    city = client.get("/uk/nuernberg/").content.decode()
    assert '<a href="/uk/nuernberg/notfaelle/" lang="de" dir="ltr" hreflang="de">' in city
    page = client.get("/uk/nuernberg/notfaelle/").content.decode()
    assert notice in page and "112" in page

    found = client.get("/api/v3/nuernberg/uk/search/", {"q": "112"}).json()
    assert found and all(hit["fallback"] and hit["language"] == "de" for hit in found)
    assert "/nuernberg/de/notfaelle/" in [hit["path"] for hit in found]
    arabic = client.get("/api/v3/augsburg/ar/search/", {"q": "112"}).json()
    assert arabic and all(hit["language"] == "ar" and not hit["fallback"] for hit in arabic)


EMERGENCY_NUMBERS = ["tel:112", "tel:110", "tel:116117"]


def test_demo_cities_have_tappable_emergency_numbers_in_every_language(demo_content, client):
    """The demo fills both cities' emergency boxes (112, 110, 116117) in all their languages."""
    roots = CityPage.objects.filter(slug__in=["augsburg", "nuernberg"], live=True)
    assert roots.count() == 8 + 4
    for root in roots:
        soup = BeautifulSoup(client.get(root.url).content, "html.parser")
        box = soup.select_one("main section.emergency")
        assert box is not None, root.url
        assert [a["href"] for a in box.select("a")] == EMERGENCY_NUMBERS, root.url

    revisions = Revision.objects.count()
    with run_on_commit():
        load_demo_data(sections=())
    assert Revision.objects.count() == revisions, "a second load changes nothing"

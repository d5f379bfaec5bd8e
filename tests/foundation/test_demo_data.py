from functools import cache

import pytest
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from guides.demo.datafiles import read_demo_data
from guides.demo.loader import load_demo_data
from guides.models import CityPage, GuidePage
from tests.shared import run_on_commit

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


# A few sections that include every demo case: missing, outdated, three levels deep.
DEMO_SUBSET = {"arrival", "work", "money"}


@pytest.mark.django_db
def test_load_demo_data_translates_leaves_gaps_and_is_idempotent(client):
    with run_on_commit():
        accounts = load_demo_data(sections=DEMO_SUBSET)

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


@pytest.mark.django_db
def test_demo_accounts_take_password_from_environment(monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "s3cret-demo")

    with run_on_commit():
        accounts = load_demo_data(sections=())

    assert accounts[0] == "admin / s3cret-demo (superuser)"
    assert client.login(username="nuernberg-editor", password="s3cret-demo")
    assert not client.login(username="nuernberg-editor", password="cityguide")

"""A city editor's admin starts at their city, in their own language: the explorer, the
"Pages" menu, the page chooser and the dashboard's page count. Superusers keep Wagtail's."""

import json
import re

from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

from guides.models import CityPage
from tests.conftest import city_translation, make_page, make_user

EXPLORER = reverse("wagtailadmin_explore_root")
CHOOSER = reverse("wagtailadmin_choose_page")


def editor(client, city, language=None, name="lena"):
    user = make_user(name, city=city)
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    client.force_login(user)
    return user


def explore_url(page):
    return reverse("wagtailadmin_explore", args=[page.pk])


def test_explorer_opens_at_the_city_in_the_editors_language(client, augsburg):
    editor(client, augsburg, "en")

    response = client.get(EXPLORER)

    assert response.status_code == 302
    assert response["Location"] == explore_url(city_translation(augsburg, "en"))


def test_explorer_keeps_the_search_it_was_opened_with(client, augsburg):
    editor(client, augsburg, "de")

    response = client.get(EXPLORER, {"q": "Arzt"})

    assert response["Location"] == explore_url(augsburg) + "?q=Arzt"


def test_explorer_opens_at_the_source_city_when_the_city_lacks_the_language(client, augsburg):
    editor(client, augsburg, "uk")  # Augsburg has de, en, ar, fa

    assert client.get(EXPLORER)["Location"] == explore_url(augsburg)


def test_editor_of_two_cities_starts_at_the_home_page_listing_them(client, augsburg, nuernberg):
    user = editor(client, augsburg, "en")
    user.groups.add(nuernberg.editors_group)
    english_home = city_translation(augsburg, "en").get_parent()

    response = client.get(EXPLORER, follow=True)

    assert response.redirect_chain[0][0] == explore_url(english_home)
    listed = {page.pk for page in response.context["pages"]}
    assert listed == {city_translation(augsburg, "en").pk, city_translation(nuernberg, "en").pk}


def test_explorer_lists_the_citys_pages(client, augsburg, nuernberg):
    mine = make_page(augsburg, "Arztbesuch")
    make_page(nuernberg, "Wohnen")
    editor(client, augsburg, "de")

    response = client.get(EXPLORER, follow=True)

    assert response.status_code == 200
    assert response.context["parent_page"].pk == augsburg.pk
    assert [page.pk for page in response.context["pages"]] == [mine.pk]


def test_other_language_copies_stay_explorable(client, augsburg):
    editor(client, augsburg, "de")
    english = city_translation(augsburg, "en")

    response = client.get(explore_url(english))

    assert response.status_code == 200
    assert response.context["parent_page"].pk == english.pk


def test_superuser_keeps_the_tree_root(client, augsburg):
    client.force_login(make_user("root", superuser=True))

    response = client.get(EXPLORER)

    assert response.status_code == 200
    assert response.context["parent_page"].is_root()


def sidebar_pages_menu(response):
    """(url, start page id) of the sidebar's "Pages" menu."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    menu = json.loads(props.group(1))["modules"][2]["_args"][0]
    (explorer,) = [item for item in menu if item["_args"][0]["name"] == "explorer"]
    item, start = explorer["_args"]
    return item["url"], start


def test_pages_menu_starts_at_the_city(client, augsburg):
    editor(client, augsburg, "ar")
    arabic = city_translation(augsburg, "ar")

    menu = sidebar_pages_menu(client.get(reverse("wagtailadmin_home")))

    assert menu == (explore_url(arabic), arabic.pk)


def test_dashboard_counts_only_the_citys_pages(client, augsburg, nuernberg):
    make_page(augsburg, "Arztbesuch")
    make_page(augsburg, "Schule")
    make_page(nuernberg, "Wohnen")
    editor(client, augsburg, "de")
    copies = CityPage.objects.filter(translation_key=augsburg.translation_key).count()

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    link = re.search(rf'<a href="{explore_url(augsburg)}">\s*(\d+)', html)
    assert int(link.group(1)) == copies + 2
    assert Page.objects.filter(depth__gt=1).count() > copies + 2  # the installation's is more


def test_dashboard_of_a_superuser_counts_every_page(client, augsburg, nuernberg):
    make_page(nuernberg, "Wohnen")
    client.force_login(make_user("root", superuser=True))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    total = Page.objects.filter(depth__gt=1).count()
    site_root = explore_url(Site.objects.get().root_page)  # Wagtail's link when one site
    assert re.search(rf'<a href="{site_root}">\s*{total}\b', html)


def test_page_chooser_opens_at_the_city(client, augsburg, nuernberg):
    make_page(augsburg, "Arztbesuch")
    editor(client, augsburg, "de")

    response = client.get(CHOOSER)

    assert response.status_code == 200
    assert response.json()["parent_page_id"] == augsburg.pk
    assert "Arztbesuch" in response.json()["html"]


def test_page_chooser_of_another_citys_editor_shows_none_of_augsburg(client, augsburg, nuernberg):
    make_page(augsburg, "Arztbesuch in Augsburg")
    editor(client, nuernberg, "de", name="max")

    response = client.get(CHOOSER)

    assert response.json()["parent_page_id"] == nuernberg.pk
    assert "Arztbesuch in Augsburg" not in response.json()["html"]

"""The admin concordance search: a phrase's translations across the memory a city editor may
read (their city's, and the sharing cities'), with links to the pages."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from guides.models import CityPage
from tests.conftest import make_page
from tests.tm.test_translation_memory import paragraph, translate_and_publish

TEXT = "Die Stadtbibliothek ist kostenlos."


def _search(client, phrase):
    response = client.get(reverse("tm_concordance"), {"q": phrase})
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_finds_a_phrase_with_its_translation_and_page_link(
    augsburg, on_commit, client, user_factory
):
    page = make_page(augsburg, "Bibliothek", body=paragraph(TEXT))
    translate_and_publish(page, "en", on_commit)
    client.force_login(user_factory("anna", city=augsburg))

    html = _search(client, "stadtbibliothek")

    hits = html.split("data-concordance")[1]
    assert f"EN {TEXT}" in hits
    assert f'href="{page.url}"' in hits


def test_another_citys_memory_shows_only_while_it_shares(
    augsburg, nuernberg, on_commit, client, user_factory
):
    translate_and_publish(make_page(nuernberg, "Bücherei", body=paragraph(TEXT)), "en", on_commit)
    client.force_login(user_factory("anna", city=augsburg))
    assert f"EN {TEXT}" in _search(client, "Stadtbibliothek")

    CityPage.objects.filter(pk=nuernberg.pk).update(share_translation_memory=False)

    assert f"EN {TEXT}" not in _search(client, "Stadtbibliothek")
    client.force_login(user_factory("nils", city=nuernberg))
    assert f"EN {TEXT}" in _search(client, "Stadtbibliothek")


def test_a_user_without_a_city_is_refused(client, user_factory, augsburg):
    user = user_factory("guest")
    user.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("tm_concordance"), {"q": "x"})
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))

"""The admin concordance search: a phrase's translations across the memory a city editor may
read (their city's, and the sharing cities'), with links to the pages."""

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guides.models import CityPage
from localization.tm.models import TMEntry
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


def test_an_editor_downloads_their_citys_tmx_and_not_another_citys(
    augsburg, nuernberg, on_commit, client, user_factory
):
    translate_and_publish(make_page(augsburg, "Bibliothek", body=paragraph(TEXT)), "en", on_commit)
    client.force_login(user_factory("anna", city=augsburg))

    own = client.get(reverse("tm_tmx_download"), {"city": augsburg.pk, "language": "en"})
    assert own.status_code == 200
    assert own["Content-Disposition"] == 'attachment; filename="augsburg_en.tmx"'
    assert f"EN {TEXT}".encode() in own.content

    other = client.get(reverse("tm_tmx_download"), {"city": nuernberg.pk, "language": "en"})
    assert (other.status_code, other["Location"]) == (302, reverse("tm_concordance"))


def test_an_editor_imports_a_tmx_into_their_city_only_and_a_bad_file_writes_nothing(
    augsburg, nuernberg, client, user_factory
):
    tmx = (
        b'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" '
        b'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="de" '
        b'datatype="plaintext"/><body><tu><tuv xml:lang="de"><seg>Hallo</seg></tuv>'
        b'<tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>'
    )
    client.force_login(user_factory("anna", city=augsburg))

    def upload(city, content):
        return client.post(
            reverse("tm_tmx_upload"),
            {"city": city.pk, "file": SimpleUploadedFile("agency.tmx", content)},
        )

    refused = upload(nuernberg, tmx)
    assert refused.status_code == 302 and not TMEntry.objects.exists()
    bad = upload(augsburg, b"<tmx><body>")
    assert bad.status_code == 302 and not TMEntry.objects.exists()

    upload(augsburg, tmx)
    assert list(TMEntry.objects.values_list("city_id", "source_text", "target_text")) == [
        (augsburg.pk, "Hallo", "Hello")
    ]

"""The glossary's admin: a city editor sees and changes only their city's terms and reads the
shared glossary; only superusers and translation managers change the shared one. Import and
export views by the same rules."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from localization.glossary.models import Term
from tests.conftest import make_user
from tests.glossary.conftest import make_term
from tests.glossary.test_exchange import snapshot

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def editor(augsburg):
    return make_user("augsburg-editor", city=augsburg)


@pytest.fixture
def terms(augsburg, nuernberg):
    return {
        "own": make_term("Kita", city=augsburg, en="nursery"),
        "shared": make_term("Jobcenter", do_not_translate=True),
        "other": make_term("Bürgeramt", city=nuernberg, en="citizens' office"),
    }


def _term_form(city, source, **translations):
    data = {
        "city": str(city.pk) if city else "",
        "source": source,
        "source_language": "de",
        "note": "",
        "translations-TOTAL_FORMS": str(len(translations)),
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
    }
    for number, (code, text) in enumerate(translations.items()):
        data |= {
            f"translations-{number}-language": code,
            f"translations-{number}-target": text,
            f"translations-{number}-id": "",
            f"translations-{number}-ORDER": str(number + 1),
            f"translations-{number}-DELETE": "",
        }
    return data


def test_a_city_editor_lists_their_citys_terms_and_the_shared_ones(client, editor, terms):
    client.force_login(editor)

    response = client.get(reverse("glossary:index"))

    assert response.status_code == 200
    listed = {term.source for term in response.context["object_list"]}
    assert listed == {"Kita", "Jobcenter"}
    assert "Bürgeramt" not in response.content.decode()


def test_a_city_editor_cannot_open_another_citys_term(client, editor, terms):
    client.force_login(editor)
    other = terms["other"].pk

    for name in ("edit", "delete", "inspect", "history"):
        assert client.get(reverse(f"glossary:{name}", args=[other])).status_code == 404
    response = client.post(reverse("glossary:edit", args=[other]), _term_form(None, "Amt"))
    assert response.status_code == 404
    assert Term.objects.get(pk=other).source == "Bürgeramt"


def test_a_city_editor_reads_but_cannot_change_the_shared_glossary(client, editor, terms):
    client.force_login(editor)
    shared = terms["shared"].pk

    assert client.get(reverse("glossary:inspect", args=[shared])).status_code == 200
    refused = [
        client.get(reverse("glossary:edit", args=[shared])),
        client.post(reverse("glossary:edit", args=[shared]), _term_form(None, "Amt")),
        client.post(reverse("glossary:delete", args=[shared])),
    ]
    # Wagtail answers a refused permission with a redirect to the dashboard and a message.
    assert {(r.status_code, r.url) for r in refused} == {(302, reverse("wagtailadmin_home"))}
    assert Term.objects.get(pk=shared).source == "Jobcenter"
    response = client.post(reverse("glossary:add"), _term_form(None, "Rathaus"))
    assert response.status_code == 200  # the form again, with the error
    assert "This field is required" in response.content.decode()
    assert not Term.objects.filter(source="Rathaus").exists()
    assert Term.objects.filter(pk=shared).exists()


def test_a_city_editor_adds_a_term_with_translations_to_their_city(client, editor, augsburg):
    client.force_login(editor)

    response = client.post(
        reverse("glossary:add"), _term_form(augsburg, "Ausländerbehörde", en="immigration office")
    )

    assert response.status_code == 302
    assert snapshot(augsburg) == {
        "Ausländerbehörde": ("de", "", False, {"en": "immigration office"})
    }


def test_a_city_editor_cannot_add_a_term_to_another_city(client, editor, nuernberg):
    client.force_login(editor)

    response = client.post(reverse("glossary:add"), _term_form(nuernberg, "Amt"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Term.objects.exists()


def test_the_same_term_twice_is_a_form_error_not_a_500(client, editor, augsburg, terms):
    client.force_login(editor)

    response = client.post(reverse("glossary:add"), _term_form(augsburg, "  KITA "))

    assert response.status_code == 200
    assert "The glossary already holds this term." in response.content.decode()
    assert Term.objects.filter(city=augsburg).count() == 1


def test_a_bad_translation_language_is_a_form_error(client, editor, augsburg):
    client.force_login(editor)

    response = client.post(reverse("glossary:add"), _term_form(augsburg, "Amt", xx="office"))

    assert response.status_code == 200
    assert "Choose one of the site&#x27;s languages" in response.content.decode()
    assert not Term.objects.exists()


def test_a_translation_manager_edits_the_shared_glossary(client, augsburg, terms):
    manager = make_user("manager", city=augsburg)
    manager.user_permissions.add(Permission.objects.get(codename="manage_shared_glossary"))
    client.force_login(manager)
    shared = terms["shared"]

    response = client.post(
        reverse("glossary:edit", args=[shared.pk]), _term_form(None, "Jobcenter", en="Jobcenter")
    )

    assert response.status_code == 302
    assert snapshot(None)["Jobcenter"] == ("de", "", False, {"en": "Jobcenter"})


def test_a_user_without_a_city_has_no_glossary(client, terms):
    client.force_login(make_user("nobody"))

    assert client.get(reverse("glossary:index")).status_code in (302, 403)
    assert client.get(reverse("glossary_exchange")).status_code in (302, 403)


def test_the_editor_downloads_their_citys_glossary_and_not_another(
    client, editor, augsburg, nuernberg, terms
):
    client.force_login(editor)

    response = client.get(reverse("glossary_download"), {"glossary": augsburg.pk, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="glossary_augsburg.csv"'
    assert response.content.decode().splitlines()[1] == "Kita,de,,no,nursery"

    response = client.get(reverse("glossary_download"), {"glossary": nuernberg.pk, "format": "tbx"})
    assert response.status_code == 302
    assert not response.has_header("Content-Disposition")


def test_the_editor_uploads_into_their_city_but_not_into_the_shared_glossary(
    client, editor, augsburg, terms
):
    client.force_login(editor)
    content = b"source,en\nKita,day care\nRathaus,town hall\n"

    def upload(glossary):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            reverse("glossary_upload"),
            {"glossary": glossary, "file": SimpleUploadedFile("g.csv", content)},
            follow=True,
        )

    response = upload("shared")
    assert "Select a valid choice" in response.content.decode()
    assert set(snapshot(None)) == {"Jobcenter"}

    response = upload(str(augsburg.pk))
    page = response.content.decode()
    assert "g.csv: 1 added, 1 updated, 0 unchanged." in page
    assert "Kita (en) &#x27;nursery&#x27; → &#x27;day care&#x27;" in page
    assert snapshot(augsburg)["Rathaus"] == ("de", "", False, {"en": "town hall"})


def test_a_bad_upload_names_the_line_and_writes_nothing(client, editor, augsburg, terms):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    before = snapshot(augsburg)

    response = client.post(
        reverse("glossary_upload"),
        {"glossary": augsburg.pk, "file": SimpleUploadedFile("g.csv", b"source,en\nNeu,new\n,x\n")},
        follow=True,
    )

    assert response.status_code == 200
    assert "g.csv, line 3: the term is empty." in response.content.decode()
    assert snapshot(augsburg) == before

"""The page editor: the minor-edit checkbox is stored with the revision it publishes, and the
translation panel shows each of the city's languages."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from localization.models import MinorEdit


def edit_post(client, page, *, minor):
    data = nested_form_data(
        {
            "title": page.title + " (korrigiert)",
            "slug": page.slug,
            "teaser": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
            **({"minor_edit": "on"} if minor else {}),
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_ticked_checkbox_is_stored_with_the_published_revision(
    client, augsburg, page_factory, flow, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg)
    flow.translate(page, "en")
    with flow.on_commit():
        response = edit_post(client, page, minor=True)
    assert response.status_code == 302
    page.refresh_from_db()
    assert MinorEdit.objects.filter(revision_id=page.live_revision_id).exists()
    assert flow.status(page, "en") == "up_to_date"


def test_unticked_checkbox_publishes_a_real_change(
    client, augsburg, page_factory, flow, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg)
    flow.translate(page, "en")
    with flow.on_commit():
        assert edit_post(client, page, minor=False).status_code == 302
    page.refresh_from_db()
    assert not MinorEdit.objects.filter(revision_id=page.live_revision_id).exists()
    assert flow.status(page, "en") == "outdated"


def test_panel_lists_the_citys_languages_with_links(
    client, augsburg, page_factory, flow, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    for code, status in (("en", "outdated"), ("ar", "missing"), ("fa", "missing")):
        assert f'data-language="{code}" data-status="{status}"' in html
    assert reverse("cityguide_translation_diff", args=[page.pk, "en"]) in html
    assert 'name="minor_edit"' in html


def test_what_changed_shows_the_changed_segment(client, augsburg, page_factory, flow, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg, "Alter Titel")
    flow.translate(page, "en")
    flow.edit(page, "Neuer Titel")
    response = client.get(reverse("cityguide_translation_diff", args=[page.pk, "en"]))
    changes = response.context["changes"]
    assert [(c.path, c.kind, c.before, c.after) for c in changes] == [
        ("title", "changed", "Alter Titel", "Neuer Titel")
    ]
    assert "<del>Alter</del>" in response.content.decode()


def test_mark_up_to_date_button(client, augsburg, page_factory, flow, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    response = client.post(reverse("cityguide_mark_up_to_date", args=[page.pk, "en"]))
    assert response.status_code == 302
    assert flow.status(page, "en") == "up_to_date"
    assert flow.status(page, "ar") == "missing"


def test_other_city_editor_cannot_mark_up_to_date(
    client, augsburg, nuernberg, page_factory, flow, user_factory
):
    client.force_login(user_factory("max", city=nuernberg))
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)
    response = client.post(reverse("cityguide_mark_up_to_date", args=[page.pk, "en"]))
    assert response.status_code == 404  # guides.admin_guard: no such page in Nürnberg
    assert flow.status(page, "en") == "outdated"

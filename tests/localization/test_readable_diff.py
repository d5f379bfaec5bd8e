"""The "What changed" page names each changed field by its labels ("Body › Paragraph 2"),
not by the block ids of the segment path."""

from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.conftest import make_page


def english_editor(user_factory, city):
    """An editor whose admin is in English (the labels are gettext's: German by default)."""
    user = user_factory("lena", city=city)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def publish(flow, page):
    with flow.on_commit():
        page.save_revision().publish()


def body(first, second, box_text):
    """A body of two paragraphs and an info box; the same block ids in every version."""
    box = {"kind": "info", "title": "Hinweis", "text": box_text}
    return [
        {"type": "paragraph", "value": f"<p>{first}</p>", "id": "p1"},
        {"type": "paragraph", "value": f"<p>{second}</p>", "id": "p2"},
        {"type": "info_box", "value": box, "id": "box"},
    ]


def test_changed_blocks_are_named_by_label_and_position(client, augsburg, flow, user_factory):
    client.force_login(english_editor(user_factory, augsburg))
    page = make_page(augsburg, "Arztbesuch", body=body("Eins", "Zwei", "<p>Kasten</p>"))
    flow.translate(page, "en")
    page = page.specific
    page.body = body("Eins", "Zwei neu", "<p>Kasten neu</p>")
    publish(flow, page)

    response = client.get(reverse("cityguide_translation_diff", args=[page.pk, "en"]))

    assert response.status_code == 200
    labels = [(change.label, change.kind) for change in response.context["changes"]]
    assert labels == [
        ("Body › Paragraph 2", "changed"),
        ("Body › Info box › Text", "changed"),
    ]
    html = response.content.decode()
    assert "<td>Body › Paragraph 2</td>" in html
    assert "<td>body." not in html


def test_a_removed_block_is_named_from_the_version_it_was_in(client, augsburg, flow, user_factory):
    client.force_login(english_editor(user_factory, augsburg))
    page = make_page(augsburg, "Arztbesuch", body=body("Eins", "Zwei", "<p>Kasten</p>"))
    flow.translate(page, "en")
    page = page.specific
    page.body = [block for block in body("Eins", "Zwei", "<p>Kasten</p>") if block["id"] != "p2"]
    publish(flow, page)

    response = client.get(reverse("cityguide_translation_diff", args=[page.pk, "en"]))

    labels = [(change.label, change.kind) for change in response.context["changes"]]
    assert labels == [("Body › Paragraph 2", "removed")]


def test_the_title_is_named_by_its_field_label(client, augsburg, flow, user_factory):
    client.force_login(english_editor(user_factory, augsburg))
    page = make_page(augsburg, "Alter Titel")
    flow.translate(page, "en")
    flow.edit(page, "Neuer Titel")

    response = client.get(reverse("cityguide_translation_diff", args=[page.pk, "en"]))

    assert [change.label for change in response.context["changes"]] == ["Title"]

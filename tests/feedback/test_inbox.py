"""The admin's feedback inbox: per city, filters, read/archived, CSV export, escaped comments."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from guides.feedback.models import Feedback
from tests.conftest import make_user
from tests.feedback.conftest import make_feedback

INDEX = "/admin/snippets/feedback/feedback/"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def inbox(feedback_city, nuernberg):
    augsburg = feedback_city["city"]
    return {
        "up": make_feedback(augsburg, comment="Gut erklärt", rating="up"),
        "down": make_feedback(
            augsburg,
            kind="event",
            rating="down",
            comment="Termin falsch",
            event=feedback_city["event"],
            slug=str(feedback_city["event"].pk),
            language="en",
        ),
        "foreign": make_feedback(nuernberg, comment="Nürnberger Geheimnis"),
    }


def listing(client, query=""):
    response = client.get(INDEX + query)
    assert response.status_code == 200
    return response.content.decode()


def test_editor_sees_only_own_citys_feedback(client, inbox, editor):
    client.force_login(editor)

    html = listing(client)

    assert "Gut erklärt" in html and "Termin falsch" in html
    assert "Nürnberger Geheimnis" not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?rating=down", "Termin falsch", "Gut erklärt"),
        ("?kind=page", "Gut erklärt", "Termin falsch"),
        ("?language=en", "Termin falsch", "Gut erklärt"),
        ("?q=erklärt", "Gut erklärt", "Termin falsch"),
    ],
)
def test_filters_narrow_the_inbox(client, inbox, editor, query, shown, hidden):
    client.force_login(editor)

    html = listing(client, query)

    assert shown in html
    assert hidden not in html


def test_read_and_archived_filters(client, inbox, editor):
    Feedback.objects.filter(pk=inbox["up"].pk).update(read=True, archived=True)
    client.force_login(editor)

    unread = listing(client, "?read=false")
    archived = listing(client, "?archived=true")

    assert "Termin falsch" in unread and "Gut erklärt" not in unread
    assert "Gut erklärt" in archived and "Termin falsch" not in archived


def test_comment_is_shown_escaped_never_as_html(client, feedback_city, editor):
    feedback = make_feedback(feedback_city["city"], comment=XSS, query=XSS, kind="search")
    client.force_login(editor)

    pages = [
        listing(client),
        client.get(reverse("wagtailsnippets_feedback_feedback:inspect", args=[feedback.pk])),
        client.get(reverse("wagtailsnippets_feedback_feedback:edit", args=[feedback.pk])),
    ]

    for html in [pages[0], *(p.content.decode() for p in pages[1:])]:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    inspect = pages[1].content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in inspect


@pytest.mark.parametrize(
    ("action", "field", "before", "after"),
    [
        ("mark_read", "read", False, True),
        ("mark_unread", "read", True, False),
        ("archive", "archived", False, True),
        ("unarchive", "archived", True, False),
    ],
)
def test_bulk_action_changes_own_feedback(client, inbox, editor, action, field, before, after):
    Feedback.objects.update(**{field: before})
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=["feedback", "feedback", action])
    ids = f"?id={inbox['up'].pk}&id={inbox['down'].pk}"

    confirm = client.get(url + ids)
    done = client.post(url + ids)

    assert confirm.status_code == 200
    assert "Gut erklärt" not in confirm.content.decode()  # the list names items by their kind
    assert done.status_code == 302
    values = dict(Feedback.objects.values_list("pk", field))
    assert values == {inbox["up"].pk: after, inbox["down"].pk: after, inbox["foreign"].pk: before}


def test_bulk_action_with_other_citys_id_is_404_and_changes_nothing(client, inbox, editor):
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=["feedback", "feedback", "mark_read"])
    ids = f"?id={inbox['foreign'].pk}"

    answers = (client.get(url + ids).status_code, client.post(url + ids).status_code)

    assert answers == (404, 404)
    assert not Feedback.objects.filter(read=True).exists()


def test_bulk_action_on_the_whole_listing_stays_in_own_city(client, inbox, editor):
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=["feedback", "feedback", "archive"])

    client.post(url + "?id=all")

    assert dict(Feedback.objects.values_list("pk", "archived")) == {
        inbox["up"].pk: True,
        inbox["down"].pk: True,
        inbox["foreign"].pk: False,
    }


def test_editor_cannot_bulk_delete_but_an_administrator_can(client, inbox, editor):
    url = reverse("wagtail_bulk_action", args=["feedback", "feedback", "delete"])
    ids = f"?id={inbox['up'].pk}"
    client.force_login(editor)

    client.post(url + ids)
    kept = Feedback.objects.filter(pk=inbox["up"].pk).exists()
    client.force_login(make_user("root", superuser=True))
    client.post(url + ids)

    assert kept
    assert not Feedback.objects.filter(pk=inbox["up"].pk).exists()


def test_edit_form_marks_one_feedback_read_and_archived_only(client, inbox, editor):
    client.force_login(editor)
    feedback = inbox["up"]

    response = client.post(
        reverse("wagtailsnippets_feedback_feedback:edit", args=[feedback.pk]),
        {"read": "on", "archived": "on", "comment": "überschrieben", "rating": "down"},
    )

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.read, feedback.archived) == (True, True)
    assert (feedback.comment, feedback.rating) == ("Gut erklärt", "up")


def test_nobody_adds_feedback_by_hand(client, inbox, editor):
    client.force_login(editor)

    response = client.get(reverse("wagtailsnippets_feedback_feedback:add"))

    assert response.status_code == 302  # Wagtail's refusal: back to the dashboard
    assert response["Location"] == reverse("wagtailadmin_home")


def read_csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_csv_export_holds_own_feedback_with_its_context(client, inbox, editor):
    make_feedback(
        inbox["up"].city, kind="search", query='=HYPERLINK("http://x")', comment="+1 danke"
    )
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"  # the headings in English
    profile.save()
    client.force_login(editor)

    rows = read_csv(client.get(INDEX + "?export=csv&kind=search"))
    everything = read_csv(client.get(INDEX + "?export=csv"))

    assert rows[0] == [
        "Received",
        "Language",
        "About",
        "Rating",
        "Comment",
        "Contact address",
        "Subject",
        "Slug",
        "Search query",
        "Category",
        "Read",
        "Archived",
    ]
    # reader text never starts a formula in a spreadsheet
    assert rows[1][1:] == [
        "de",
        "search",
        "up",
        "'+1 danke",
        "",
        '\'=HYPERLINK("http://x")',
        "",
        '\'=HYPERLINK("http://x")',
        "",
        "False",
        "False",
    ]
    assert len(rows) == 2
    comments = sorted(row[4] for row in everything[1:])
    assert comments == ["'+1 danke", "Gut erklärt", "Termin falsch"]
    event_row = next(row for row in everything if row[4] == "Termin falsch")
    assert event_row[6] == str(inbox["down"].event)  # the event it is about, by its name


def test_editors_group_may_view_and_change_feedback_only(augsburg):
    codenames = set(
        augsburg.editors_group.permissions.filter(content_type__app_label="feedback").values_list(
            "codename", flat=True
        )
    )

    assert codenames == {"view_feedback", "change_feedback"}

"""A snippet translation (news) with a blocking finding is not published through either
snippet door: wagtail-localize's translation editor and Wagtail's own snippet form."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, ModelLogEntry
from wagtail_localize.models import Translation

from guides.news.models import NewsItem
from localization.qa.models import QAFinding
from localization.qa.overrides import OVERRIDE_ACTION
from localization.xliff.export import export_pairs
from tests.news.factories import make_news
from tests.xliff.helpers import do_import, fill_targets

pytestmark = pytest.mark.usefixtures("in_english")

PHONE_TEXT = "Rufen Sie 0821 324-0 an."


@pytest.fixture
def news_draft(augsburg, on_commit):
    """The English copy of a news item, imported as a draft whose phone number is wrong."""
    item = make_news(augsburg, "Bürgerbüro", content=f"<p>{PHONE_TEXT}</p>")
    en = Locale.objects.get(language_code="en")
    [exported] = export_pairs([(item, en)], version="1.2")
    content = fill_targets(
        exported.content,
        "1.2",
        lambda text: "Call 0821 342-0." if text == PHONE_TEXT else f"EN {text}",
    )
    with on_commit():
        [result] = do_import(content)
    assert result.outcome == "applied", result.message
    return NewsItem.objects.get(translation_key=item.translation_key, locale=en)


def _messages(response):
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_the_finding_names_the_news_segment_and_fact(news_draft):
    finding = QAFinding.objects.get()
    assert (finding.translation_key, finding.blocking, finding.fact) == (
        news_draft.translation_key,
        True,
        "0821 324-0",
    )


def test_wagtail_localizes_snippet_editor_refuses_to_publish(
    client, augsburg, news_draft, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    edit_url = reverse("wagtailsnippets_news_newsitem:edit", args=[news_draft.pk])
    response = client.post(edit_url, {"action": "publish"}, follow=True)
    assert (
        "“EN Bürgerbüro” was not published: 1 blocking QA finding(s): "
        "Content: the phone number 0821 324-0 is missing" in _messages(response)
    )
    news_draft.refresh_from_db()
    assert not news_draft.live


def test_wagtails_snippet_form_saves_the_draft_but_refuses_to_publish(
    client, augsburg, news_draft, user_factory
):
    Translation.objects.filter(source__object_id=news_draft.translation_key).update(enabled=False)
    client.force_login(user_factory("lena", city=augsburg))
    edit_url = reverse("wagtailsnippets_news_newsitem:edit", args=[news_draft.pk])
    data = {
        "city": augsburg.pk,
        "title": news_draft.title,
        "content": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Call 0821 342-0.", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "date": "2026-03-02 09:30",
        "action-publish": "action-publish",
    }
    response = client.post(edit_url, data, follow=True)
    assert "was not published: 1 blocking QA finding(s)" in _messages(response)
    news_draft.refresh_from_db()
    assert not news_draft.live
    assert "Call 0821 342-0." in news_draft.latest_revision.content["content"]


def test_after_an_override_the_news_translation_publishes(
    client, augsburg, news_draft, user_factory, on_commit
):
    lena = user_factory("lena", city=augsburg)
    client.force_login(lena)
    finding = QAFinding.objects.get()
    assert client.post(reverse("cityguide_qa_override", args=[finding.pk])).status_code == 302
    entry = ModelLogEntry.objects.get(action=OVERRIDE_ACTION)
    assert (entry.object_id, entry.user) == (str(news_draft.pk), lena)
    with on_commit():
        client.post(
            reverse("wagtailsnippets_news_newsitem:edit", args=[news_draft.pk]),
            {"action": "publish"},
        )
    news_draft.refresh_from_db()
    assert news_draft.live

"""Which news goes out as a push notification, and the record of how each send went.

Publishing a language's copy of a news item whose "send a push notification" box is ticked
queues one message to the app topic `{city}-{lang}-news`, once: a copy that was sent (or is
on its way) is not sent again when it is republished; a failed one is tried again. Another
language's copy goes out when it is first published fully translated. The sending runs on
the background worker (`guides.news.tasks`), after the publish commits.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail_localize.models import TranslationSource

from guides.api.integreat import plain_text
from guides.news import fcm
from guides.news.models import NEWS_CHANNEL, NewsItem, PushDelivery, PushState
from localization.tracking import segment_counts

MAX_BODY = 500  # characters of the notification text; the app shows the rest


def topic_for(city_slug: str, language_code: str) -> str:
    """Integreat's topic: the app subscribes to `{city}-{lang}-news`."""
    return f"{city_slug}-{language_code}-{NEWS_CHANNEL}"


def message_for(item: NewsItem) -> dict[str, Any]:
    """The FCM v1 message for one language's copy: a notification, and the data the app uses
    to open the news item (Integreat's keys)."""
    city_slug, code = item.city.slug, item.locale.language_code
    body = plain_text(item.content)
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - 1].rstrip() + "…"
    return {
        "topic": topic_for(city_slug, code),
        "notification": {"title": item.title, "body": body},
        "data": {
            "news_id": str(item.pk),
            "city_code": city_slug,
            "language_code": code,
            "group": NEWS_CHANNEL,
        },
        "android": {"ttl": "86400s"},
        "apns": {"headers": {"apns-priority": "5"}},
    }


def is_fully_translated(item: NewsItem) -> bool:
    """The source copy always is; another language's copy once every segment of it is
    translated. wagtail-localize publishes a new copy at once with the source text standing
    in for the translation: that is not what its readers should be sent."""
    source_locale_id = item.city.locale_id
    if item.locale_id == source_locale_id:
        return True
    source = TranslationSource.objects.filter(
        object_id=item.translation_key, locale_id=source_locale_id
    ).first()
    if source is None:
        return True  # translated by hand, outside wagtail-localize
    translated, total = segment_counts(source.pk, item.locale_id)
    return translated == total


def queue_push(item: NewsItem) -> PushDelivery | None:
    """Record the push of a just-published copy: queued (the caller enqueues the task once
    the publish commits), or not configured. None when there is nothing (more) to send."""
    if not item.send_push_notification or not item.live or not is_fully_translated(item):
        return None
    existing = PushDelivery.objects.filter(news_item=item).first()
    if existing is not None and existing.state in (PushState.QUEUED, PushState.SENT):
        return None
    values = {
        "topic": topic_for(item.city.slug, item.locale.language_code),
        "attempts": 0,
        "message_name": "",
        "queued_at": timezone.now(),
        "finished_at": None,
    }
    try:
        fcm.load_config()
    except fcm.FcmNotConfigured as error:
        values.update(state=PushState.NOT_CONFIGURED, reason=str(error))
        delivery, _created = PushDelivery.objects.update_or_create(news_item=item, defaults=values)
        return delivery
    values.update(state=PushState.QUEUED, reason="")
    delivery, _created = PushDelivery.objects.update_or_create(news_item=item, defaults=values)
    return delivery


def _finish(delivery_id: int, state: str, reason: str = "", attempts: int = 0, name: str = ""):
    PushDelivery.objects.filter(pk=delivery_id).update(
        state=state,
        reason=reason,
        attempts=attempts,
        message_name=name,
        finished_at=timezone.now(),
    )


def deliver(delivery_id: int) -> str:
    """The task body: send one queued push and record the outcome; returns the new state."""
    delivery = (
        PushDelivery.objects.select_related("news_item__city", "news_item__locale")
        .filter(pk=delivery_id, state=PushState.QUEUED)
        .first()
    )
    if delivery is None:
        return "gone"  # deleted, or already handled by an earlier run of this task
    item = delivery.news_item
    if not item.live:
        _finish(delivery.pk, PushState.FAILED, _("Not sent: the news was unpublished first."))
        return PushState.FAILED
    try:
        client = fcm.FcmClient(fcm.load_config())
    except fcm.FcmNotConfigured as error:
        _finish(delivery.pk, PushState.NOT_CONFIGURED, str(error))
        return PushState.NOT_CONFIGURED
    result = client.send(message_for(item))
    state = PushState.SENT if result.ok else PushState.FAILED
    _finish(delivery.pk, state, result.reason, result.attempts, result.name)
    return state


def fail_unfinished(delivery_id: int, error: BaseException) -> None:
    """A task body that raised still ends its delivery, with the error as the reason."""
    PushDelivery.objects.filter(pk=delivery_id, state=PushState.QUEUED).update(
        state=PushState.FAILED,
        reason=(_("Failed: %(error)s") % {"error": str(error) or type(error).__name__})[:1000],
        finished_at=timezone.now(),
    )

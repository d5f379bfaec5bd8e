"""Background task (django-tasks) that feeds the translation memory after a publish."""

from django_tasks import task

from localization.models import TranslationStatus
from localization.tm import feed


@task()
def feed_task(row_ids):
    return {"entries": feed.feed_rows(TranslationStatus.objects.filter(pk__in=row_ids))}


def on_translation_live(sender, row, **kwargs):
    """Receives `localization.signals.translation_live`: queue the row's feed."""
    feed_task.enqueue([row.pk])

"""Background task (django-tasks) that feeds the translation memory after a publish."""

from django_tasks import task

from localization.models import TranslationStatus
from localization.tm import feed


@task()
def feed_task(row_ids):
    return {"entries": feed.feed_rows(TranslationStatus.objects.filter(pk__in=row_ids))}

"""The background task that sends a news item's push notification (django-tasks).

Production runs it in `manage.py db_worker`; development and tests run it at once. The body is
`guides.news.push.deliver`; whatever it raises, the delivery row ends as failed with the error.
"""

import logging

from django_tasks import task

from guides.news import push

logger = logging.getLogger(__name__)


@task()
def send_push_task(delivery_id):
    try:
        return {"delivery": delivery_id, "state": push.deliver(delivery_id)}
    except Exception as error:  # broad on purpose: the delivery must end; re-raised
        logger.exception("Push delivery %s failed", delivery_id)
        push.fail_unfinished(delivery_id, error)
        raise

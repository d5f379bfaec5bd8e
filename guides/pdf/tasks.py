"""PDF renders on the background worker (django-tasks), not in the reader's request.

A request for a PDF that is not stored yet queues one render and answers 202 (see
guides/pdf/views.py); the worker stores the PDF under its fingerprint, and the reader's next
request is served from storage. Development and tests run tasks at once, so the first request
is answered with the PDF. A render already queued for the same content is not queued again.
"""

import logging

from django.core.cache import cache
from django_tasks import task
from wagtail.models import Page

from guides.pdf.document import PrintJob, fingerprint, get_or_render_pdf, print_job

logger = logging.getLogger(__name__)

# A queued render holds its place this long; after it (a worker that died, say) the next
# request queues the render again.
QUEUED_SECONDS = 120


def _queued_key(job: PrintJob) -> str:
    return f"pdf-render:{fingerprint(job)}"


@task()
def render_pdf_task(page_ids: list[int]) -> str:
    """Render and store the PDF of these pages (a page and its subtree, as the request saw it)."""
    pages = Page.objects.filter(pk__in=page_ids).live().public().specific()
    found = {page.pk: page for page in pages}
    job = print_job(found[pk] for pk in page_ids if pk in found)  # in the request's order
    try:
        _data, name = get_or_render_pdf(job)
    finally:
        cache.delete(_queued_key(job))
    return name


def queue_render(job: PrintJob) -> None:
    """Queue one render of the job's PDF, unless one is queued already.

    With the cache unavailable `add` fails and nothing says a render is queued: queue it
    anyway (a render whose PDF got stored meanwhile is read back, not rendered again)."""
    key = _queued_key(job)
    if cache.add(key, 1, QUEUED_SECONDS) or not cache.has_key(key):
        render_pdf_task.enqueue([page.pk for page in job.pages])

"""What the explorer and the page editor fetch for the page they show (issue 17).

Wagtail's explorer fetches its parent page as a base `Page`, then its specific copy, then
each thing its header and status side panel read one query at a time: the locale, the latest
and the live revision, whether a publish is scheduled. Its page editor makes a specific copy
of the page record after reading the latest revision through it, so the status side panel
reads that revision (and the live one) again. Here each is read once: the explorer's parent in
one specific query with its relations, the editor's copy sharing what the record fetched.
The explorer's rows share the request's site root paths, which Wagtail's "View live" button
otherwise reads from the cache (Redis in production) once per row.
"""

from django.shortcuts import get_object_or_404
from wagtail.models import Page

#: The revisions a page points at, which the status side panel reads.
REVISION_FIELDS = ("latest_revision", "live_revision")


def explorer_parent(page_id: int) -> Page:
    """The specific page an explorer lists the children of, with its locale and revisions
    (one query, plus one for its workflow states), and whether a publish is scheduled."""
    pages = (
        Page.objects.specific()
        .select_related("locale", *REVISION_FIELDS, for_specific_subqueries=True)
        .prefetch_workflow_states()
        .annotate_approved_schedule()
    )
    page = get_object_or_404(pages, id=page_id)
    if not page._approved_schedule:
        # DraftStateMixin.scheduled_revision (a cached property) asks the same question as
        # the annotation: a revision with an approved go-live time.
        page.__dict__["scheduled_revision"] = None
    return page


def share_revisions(record: Page, copy: Page) -> Page:
    """Give `copy` (a specific or revision copy of the page `record`) the revisions `record`
    has fetched, where it points at the same ones; returns `copy`."""
    fetched = {}
    for name in REVISION_FIELDS:
        field = Page._meta.get_field(name)
        if field.is_cached(record) and (revision := field.get_cached_value(record)):
            fetched[revision.pk] = revision
    for name in REVISION_FIELDS:
        field = Page._meta.get_field(name)
        revision_id = getattr(copy, field.attname)
        if revision_id in fetched and not field.is_cached(copy):
            field.set_cached_value(copy, fetched[revision_id])
    return copy


def share_site_root_paths(request, pages) -> None:
    """Give every page the site root paths of the request: Wagtail's "View live" row button
    asks each row's URL without the request, and each page then fetches the paths from the
    cache itself (`Page._get_site_root_paths` keeps them on the object it is given, else on
    the page)."""
    pages = list(pages)
    if not pages:
        return
    paths = pages[0]._get_site_root_paths(request)
    for page in pages:
        page._wagtail_cached_site_root_paths = paths

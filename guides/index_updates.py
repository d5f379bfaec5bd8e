"""A page save that writes only a draft's bookkeeping leaves the search and reference indexes
alone.

`Page.save_revision` saves the page with `update_fields` naming only Wagtail's bookkeeping of
the draft: its latest revision and that revision's time, the draft title, "unpublished
changes" and the comments. Nothing that either index reads changes: the search index (the
database backend) stores the live title and text, and filters on the page's own table; the
reference index reads the live content. Wagtail re-indexes the page on every save all the same:
with the immediate task backend, 11 statements of a publish go to an index update of the page
as it was, repeated a moment later when the publish saves the new content (with the database
task backend, two queued tasks). Any other save is indexed as before.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import COMMENTS_RELATION_NAME

#: The fields `Page.save_revision` writes.
DRAFT_BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        COMMENTS_RELATION_NAME,
    }
)


def only_draft_bookkeeping(update_fields) -> bool:
    return update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING


class DraftBookkeepingSaveMixin:
    """For a page model: saves of the draft's bookkeeping only update neither index.

    The model sets `search_auto_update = False`, and `connect_search_index` connects the
    search index's own receivers, which skip those saves."""

    search_auto_update = False

    def save(self, *args, **kwargs):
        # Wagtail's signal handlers load models on import: not importable with this module.
        from wagtail.signal_handlers import (
            disable_reference_index_auto_update,
            reference_index_auto_update_disabled,
        )

        if not only_draft_bookkeeping(kwargs.get("update_fields")) or getattr(
            reference_index_auto_update_disabled, "value", False
        ):
            return super().save(*args, **kwargs)
        with disable_reference_index_auto_update():
            return super().save(*args, **kwargs)


def _index_saved(sender, instance, update_fields=None, **kwargs):
    from wagtail.search.signal_handlers import post_save_signal_handler

    if only_draft_bookkeeping(update_fields):
        return
    post_save_signal_handler(instance, update_fields=update_fields, **kwargs)


def connect_search_index(*models):
    """The search index's receivers for models that opted out of its automatic ones (called
    when the apps are ready)."""
    from wagtail.search import signal_handlers as search_signals

    for model in models:
        post_save.connect(_index_saved, sender=model, dispatch_uid=f"cityguide-index-{model}")
        post_delete.connect(
            search_signals.post_delete_signal_handler,
            sender=model,
            dispatch_uid=f"cityguide-unindex-{model}",
        )

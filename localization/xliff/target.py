"""Write an imported translation into its target page as a new revision.

wagtail-localize's `Translation.save_target` copies the page when it does not exist yet, then
saves the whole page (`page.save()`: validation, search and reference index updates) and on top
of that a revision. For a translation page that already exists this does what Wagtail's own
editor does instead: the translated segments are ingested into the page object with
wagtail-localize's `ingest_segments` and only `save_revision()` is called (publishing it on
commit with --publish, as wagtail-localize does). That is about half the work per page, and
the reference index, which Wagtail builds from the page's row, needs no update for a draft
(publishing updates it, as the publish saves the row).

The difference is visible in one place and is deliberate: a draft no longer overwrites the
live page's row; the live page keeps serving its published content until the draft is
published, exactly as after an edit in the Wagtail editor. New pages, aliases (which must be
turned into real pages first) and snippets still go through `save_target`.
"""

from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import TranslationLog
from wagtail_localize.segments.ingest import ingest_segments


def save_translation(translation, target_page, *, user=None, publish=False):
    """Save the translation's current strings into its target (None when not created yet)."""
    if not isinstance(target_page, Page) or target_page.alias_of_id:
        translation.save_target(user=user, publish=publish)
        return
    source, locale = translation.source, translation.target_locale
    original = source.as_instance()
    copy_synchronised_fields(original, target_page)
    # The same segment list save_target ingests: translations, with the source as fallback.
    segments = source._get_segments_for_translation(locale, fallback=True)
    with transaction.atomic():
        ingest_segments(original, target_page, source.locale, locale, segments)
        target_page.slug = find_available_slug(
            target_page.get_parent(), slugify(target_page.slug), ignore_page_id=target_page.pk)
        # The reference index is built from the page's row, which a revision leaves alone.
        with disable_reference_index_auto_update():
            revision = target_page.save_revision(user=user)
        source.sync_view_restrictions(original, target_page)
        if publish:
            transaction.on_commit(revision.publish)
    TranslationLog.objects.create(source=source, locale=locale, revision=revision)

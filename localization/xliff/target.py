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
turned into real pages first) and snippets still go through `save_target`. A page translated
for the first time is copied with its translated content in one go (see `_create_page`).
"""

import copy

from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import TranslationLog
from wagtail_localize.segments.ingest import ingest_segments

#: Set by the copy or by Wagtail, never from the translator's text: their existence checks
#: (one query each in full_clean) are skipped, as are the unique checks, which the database
#: enforces and the copy (path, slug, translation key) already satisfied.
SYSTEM_FIELDS = ["content_type", "locale", "latest_revision", "live_revision", "owner",
                 "locked_by", "alias_of"]


def _validate(page):
    page.full_clean(exclude=SYSTEM_FIELDS, validate_unique=False)


def save_translation(translation, target, original, *, segments=None, user=None,
                     publish=False):
    """Save the translation's current strings into its target (None when not created yet) and
    return the target. `original` is the source object the TranslationSource was just
    refreshed from, so it stands for `source.as_instance()` without reading it again;
    `segments` are the source's segments with the translations in place (read here if None)."""
    source = translation.source
    if target is None and isinstance(original, Page):
        return _create_page(translation, original, segments, user=user, publish=publish)
    if not isinstance(target, Page) or target.alias_of_id:
        translation.save_target(user=user, publish=publish)
        return None
    locale = translation.target_locale
    copy_synchronised_fields(original, target)
    with transaction.atomic():
        _ingest(source, original, target, locale, segments)
        target.slug = find_available_slug(
            target.get_parent(), slugify(target.slug), ignore_page_id=target.pk)
        _validate(target)
        # The reference index is built from the page's row, which a revision leaves alone.
        with disable_reference_index_auto_update():
            revision = target.save_revision(user=user, clean=False)
        source.sync_view_restrictions(original, target)
        if publish:
            transaction.on_commit(revision.publish)
    TranslationLog.objects.create(source=source, locale=locale, revision=revision)
    return target


def _ingest(source, original, target, locale, segments):
    if segments is None:  # what save_target ingests: translations, the source as fallback
        segments = source._get_segments_for_translation(locale, fallback=True)
    ingest_segments(original, target, source.locale, locale, segments)


def _create_page(translation, original, segments, *, user, publish):
    """A first translation: Wagtail copies the page already translated, so the copy's own
    revision is the translation's revision (wagtail-localize copies the source text, then saves
    the page and a second revision over it). Missing parents are copied as wagtail-localize
    does (aliases); the content is validated as save_revision would."""
    source, locale = translation.source, translation.target_locale
    translated = copy.deepcopy(original)  # what source.as_instance() builds, without re-reading
    _ingest(source, original, translated, locale, segments)
    translated.slug = slugify(translated.slug)  # copy_for_translation makes it unique
    with transaction.atomic():
        page = translated.copy_for_translation(locale, copy_parents=True)
        _validate(page)
        revision = page.latest_revision
        if user is not None:  # the copy keeps the source's owner; the revision is the user's
            revision.user = user
            revision.save(update_fields=["user"])
        source.sync_view_restrictions(original, page)
        if publish:
            transaction.on_commit(revision.publish)
    TranslationLog.objects.create(source=source, locale=locale, revision=revision)
    return page

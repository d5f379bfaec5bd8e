"""Write an imported translation into its target page as a new revision.

wagtail-localize's `Translation.save_target` copies the page when it does not exist yet, then
saves the whole page (`page.save()`: validation, search and reference index updates) and on top
of that a revision. For a translation page that already exists this does what Wagtail's own
editor does instead: the translated segments are ingested into the page object with
wagtail-localize's `ingest_segments` and only `save_revision()` is called. Nothing is published
here: the caller publishes the revision returned, with Wagtail's publish action and its user,
inside its own transaction (wagtail-localize would publish on commit, without a user). That
is about half the work per page, and the reference index, which Wagtail builds from the page's
row, needs no update for a draft (publishing updates it, as the publish saves the row).

The difference is visible in one place and is deliberate: a draft no longer overwrites the
live page's row; the live page keeps serving its published content until the draft is
published, exactly as after an edit in the Wagtail editor. Aliases (which must be turned into
real pages first) and snippets still go through `save_target`. A page translated for the first
time is created with its translated content in one go (see `_create_page`).

Slugs are the translator's, Unicode included (`WAGTAIL_ALLOW_UNICODE_SLUGS`): one that a
sibling under the translated parent already has is refused with a ValidationError naming that
page, never changed into `slug-2` behind the translator's back.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageViewRestriction
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import TranslationLog
from wagtail_localize.segments.ingest import ingest_segments

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.db.models import Model
    from wagtail_localize.models import Translation


#: Set by the copy or by Wagtail, never from the translator's text: their existence checks
#: (one query each in full_clean) are skipped, as are the unique checks, which the database
#: enforces and the copy (path, slug, translation key) already satisfied.
SYSTEM_FIELDS = [
    "content_type",
    "locale",
    "latest_revision",
    "live_revision",
    "owner",
    "locked_by",
    "alias_of",
]
#: Set by treebeard when a page takes its place in the tree.
TREE_FIELDS = ["path", "depth", "numchild", "url_path"]


def _validate(page, *, exclude=()):
    page.full_clean(exclude=[*SYSTEM_FIELDS, *exclude], validate_unique=False)


def _same_references(page, original):
    """Foreign keys the page holds as its source does (synchronised ones, copied from it): the
    source's row holds them under the database's constraint already, so full_clean need not
    ask with a query each whether they exist."""
    return [
        field.name
        for field in page._meta.concrete_fields
        if field.many_to_one
        and getattr(page, field.attname) is not None
        and getattr(page, field.attname) == getattr(original, field.attname, None)
    ]


def save_translation(
    translation: Translation,
    target: Model | None,
    original: Model,
    *,
    segments: list | None = None,
    user: User | None = None,
    written: Callable | None = None,
) -> tuple[Model, object]:
    """Save the translation's current strings into its target (None when not created yet) as a
    new draft revision; return (target, revision). `original` is the source object the
    TranslationSource was just refreshed from, so it stands for `source.as_instance()` without
    reading it again; `segments` are the source's segments with the translations in place
    (read here if None). Publishing is the caller's (see the module docstring).

    `written(target, revision)`, when given, is called once the TranslationLog of a page
    written here is inserted, in place of that log's post_save receivers (the status tracking),
    so that a caller who knows what they would read can tell the tracking itself."""
    source = translation.source
    locale = translation.target_locale
    if target is None and isinstance(original, Page):
        return _create_page(translation, original, segments, user=user, written=written)
    if not isinstance(target, Page) or target.alias_of_id:
        translation.save_target(user=user, publish=False)
        log = TranslationLog.objects.filter(source=source, locale=locale).order_by("-pk").first()
        saved = source.get_translated_instance(locale)
        return (saved.specific if isinstance(saved, Page) else saved), log.revision
    copy_synchronised_fields(original, target)
    with transaction.atomic(savepoint=False):  # the importer holds a transaction per file
        _ingest(source, original, target, locale, segments)
        target.slug = _translator_slug(target.slug)
        _validate_in_place(target, exclude=_same_references(target, original))
        # The reference index is built from the page's row, which a revision leaves alone.
        with disable_reference_index_auto_update():
            revision = target.save_revision(user=user, clean=False)
        _sync_view_restrictions(source, original, target)
    _log(source, locale, target, revision, written)
    return target, revision


def _log(source, locale, target, revision, written):
    """wagtail-localize's record of the write; its receivers run, unless `written` stands in."""
    if written is None:
        TranslationLog.objects.create(source=source, locale=locale, revision=revision)
        return
    TranslationLog.objects.bulk_create(
        [TranslationLog(source=source, locale=locale, revision=revision)]
    )
    written(target, revision)


#: An annotation a caller may read with the target row (see `view_restricted`).
VIEW_RESTRICTED = "_cityguide_view_restricted"


def view_restricted(original):
    """An annotation for a target page's row: whether it or `original` has a view restriction,
    so that `_sync_view_restrictions` need not ask."""
    return Exists(
        PageViewRestriction.objects.filter(Q(page_id=OuterRef("pk")) | Q(page_id=original.pk))
    )


def _sync_view_restrictions(source, original, target):
    """wagtail-localize's `sync_view_restrictions`, which asks twice whether there is anything
    to sync, called only when the source or the target has a view restriction: one query, or
    none when the target was read with `view_restricted`."""
    restricted = getattr(target, VIEW_RESTRICTED, None)
    if restricted is None:
        pages = [original.pk, target.pk]
        restricted = PageViewRestriction.objects.filter(page_id__in=pages).exists()
    if restricted:
        source.sync_view_restrictions(original, target)


def _validate_in_place(page, *, exclude=()):
    """Validate a page that keeps its place: Wagtail's clean checks the slug against the
    siblings; only when it is taken is the sibling looked up, to name it."""
    try:
        _validate(page, exclude=exclude)
    except ValidationError as error:
        if "slug" in getattr(error, "error_dict", {}):
            _available_slug(page.get_parent(), page.slug, page)
        raise


def _translator_slug(slug):
    """The translator's slug as a Unicode slug; an empty one is refused."""
    slug = slugify(slug, allow_unicode=True)
    if not slug:
        raise ValidationError({"slug": [_("The slug is empty.")]})
    return slug


def _available_slug(parent, slug, page=None):
    """The translator's slug as a Unicode slug, refused when a sibling has it already."""
    slug = _translator_slug(slug)
    siblings = parent.get_children().filter(slug=slug)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = siblings.first()
    if taken is not None:
        raise ValidationError(
            {
                "slug": [
                    _(
                        "The slug “%(slug)s” is already used by “%(title)s” (page %(id)s) "
                        "under “%(parent)s”; give this page another slug in the file."
                    )
                    % {"slug": slug, "title": taken.title, "id": taken.pk, "parent": parent.title}
                ]
            }
        )
    return slug


def _ingest(source, original, target, locale, segments):
    if segments is None:  # what save_target ingests: translations, the source as fallback
        segments = source._get_segments_for_translation(locale, fallback=True)
    ingest_segments(original, target, source.locale, locale, segments)


def _create_page(translation, original, segments, *, user, written=None):
    """A first translation is created as Wagtail creates any page: validated, added under its
    parent's translation with `add_child`, then `save_revision`. A missing parent
    is copied first as wagtail-localize does (an alias, through Wagtail's copy_for_translation);
    page types with child objects or many-to-many fields are copied whole by it instead.

    wagtail-localize copies the source page, saves it, then saves the translated content over
    it: three saves and two revisions for what is here one save and one revision."""
    source, locale = translation.source, translation.target_locale
    translated = copy.deepcopy(original)  # what source.as_instance() builds, without re-reading
    _ingest(source, original, translated, locale, segments)
    translated.slug = slugify(translated.slug, allow_unicode=True)
    with transaction.atomic(savepoint=False):  # the importer holds a transaction per file
        if _has_related_objects(original):
            page = translated.copy_for_translation(locale, copy_parents=True)
            _validate(page)
            revision = page.latest_revision
            if user is not None:  # the copy keeps the source's owner; the revision is the user's
                revision.user = user
                revision.save(update_fields=["user"])
        else:
            page = _add_as_new_page(translated, _translated_parent(original, locale), locale, user)
            revision = page.save_revision(user=user, clean=False, log_action=False)
        _sync_view_restrictions(source, original, page)
    _log(source, locale, page, revision, written)
    return page, revision


def _has_related_objects(page):
    meta = page._meta
    return bool(meta.many_to_many) or any(
        relation.get_accessor_name() != COMMENTS_RELATION_NAME
        for relation in get_all_child_relations(page)
    )


def _translated_parent(page, locale):
    parent = page.get_parent()
    try:
        return parent.get_translation(locale)
    except Page.DoesNotExist:
        return parent.specific.copy_for_translation(locale, copy_parents=True, alias=True)


#: A new page starts as Wagtail's copy leaves one: unpublished, unlocked, without history.
NEW_PAGE_STATE = {
    "live": False,
    "has_unpublished_changes": True,
    "live_revision": None,
    "latest_revision": None,
    "latest_revision_created_at": None,
    "first_published_at": None,
    "last_published_at": None,
    "alias_of": None,
    "locked": False,
    "locked_by": None,
    "locked_at": None,
    "expired": False,
    "numchild": 0,
}


def _add_as_new_page(page, parent, locale, user):
    """Turn the translated copy of the source into a new row under `parent` (Django's way of
    copying an instance of an inherited model: no primary key, adding state)."""
    page.pk = page.id = None
    page._state.adding = True
    for name, value in NEW_PAGE_STATE.items():
        setattr(page, name, value)
    page.locale = locale
    page.draft_title = page.title
    page.slug = _available_slug(parent, page.slug)
    if user is not None:
        page.owner = user
    # A draft's save checks only the title and fills in an empty slug: the fields are checked
    # first (so errors name them), the whole page once it has its place in the tree.
    page.clean_fields(exclude=[*SYSTEM_FIELDS, *TREE_FIELDS, "slug"])
    page = parent.add_child(instance=page)
    _validate(page)
    return page

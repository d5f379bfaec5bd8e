"""Pages' API objects built when they change, stored per page and language, joined into lists.

A fragment is one page's Integreat object as JSON bytes (guides.api.models.ApiFragment). The
pages list of a city-language is its fragments joined in tree order: no per-request dicts,
link rewriting or excerpts. Who builds a fragment:

- a publish marks the page's fragment stale, in its transaction (one UPDATE); a publish that
  moves, renames, shows or hides a page marks the fragments of its subtree's translations too,
  whose `available_languages` name it (`mark_translations`);
- the worker, when the publish commits, builds what the publish marked (`settle`, queued by
  guides.api.tasks.schedule_fragment_build): what is stale, new or moved (compared with the
  visible tree, one query) is built, and what left becomes a tombstone, in a constant number
  of queries (`reconcile`);
- a list request that comes before the worker did it reconciles the same way itself;
- the worker (guides.api.tasks) rebuilds the whole city from scratch after anything city-wide
  (a move, an image, a contact card, an organization…) and keeps only real changes
  (`refresh_city`).

Every change of a fragment's bytes takes the city-language version current after the content
was read, so `pages/?since=<version>` (the delta) is one comparison: what a client got at
version V holds every fragment whose version is <= V.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.db import transaction
from django.db.models import F
from wagtail.models import Page

from guides.api import services
from guides.api.cache import bump, city_scope, language_counter
from guides.api.city_context import ApiError, load_city
from guides.api.models import ApiFragment
from guides.api.tree import SKELETON_FIELDS, SkeletonPage, close_under_parents, load_page_rows
from guides.models import GuidePage

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guides.api.city_context import CityContext


# The page id of each city-language's sentinel row, whose version is the oldest usable `since`.
SENTINEL = 0


def encode(item: dict) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------------
# Marks: what a publish does in its own transaction


def mark_pages(page_ids: Iterable[int]) -> None:
    """The stored objects of these pages are stale (one UPDATE; pages without one get theirs
    when a list first sees them)."""
    ApiFragment.objects.filter(page_id__in=list(page_ids)).update(mark=F("mark") + 1)


def mark_city(slug: str) -> None:
    """Every stored object of a city is stale (its root changed: languages, visibility)."""
    ApiFragment.objects.filter(city=slug).update(mark=F("mark") + 1)


def mark_translations(page: Page, *, subtree: bool = True) -> None:
    """The page (and its subtree) moved, was renamed, appeared or disappeared: every copy of
    it in every language names it in `available_languages` (one UPDATE)."""
    pages = Page.objects.filter(translation_key=page.translation_key)
    if subtree and page.path:
        keys = Page.objects.filter(path__startswith=page.path).values("translation_key")
        pages = Page.objects.filter(translation_key__in=keys)
    ApiFragment.objects.filter(page_id__in=pages.values("id")).update(mark=F("mark") + 1)


# ---------------------------------------------------------------------------------------------
# Building


def _skeleton(context: CityContext, root: Page) -> list[SkeletonPage]:
    """The visible guide pages of a city-language without content: one query."""
    rows = (
        GuidePage.objects.filter(path__startswith=root.path, depth__gt=root.depth, live=True)
        .order_by("path")
        .values_list(*SKELETON_FIELDS)
    )
    return close_under_parents((SkeletonPage(*r) for r in rows), root.path, context.restricted)


def _parents(pages):
    """parent_of for rendering: the visible parent among pages (None at the top level)."""
    by_path = {page.path: page for page in pages}
    return lambda row: by_path.get(row.path[: -Page.steplen])


def _rendered(context, code, rows, parents):
    """[(row, JSON bytes, hash)] of PageRows."""
    items = services.render_pages(context, code, rows, _parents(parents))
    return [(row, encode(item), item["hash"]) for row, item in zip(rows, items, strict=True)]


def _render(context, code, root, ids, skeleton):
    """{page id: (row, JSON bytes, hash)} of the given visible pages (about five queries)."""
    rows = load_page_rows(root, context.restricted, ids=ids)
    return {built[0].id: built for built in _rendered(context, code, rows, skeleton)}


def _data(fragment):
    return bytes(fragment.data) if fragment.data is not None else b""


class Stored(NamedTuple):
    """A stored fragment as read (a tuple: a list reads hundreds of them per request)."""

    id: int | None
    page_id: int
    path: str
    url_path: str
    data: bytes
    hash: str
    version: int
    removed: bool
    mark: int
    built_mark: int


def _stored(city, code, *, lock=False):
    """{page id: Stored} of a city-language (one query; `lock`: FOR UPDATE)."""
    rows = ApiFragment.objects.filter(city=city, language=code)
    if lock:
        rows = rows.select_for_update()
    return {row[1]: Stored(*row) for row in rows.values_list(*Stored._fields)}


@dataclass
class Listing:
    """A city-language's fragments, up to date: the visible ones in tree order, all by id."""

    version: int
    visible: list
    by_id: dict
    built: int = 0  # objects this reconcile built or turned into tombstones

    @property
    def floor(self) -> int:
        """The oldest `since` a delta can answer: the version at which the city-language's
        fragments were first stored (before it, a removal has no tombstone)."""
        sentinel = self.by_id.get(SENTINEL)
        return self.version + 1 if sentinel is None else sentinel.version


def _ensure_sentinel(city, code, stored, version):
    """The row that says since when this city-language has fragments (page id 0)."""
    if SENTINEL not in stored:
        sentinel = ApiFragment(
            city=city, language=code, page_id=SENTINEL, path="", url_path="", removed=True
        )
        sentinel.version = version
        ApiFragment.objects.bulk_create([sentinel], ignore_conflicts=True)
        stored[SENTINEL] = Stored(None, SENTINEL, "", "", b"", "", version, True, 0, 0)


def reconcile(context: CityContext, code: str, version: int) -> Listing:
    """The city-language's fragments brought up to date with the visible tree, in a constant
    number of queries: stale (marked), new, moved and renamed pages are built, pages that
    left become tombstones. `version` is the city-language version read before anything else.
    """
    root = context.root_for(code)
    stored = _stored(context.slug, code)
    skeleton = _skeleton(context, root)
    todo = []
    for page in skeleton:
        fragment = stored.get(page.id)
        if (
            fragment is None
            or fragment.removed
            or fragment.mark != fragment.built_mark
            or fragment.path != page.path
            or fragment.url_path != page.url_path
        ):
            todo.append(page.id)
    _ensure_sentinel(context.slug, code, stored, version)
    visible_ids = {page.id for page in skeleton}
    gone = [f for f in stored.values() if not f.removed and f.page_id not in visible_ids]
    if todo or gone:
        built = _render(context, code, root, todo, skeleton) if todo else {}
        # Read after the content: every change this build saw is at or below it.
        _write(context.slug, code, stored, built, gone, language_counter(context.slug, code))
    visible = sorted(
        (stored[page.id] for page in skeleton if page.id in stored), key=lambda f: f.path
    )
    return Listing(version=version, visible=visible, by_id=stored, built=len(todo) + len(gone))


def settle(slug: str, languages: Iterable[str] | None = None) -> dict[str, int]:
    """Build what publishes marked in a city's languages (None: all of them), as the next list
    request would: the worker's job after a publish commits.

    Returns {language: objects built or turned into tombstones}."""
    try:
        context = load_city(slug)
    except ApiError:
        return {}  # no live city: its lists answer 404, whatever is stored
    codes = context.roots if languages is None else [c for c in languages if c in context.roots]
    return {code: reconcile(context, code, language_counter(slug, code)).built for code in codes}


def _write(city, code, stored, built, gone, version):
    """Store built objects and tombstones (two queries at most), and note them in `stored`;
    unchanged bytes keep their version."""
    new, changed = [], []
    for page_id, (row, data, digest) in built.items():
        old = stored.get(page_id)
        fragment = ApiFragment(
            id=None if old is None else old.id,
            city=city,
            language=code,
            page_id=page_id,
            path=row.path,
            url_path=row.url_path,
            data=data,
            hash=digest,
            removed=False,
            mark=0 if old is None else old.mark,
            built_mark=0 if old is None else old.mark,
        )
        unchanged = old is not None and not old.removed and _data(old) == data
        fragment.version = old.version if unchanged else version
        (changed if old is not None else new).append(fragment)
    for old in gone:
        changed.append(
            ApiFragment(
                id=old.id,
                page_id=old.page_id,
                path=old.path,
                url_path=old.url_path,
                data=b"",
                hash=old.hash,
                version=version,
                removed=True,
                mark=old.mark,
                built_mark=old.mark,
            )
        )
    if new:
        ApiFragment.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        ApiFragment.objects.bulk_update(
            changed,
            ["data", "hash", "path", "url_path", "version", "removed", "built_mark"],
            batch_size=500,
        )
    for fragment in (*new, *changed):
        stored[fragment.page_id] = Stored(*(getattr(fragment, f) for f in Stored._fields))


def _changed(fragment, built):
    row, data, _digest = built
    return (
        fragment is None
        or fragment.removed
        or _data(fragment) != data
        or fragment.path != row.path
        or fragment.url_path != row.url_path
    )


def refresh_city(slug: str) -> dict[str, int]:
    """Rebuild every fragment of a city from scratch (the worker's job after a city-wide change)
    and store what really changed, under a new version of each language that changed.

    Returns {language: number of fragments changed}."""
    try:
        context = load_city(slug)
    except ApiError:
        return {}  # no live city: its lists answer 404, whatever is stored
    changes = {}
    for code, root in context.roots.items():
        with transaction.atomic():
            stored = _stored(slug, code, lock=True)
            rows = load_page_rows(root, context.restricted)
            fresh = {
                row.id: (row, data, digest)
                for row, data, digest in _rendered(context, code, rows, rows)
            }
            changed = {
                page_id: built
                for page_id, built in fresh.items()
                if _changed(stored.get(page_id), built)
            }
            # Marked but unchanged: only the mark is cleared, under the same version.
            settled = {
                page_id: built
                for page_id, built in fresh.items()
                if page_id not in changed and stored[page_id].mark != stored[page_id].built_mark
            }
            if SENTINEL not in stored:
                _ensure_sentinel(slug, code, stored, language_counter(slug, code))
            gone = [f for f in stored.values() if not f.removed and f.page_id not in fresh]
            if changed or gone:
                bump(city_scope(slug, code))
            if changed or gone or settled:
                version = language_counter(slug, code)
                _write(slug, code, stored, {**changed, **settled}, gone, version)
            changes[code] = len(changed) + len(gone)
    return changes


# ---------------------------------------------------------------------------------------------
# Answers


def list_body(listing: Listing) -> bytes:
    return b"[" + b",".join(_data(f) for f in listing.visible) + b"]"


def delta_body(listing: Listing, since: int) -> bytes:
    """{"since", "version", "pages": [changed, tree order], "removed": [ids]} after `since`."""
    changed = [_data(f) for f in listing.visible if f.version > since]
    removed = sorted(
        f.page_id
        for f in listing.by_id.values()
        if f.removed and f.version > since and f.page_id != SENTINEL
    )
    head = f'{{"since":{since},"version":{listing.version},"pages":['.encode()
    return head + b",".join(changed) + b'],"removed":' + encode(removed) + b"}"


def pages_body(city: str, code: str, version: int, since: int | None = None) -> bytes:
    """The pages list of a city-language (or, with a usable `since`, the delta after it)."""
    context = load_city(city)
    listing = reconcile(context, code, version)
    if since is None or since > version or since < listing.floor:
        return list_body(listing)
    return delta_body(listing, since)

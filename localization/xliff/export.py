"""Export service: (page, locale) pairs -> XLIFF files, one <file> per pair.

Each source is first refreshed from the live page so the file matches what readers see, and a
wagtail-localize Translation exists for every pair (its uuid identifies the file on import).
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from guides.tenancy import CITY_DEPTH
from localization import tracking
from localization.glossary.xliff import apply_glossary
from localization.languages import text_direction
from localization.registry import TranslatableKind, kind_of
from localization.tm.analysis import Analysis, analyse
from localization.tm.leverage import DEFAULT_LEVERAGE, LEVERAGE_MODES, apply_leverage
from localization.xliff import adapter as seg
from localization.xliff import context as context_notes
from localization.xliff import writer12, writer20
from localization.xliff.adapter import object_key, refresh_sources
from localization.xliff.codes import parse_segment_html
from localization.xliff.document import (
    DEFAULT_VERSION,
    VERSIONS,
    FileMeta,
    Unit,
    XliffFile,
    original_for,
)
from localization.xliff.options import DEFAULT_OPTIONS, ExportOptions

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AbstractBaseUser as User

    Progress = Callable[[int, int], None]


WRITERS = {"1.2": writer12, "2.0": writer20}
SOURCE_BATCH = 100  # sources refreshed per set of bulk statements
#: The state of a unit whose current translation is prefilled. A manual translation of an
#: unchanged source is final (1.2 approved="yes"), so CAT tools do not count it as fuzzy.
STATE_FOR_TYPE = {"manual": "final", "machine": "machine"}
ZIP_MEMBER_MODE = 0o644


class ExportError(ValueError):
    """The export cannot be made; the message says why."""


@dataclass
class ExportedFile:
    filename: str
    content: bytes
    page_id: int
    language: str
    analysis: Analysis | None = None


def _kind(obj: Model) -> TranslatableKind:
    kind = kind_of(obj)
    if kind is None:
        raise ExportError(f"{obj._meta.verbose_name.title()} {obj.pk} is not translated by city.")
    return kind


def file_name(city_slug: str, source_code: str, target_code: str, obj: Model) -> str:
    """{city}_{src}_{tgt}_{pageid}_{slug}.xlf; other kinds: …_{event-12}_{slugified name}.xlf."""
    kind = _kind(obj)
    if kind.in_page_tree:
        return f"{city_slug}_{source_code}_{target_code}_{obj.pk}_{obj.slug}.xlf"
    label = getattr(obj, "name", None) or getattr(obj, "title", None) or str(obj)
    slug = slugify(label)[:50] or kind.name
    return f"{city_slug}_{source_code}_{target_code}_{kind.name}-{obj.pk}_{slug}.xlf"


def _breadcrumbs(pages):
    """{page id: 'Augsburg › Wohnen › Miete'} from one query over the ancestors' titles."""
    paths = set()
    for page in pages:
        for depth in range(2, page.depth + 1):
            paths.add(page.path[: depth * Page.steplen])
    titles = dict(
        Page.objects.filter(path__in=paths, depth__gte=CITY_DEPTH).values_list("path", "title")
    )
    result = {}
    for page in pages:
        trail = [
            titles[page.path[: d * Page.steplen]]
            for d in range(CITY_DEPTH, page.depth + 1)
            if page.path[: d * Page.steplen] in titles
        ]
        result[page.pk] = " › ".join(trail)
    return result


def _translations(sources, locales):
    """{(source_id, locale_id): Translation}, creating missing ones in one statement."""
    existing = {
        (t.source_id, t.target_locale_id): t
        for t in Translation.objects.filter(source__in=sources, target_locale__in=locales)
    }
    missing = [
        Translation(source=source, target_locale=locale)
        for source in sources
        for locale in locales
        if (source.pk, locale.pk) not in existing
    ]
    if missing:
        Translation.objects.bulk_create(missing)
        for translation in missing:
            existing[(translation.source_id, translation.target_locale_id)] = translation
    stale = [t for t in existing.values() if not t.enabled]
    for translation in stale:
        translation.enabled = True
    if stale:
        Translation.objects.bulk_update(stale, ["enabled"])
    return existing


def _current(existing):
    """The usable current translation of a unit, or None."""
    if existing is None or not existing.data:
        return None
    return existing


def _unit_for(row, existing, options: ExportOptions, context: dict) -> Unit | None:
    """The unit for a segment row, or None when the options leave it out of the file."""
    current = _current(existing)
    if options.units == "changed" and current is not None and not current.has_error:
        return None
    segment = row.segment()
    unit = Unit(
        id=row.unit_id,
        name=context["names"].get(row.unit_id, row.path),
        source=segment,
        notes=[
            f"Field: {row.field_path.replace('.', ' › ')}",
            *context_notes.field_notes(row),
            *context_notes.link_notes(row, context["page_urls"]),
        ],
        max_width=context_notes.max_width(context["model"], row),
    )
    if options.prefill == "source":
        unit.target, unit.state = segment, "new"
    elif options.prefill == "existing" and current is not None:
        unit.target = parse_segment_html(current.data)
        unit.state = (
            "error"
            if current.has_error
            else STATE_FOR_TYPE.get(current.translation_type, "translated")
        )
    return unit


def build_files(
    pairs: list[tuple[Model, Locale]],
    *,
    progress: Progress | None = None,
    options: ExportOptions = DEFAULT_OPTIONS,
    leverage: str = DEFAULT_LEVERAGE,
) -> list[tuple[Model, Locale, XliffFile]]:
    """XliffFiles for (page, locale) pairs, in the order given, with translation-memory
    matches for untranslated units as `leverage` says (localization.tm.leverage).

    With options.units "changed", a pair with nothing to translate has no file."""
    if not pairs:
        raise ExportError("Nothing to export: the selection holds no pages.")
    by_page = defaultdict(list)
    for page, locale in pairs:
        if locale not in by_page[page]:
            by_page[page].append(locale)
    pages = list(by_page)
    cities, city_by_object = {}, {}
    for page in pages:
        kind = _kind(page)
        key = (kind.name, kind.city_key(page))
        if key not in cities:
            cities[key] = kind.city_of(page) if kind.in_city(page) else None
        if cities[key] is None:
            raise ExportError(f"{kind.name.title()} {page.pk} ({page}) is not inside a city.")
        city_by_object[object_key(page)] = cities[key]
    codes = dict(Locale.objects.values_list("pk", "language_code"))

    with transaction.atomic():
        sources = {}
        for start in range(0, len(pages), SOURCE_BATCH):
            chunk = pages[start : start + SOURCE_BATCH]
            sources.update(refresh_sources(chunk))
            if progress:
                progress(start + len(chunk), len(pages) * 2)
        all_locales = sorted(
            {loc for locs in by_page.values() for loc in locs}, key=lambda loc: loc.pk
        )
        translations = _translations(list(sources.values()), all_locales)

    rows = seg.segments_by_source([s.pk for s in sources.values()])
    object_ids = [s.object_id for s in sources.values()]
    existing = {loc.pk: seg.translations_for(object_ids, loc) for loc in all_locales}
    trails = _breadcrumbs([p for p in pages if _kind(p).in_page_tree])
    templates = seg.templates_by_context([s.pk for s in sources.values()])
    page_urls = context_notes.linked_page_urls([r for rs in rows.values() for r in rs])
    files = []
    for number, page in enumerate(pages, 1):
        source = sources[object_key(page)]
        city = city_by_object[object_key(page)]
        kind = _kind(page)
        context = {
            "names": context_notes.unit_names(rows[source.pk], templates),
            "page_urls": page_urls,
            "model": type(page),
        }
        for locale in by_page[page]:
            translation = translations[(source.pk, locale.pk)]
            meta = FileMeta(
                original=original_for(city.slug, kind.name, page.pk, translation.uuid),
                city=city.slug,
                translation_id=str(translation.uuid),
                object_id=page.pk,
                kind=kind.name,
                source_language=codes[page.locale_id],
                target_language=locale.language_code,
                fingerprint=seg.source_fingerprint(source),
                source_revision=str(page.live_revision_id or ""),
                target_direction=text_direction(locale.language_code),
            )
            current = existing[locale.pk]
            candidates = (
                _unit_for(row, current.get((row.string_id, row.context_id)), options, context)
                for row in rows[source.pk]
            )
            units = [unit for unit in candidates if unit is not None]
            if not units and options.units == "changed":
                continue
            if kind.in_page_tree:
                notes = [
                    f"Page: {page.title}",
                    f"Path: {trails[page.pk]}",
                    context_notes.page_url_note(page, codes[page.locale_id]),
                ]
            else:
                notes = [
                    f"{page._meta.verbose_name.title()}: {page}",
                    f"Path: {city.title} › {page._meta.verbose_name_plural.title()}",
                ]
            notes.append(f"City: {city.title}")
            files.append((page, locale, XliffFile(meta=meta, units=units, notes=notes)))
        if progress:
            progress(len(pages) + number, len(pages) * 2)
    apply_leverage(files, leverage)
    apply_glossary(files)
    analyse(files)
    return files


def export_pairs(
    pairs: list[tuple[Model, Locale]],
    *,
    version: str = DEFAULT_VERSION,
    user: User | None = None,
    mark: bool = True,
    progress: Progress | None = None,
    options: ExportOptions = DEFAULT_OPTIONS,
    leverage: str = DEFAULT_LEVERAGE,
) -> list[ExportedFile]:
    """[ExportedFile] for the pairs; marks the exported ones in_translation unless `mark` is
    False."""
    if version not in VERSIONS:
        raise ExportError(f"XLIFF version {version!r} is not supported; use 1.2 or 2.0.")
    writer = WRITERS[version]
    exported, written = [], []
    if leverage not in LEVERAGE_MODES:
        raise ExportError(f"Leverage {leverage!r} is not supported; use none, alt or prefill.")
    for page, locale, xfile in build_files(
        pairs, progress=progress, options=options, leverage=leverage
    ):
        written.append((page, locale))
        exported.append(
            ExportedFile(
                filename=file_name(
                    xfile.meta.city, xfile.meta.source_language, xfile.meta.target_language, page
                ),
                content=writer.write([xfile]),
                page_id=page.pk,
                language=locale.language_code,
                analysis=xfile.analysis,
            )
        )
    if not exported:
        raise ExportError(
            _("Nothing to export: every unit of the selection is translated and unchanged.")
        )
    if mark:
        locales_by_page = defaultdict(list)
        for page, locale in written:
            locales_by_page[page].append(locale)
        tracking.mark_many_in_translation(locales_by_page, user=user)
    return exported


def _zip_time():
    return timezone.localtime().timetuple()[:6]


def total_analysis(exported: list[ExportedFile]) -> Analysis:
    total = Analysis()
    for item in exported:
        if item.analysis is not None:
            total.merge(item.analysis)
    return total


def zip_files(exported: list[ExportedFile]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in exported:
            member = zipfile.ZipInfo(item.filename, date_time=_zip_time())
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = (stat.S_IFREG | ZIP_MEMBER_MODE) << 16
            archive.writestr(member, item.content)
    return buffer.getvalue()


def package(
    exported: list[ExportedFile], city_slug: str, *, as_zip: bool | None = None
) -> tuple[str, bytes]:
    """(filename, bytes): one page and language gives an .xlf, anything more a .zip."""
    if as_zip is None:
        as_zip = len(exported) != 1
    if not as_zip:
        if len(exported) != 1:
            raise ExportError(
                f"An .xlf file holds exactly one page in one language; this selection has "
                f"{len(exported)} files. Write a .zip instead."
            )
        return exported[0].filename, exported[0].content
    languages = "-".join(sorted({item.language for item in exported}))
    return f"{city_slug}_xliff_{languages}.zip", zip_files(exported)

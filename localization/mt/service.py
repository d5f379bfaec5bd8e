"""Machine translation service: fill a city's translations into one language from a backend.

The admin, the background job and `manage.py machine_translate` all call `translate_pages`.
A job works like this:

1. **Plan** (nothing sent yet): the chosen source pages' TranslationSources are refreshed in
   bulk, their segments and existing translations read; a segment needs work when it has no
   error-free translation. Exact translation-memory matches (`localization.tm.lookup`,
   quality 100) fill what they can, free; the distinct texts left are what the backend gets,
   and their characters (plain text, tags not counted) are the job's cost.
2. **Budget**: the whole cost is reserved up front (`localization.mt.budget`), or the job is
   refused before anything is sent.
3. **Glossary**: a backend that supports glossaries (DeepL) gets the city's
   (`localization.glossary.machine`), prepared once per job before any text is sent; a
   failure to prepare it ends the job there, with nothing sent.
4. **Batches** of pages: the batch's texts go to the backend in requests of a bounded size;
   `localization.mt.checks.check_output` accepts or rejects each reply (a rejected segment
   stays untranslated and is reported); accepted replies become wagtail-localize
   StringTranslations of type "machine" (memory matches are "manual": people made them), then
   each page gets a new revision, published by the job's user.

Publishing makes the translation live at once: readers get a translation rather than German,
and the status rule calls it `machine_translated` ("needs review") until a person reviews it.
Reads and string writes cost a constant number of queries per batch; each page then costs
what a revision and a publish cost, whatever its number of segments.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

from localization.glossary.machine import machine_glossary
from localization.mt import budget
from localization.mt.backends import BackendError, get_translator
from localization.mt.checks import Rejection, check_output
from localization.mt.models import MachineTranslationConfig
from localization.scope import source_locale_id
from localization.status import Status
from localization.tm.lookup import find_matches, plain
from localization.tracking import pairs_with_status
from localization.xliff.adapter import (
    ingest_plans,
    refresh_sources,
    save_translation,
    segments_by_source,
    translations_for,
)
from localization.xliff.adapter import object_key as source_key
from localization.xliff.deferred_tasks import deferred_tasks

logger = logging.getLogger(__name__)

#: The statuses a job can select; the command's --status takes these names.
SELECTABLE = (Status.MISSING, Status.INCOMPLETE, Status.OUTDATED)
BATCH_PAGES = 50  # pages per batch: reads and string writes are a few statements per batch
REQUEST_STRINGS = 50  # strings per backend request
REQUEST_CHARACTERS = 20000  # characters per backend request
TM_TOOL_NAME = "Translation memory"

Progress = Callable[[int, int], None]


class MachineTranslationError(ValueError):
    """The job cannot run; the message says why. Nothing was sent or written."""


@dataclass
class PagePlan:
    page: Page
    source: object  # TranslationSource
    rows: list  # SegmentRow
    existing: dict  # (string_id, context_id) -> ExistingTranslation
    ingest: object  # IngestPlan
    needs: list  # SegmentRow without an error-free translation


@dataclass
class JobPlan:
    pages: list[PagePlan]
    memory: dict[str, str]  # source html -> exact TM target
    machine_texts: list[str]  # distinct source html the backend gets
    characters: int


@dataclass
class Outcome:
    pages: int = 0
    pages_written: int = 0
    segments_machine: int = 0
    segments_memory: int = 0
    characters: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # pages that could not be saved

    def summary(self) -> str:
        parts = [
            _(
                "%(written)s of %(pages)s page(s) translated: %(machine)s segment(s) by machine "
                "translation (%(characters)s characters), %(memory)s from the translation "
                "memory"
            )
            % {
                "written": self.pages_written,
                "pages": self.pages,
                "machine": self.segments_machine,
                "characters": self.characters,
                "memory": self.segments_memory,
            }
        ]
        if self.rejections:
            parts.append(
                _("%(count)s reply/replies rejected (%(first)s)")
                % {"count": len(self.rejections), "first": self.rejections[0].reason}
            )
        parts.extend(self.failures)
        return "; ".join(parts)


# ---- what to translate ---------------------------------------------------------------------


def target_locale(city: Page, language: str) -> Locale:
    """The city's offered language `language` (not its source), or an error naming them."""
    offered = {loc.language_code: loc for loc in city.languages.all() if loc.pk != city.locale_id}
    if language not in offered:
        raise MachineTranslationError(
            _("%(city)s does not offer the language “%(language)s”; it offers: %(offered)s.")
            % {
                "city": city.title,
                "language": language,
                "offered": ", ".join(sorted(offered)) or _("no translations"),
            }
        )
    return offered[language]


def select_pages(
    city: Page,
    locale: Locale,
    *,
    page_ids: Iterable[int] | None = None,
    subtree: bool = False,
    statuses: Iterable[str] | None = None,
) -> list[Page]:
    """The city's live source pages to translate, parents first: all of them, or the pages
    `page_ids` (with their subtrees if `subtree`), whose status into `locale` is one of
    `statuses` (default: missing, incomplete, outdated)."""
    statuses = set(statuses or SELECTABLE)
    unknown = statuses - {status.value for status in SELECTABLE}
    if unknown:
        raise MachineTranslationError(
            _("Unknown status “%(status)s”; choose from: %(choices)s.")
            % {
                "status": ", ".join(sorted(unknown)),
                "choices": ", ".join(status.value for status in SELECTABLE),
            }
        )
    pages = Page.objects.filter(
        path__startswith=city.path, locale_id=city.locale_id, live=True
    ).order_by("path")
    if page_ids is not None:
        page_ids = list(page_ids)
        chosen = list(pages.filter(pk__in=page_ids))
        missing = set(page_ids) - {page.pk for page in chosen}
        if missing:
            raise MachineTranslationError(
                _("Page(s) %(ids)s are not published source pages of %(city)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(missing)), "city": city.title}
            )
        if subtree:
            condition = Page.objects.none()
            for page in chosen:
                condition |= pages.filter(path__startswith=page.path)
            pages = condition.order_by("path")
        else:
            pages = pages.filter(pk__in=page_ids)
    return [page for page, _locale in pairs_with_status(list(pages), [locale], statuses)]


def translator_for(city: Page, locale: Locale):
    """The backend the city configured for `locale`, or an error saying none is."""
    config = MachineTranslationConfig.objects.filter(city_id=city.pk, language=locale).first()
    if config is None:
        raise MachineTranslationError(
            _("%(city)s has no machine translation set up for %(language)s.")
            % {"city": city.title, "language": locale.get_display_name()}
        )
    try:
        translator = get_translator(config.backend)
    except BackendError as error:
        raise MachineTranslationError(str(error)) from None
    source = Locale.objects.get(pk=source_locale_id())
    if not translator.can_translate(source, locale):
        raise MachineTranslationError(
            _("%(backend)s cannot translate from %(source)s into %(target)s.")
            % {
                "backend": translator.display_name,
                "source": source.get_display_name(),
                "target": locale.get_display_name(),
            }
        )
    return translator


# ---- plan ------------------------------------------------------------------------------------


def plan_job(city: Page, locale: Locale, pages: list[Page]) -> JobPlan:
    """Read what the pages need, in batches; nothing is sent."""
    page_plans = []
    for start in range(0, len(pages), BATCH_PAGES):
        page_plans.extend(_plan_batch(pages[start : start + BATCH_PAGES], locale))
    wanted = list(
        dict.fromkeys(
            (row.source_html, plan.page.translation_key)
            for plan in page_plans
            for row in plan.needs
        )
    )
    source_code = Locale.objects.get(pk=source_locale_id()).language_code
    memory = {}
    if wanted:
        matches = find_matches(
            wanted,
            city=city,
            source_language=source_code,
            target_language=locale.language_code,
        )
        candidates = {
            text: found[0].target_text
            for (text, _key), found in matches.items()
            if found and found[0].exact
        }
        memory, _rejected = check_output(
            candidates,
            city=city,
            source_language=source_code,
            target_language=locale.language_code,
        )
    machine_texts = list(dict.fromkeys(text for text, _key in wanted if text not in memory))
    characters = sum(len(plain(text)) for text in machine_texts)
    return JobPlan(page_plans, memory, machine_texts, characters)


def _plan_batch(pages, locale):
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()
    }
    instances = [specific[page.pk] for page in pages]
    sources = refresh_sources(instances)
    source_ids = [sources[source_key(page)].pk for page in instances]
    rows = segments_by_source(source_ids)
    existing = translations_for([page.translation_key for page in instances], locale)
    ingest = ingest_plans(source_ids, locale)
    plans = []
    for page in instances:
        source = sources[source_key(page)]
        page_rows = rows.get(source.pk, [])
        needs = [
            row
            for row in page_rows
            if (found := existing.get((row.string_id, row.context_id))) is None or found.has_error
        ]
        plans.append(PagePlan(page, source, page_rows, existing, ingest[source.pk], needs))
    return plans


# ---- run -------------------------------------------------------------------------------------


def translate_pages(
    city: Page,
    locale: Locale,
    pages: list[Page],
    *,
    user=None,
    progress: Progress | None = None,
) -> Outcome:
    """Machine-translate `pages` (source pages of `city`) into `locale` and publish them.

    Refused up front (MachineTranslationError, or budget.BudgetExceeded) when no backend is
    set up or the budget would not suffice; a backend failure half-way ends the job with the
    pages done so far kept, the rest untouched and their characters given back."""
    translator = translator_for(city, locale)
    plan = plan_job(city, locale, pages)
    budget.reserve(city, plan.characters)
    outcome = Outcome(pages=len(plan.pages))
    translated = dict(plan.memory)
    memory_texts = set(plan.memory)
    source_locale = Locale.objects.get(pk=source_locale_id())
    sent = set()
    try:
        glossary = (
            _backend_glossary(translator, city, source_locale, locale)
            if plan.machine_texts
            else None
        )
        with deferred_tasks():
            for start in range(0, len(plan.pages), BATCH_PAGES):
                batch = plan.pages[start : start + BATCH_PAGES]
                texts = [
                    text
                    for text in dict.fromkeys(row.source_html for p in batch for row in p.needs)
                    if text not in translated and text not in sent
                ]
                replies = _ask(translator, source_locale, locale, texts, glossary)
                sent.update(texts)
                outcome.characters += sum(len(plain(text)) for text in texts)
                accepted, rejected = check_output(
                    replies,
                    city=city,
                    source_language=source_locale.language_code,
                    target_language=locale.language_code,
                )
                translated.update(accepted)
                outcome.rejections.extend(rejected)
                _write_batch(batch, locale, translated, memory_texts, translator, user, outcome)
                if progress:
                    progress(min(start + BATCH_PAGES, len(plan.pages)), len(plan.pages))
    finally:
        unsent = sum(len(plain(text)) for text in plan.machine_texts if text not in sent)
        budget.refund(city, unsent)
    return outcome


def _backend_glossary(translator, city, source_locale, locale):
    """What the backend's `translate` gets as `glossary=`, or None: the backend has no
    glossaries, the city's glossary for the pair is empty, or the backend has none for the
    pair. A BackendError when the backend fails to set it up."""
    prepare = getattr(translator, "prepare_glossary", None)
    if prepare is None:
        return None
    glossary = machine_glossary(city, source_locale.language_code, locale.language_code)
    return prepare(glossary) if glossary is not None else None


def _ask(translator, source_locale, locale, texts, glossary):
    """{source html: reply html} for `texts`, in requests of bounded size."""
    from wagtail_localize.strings import StringValue

    replies = {}
    chunk, size = [], 0
    chunks = []
    for text in texts:
        if chunk and (len(chunk) >= REQUEST_STRINGS or size + len(text) > REQUEST_CHARACTERS):
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(text)
        size += len(text)
    if chunk:
        chunks.append(chunk)
    for chunk in chunks:
        strings = [StringValue(text) for text in chunk]
        if glossary is not None:
            result = translator.translate(source_locale, locale, strings, glossary=glossary)
        else:
            result = translator.translate(source_locale, locale, strings)
        for string in strings:
            reply = result.get(string)
            replies[string.data] = reply.data if reply is not None else None
    return replies


def _write_batch(batch, locale, translated, memory_texts, translator, user, outcome):
    """The batch's new strings in one statement, then a published revision per page."""
    now = timezone.now()
    strings = {}
    for plan in batch:
        for row in plan.needs:
            text = translated.get(row.source_html)
            if text is None:
                continue
            from_memory = row.source_html in memory_texts
            strings[(row.string_id, row.context_id)] = StringTranslation(
                translation_of_id=row.string_id,
                context_id=row.context_id,
                locale=locale,
                data=text,
                translation_type=(
                    StringTranslation.TRANSLATION_TYPE_MANUAL
                    if from_memory
                    else StringTranslation.TRANSLATION_TYPE_MACHINE
                ),
                tool_name=TM_TOOL_NAME if from_memory else str(translator.display_name),
                last_translated_by=user,
                has_error=False,
                field_error="",
                created_at=now,
                updated_at=now,
            )
    if strings:
        StringTranslation.objects.bulk_create(
            list(strings.values()),
            update_conflicts=True,
            unique_fields=["locale", "translation_of", "context"],
            update_fields=[
                "data",
                "translation_type",
                "tool_name",
                "last_translated_by",
                "has_error",
                "field_error",
                "updated_at",
            ],
        )
    written = set(strings)
    translations = _translations(batch, locale)
    targets = _targets(batch, locale)
    for plan in batch:
        new = [
            key for key in ((row.string_id, row.context_id) for row in plan.needs) if key in written
        ]
        if plan.needs and not new:
            continue  # nothing came back for this page: leave it as it is
        from_memory = sum(1 for key in new if strings[key].tool_name == TM_TOOL_NAME)
        outcome.segments_memory += from_memory
        outcome.segments_machine += len(new) - from_memory
        texts = {key: old.data for key, old in plan.existing.items() if not old.has_error}
        texts.update((key, strings[key].data) for key in new)
        try:
            with transaction.atomic():
                target = targets.get(plan.page.translation_key)
                target, revision = save_translation(
                    translations[plan.source.pk],
                    target,
                    plan.page,
                    segments=plan.ingest.segments(texts),
                    user=user,
                )
                revision.publish(user=user)
        except ValidationError as error:
            outcome.failures.append(
                _("“%(title)s” could not be saved: %(errors)s")
                % {"title": plan.page.title, "errors": "; ".join(error.messages)}
            )
            continue
        outcome.pages_written += 1


def _translations(batch, locale):
    """{TranslationSource id: wagtail-localize Translation into locale}, created if missing."""
    source_ids = [plan.source.pk for plan in batch]
    found = {
        t.source_id: t
        for t in Translation.objects.filter(source_id__in=source_ids, target_locale=locale)
    }
    new = [
        Translation(source=plan.source, target_locale=locale)
        for plan in batch
        if plan.source.pk not in found
    ]
    if new:
        Translation.objects.bulk_create(new)
        found.update(
            (t.source_id, t)
            for t in Translation.objects.filter(source_id__in=source_ids, target_locale=locale)
        )
    for plan in batch:
        found[plan.source.pk].source = plan.source
        found[plan.source.pk].target_locale = locale
    return found


def _targets(batch, locale):
    """{translation key: the page's existing translation in locale, as its specific class}."""
    pages = Page.objects.filter(
        translation_key__in=[plan.page.translation_key for plan in batch], locale=locale
    ).specific()
    return {page.translation_key: page for page in pages}

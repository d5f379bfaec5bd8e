"""Builds the demo installation from the data files in guides/demo/data/: the cities, their
guides in German, and translations made through wagtail-localize, leaving some missing and
some outdated on purpose."""

import os
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue, extract_strings

from guides.cities import create_city
from guides.demo.datafiles import DemoCity, read_demo_data
from guides.demo.events import check_places, load_demo_events
from guides.demo.icons import add_missing_icons, demo_icon
from guides.demo.progress import Progress
from guides.events.models import Event, Location
from guides.models import CityPage, GuidePage
from guides.news.models import NewsItem
from localization.xliff.deferred_tasks import deferred_tasks

__all__ = ["DemoCity", "UnknownSectionError", "load_demo_data"]

DEMO_ACCOUNTS = [
    ("admin", None),
    ("augsburg-editor", "augsburg"),
    ("nuernberg-editor", "nuernberg"),
]


def body_data(blocks, lang):
    """The raw StreamField data of a page body in one language."""
    data = []
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            value = block["text"][lang]
        elif kind == "paragraph":
            value = block["html"][lang]
        elif kind == "info_box":
            value = {
                "kind": block["kind"],
                "title": block["title"][lang],
                "text": block["html"][lang],
            }
        elif kind == "link_list":
            value = [
                {"title": link["title"][lang], "page": None, "url": link["url"]}
                for link in block["links"]
            ]
        else:
            raise ValueError(f"Unknown demo block type {kind!r}")
        data.append({"type": kind, "value": value})
    return data


class SegmentPairs:
    """Collects (source string, translated string) pairs as wagtail-localize stores them."""

    def __init__(self, source_lang, lang):
        self.source_lang, self.lang, self.pairs = source_lang, lang, []

    def plain(self, values):
        source, target = values[self.source_lang], values[self.lang]
        self.pairs.append(
            (StringValue.from_plaintext(source).data, StringValue.from_plaintext(target).data)
        )

    def rich(self, values):
        _template, source_strings = extract_strings(values[self.source_lang])
        _template, target_strings = extract_strings(values[self.lang])
        self.pairs += [
            (s.data, t.data) for (s, _), (t, _) in zip(source_strings, target_strings, strict=False)
        ]

    def page(self, spec):
        for name in ("title", "slug", "teaser"):
            self.plain(spec[name])
        for block in spec["body"]:
            if block["type"] == "heading":
                self.plain(block["text"])
            elif block["type"] == "paragraph":
                self.rich(block["html"])
            elif block["type"] == "info_box":
                self.plain(block["title"])
                self.rich(block["html"])
            elif block["type"] == "link_list":
                for link in block["links"]:
                    self.plain(link["title"])
        return self.pairs


@transaction.atomic
def translate(instance, locale, pairs, user=None, source=None):
    """Translate through wagtail-localize: source, string translations, then the target.

    source: the instance's TranslationSource when the caller has it up to date already (one
    per page for all its languages). wagtail-localize publishes the target when this
    transaction commits."""
    if source is None:
        source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    known = dict(pairs)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        target = known.get(segment.string.data)
        if target:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context_id=segment.context_id,
                defaults={
                    "data": target,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    translation.save_target(user=user, publish=True)
    return instance.get_translation(locale)


def ensure_city(data, progress):
    demo, source = data.demo, data.demo.languages[0]
    name = data.name[source]
    with progress.step(name) as report:
        city = CityPage.objects.filter(slug=demo.slug, locale=Locale.get_default()).first()
        created = city is None
        if created:
            city = create_city(
                demo.slug,
                name,
                demo.languages,
                state=demo.state,
                latitude=demo.latitude,
                longitude=demo.longitude,
            )
        if city.teaser != data.welcome[source] or city.emergency_numbers != data.emergency[source]:
            city.teaser = data.welcome[source]
            city.imprint = data.imprint[source]
            city.emergency_numbers = data.emergency[source]
            city.contact_email = f"integration@{demo.slug}.example"
            city.save_revision().publish()
        translated = 0
        for code in demo.languages[1:]:
            locale = Locale.objects.get(language_code=code)
            copy = city.get_translation_or_none(locale)
            if copy and copy.teaser == data.welcome[code] and copy.emergency_numbers:
                continue
            pairs = SegmentPairs(source, code)
            pairs.plain(data.name)
            pairs.plain({source: demo.state, code: demo.state})  # a name that stays as it is
            pairs.plain(data.welcome)
            pairs.rich(data.imprint)
            pairs.rich(data.emergency)
            translate(city, locale, pairs.pairs)
            translated += 1
        counts = {"written": translated, "total": len(demo.languages) - 1}
        if created:
            report.message = (
                _("city page created; translations written now: %(written)s of %(total)s") % counts
            )
        else:
            report.message = (
                _("city page already there; translations written now: %(written)s of %(total)s")
                % counts
            )
    return city


def ensure_pages(parent, specs, source, city=None):
    """Create the source page tree once; returns (spec, page) for every page, depth first.

    city: given for the top level, whose pages get the demo's icons (before translation, so
    every language copy has them)."""
    created = []
    for spec in specs:
        slug = spec["slug"][source]
        page = GuidePage.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = GuidePage(
                title=spec["title"][source],
                slug=slug,
                teaser=spec["teaser"][source],
                body=body_data(spec["body"], source),
                icon=demo_icon(city, spec["key"]) if city is not None else None,
            )
            with transaction.atomic():
                parent.add_child(instance=page)
                page.save_revision().publish()
        created.append((spec, page))
        created += ensure_pages(page, spec["children"], source)
    return created


def keys_below(specs, keys, inside=False):
    for spec in specs:
        hit = inside or spec["key"] in keys
        if hit:
            yield spec["key"]
        yield from keys_below(spec["children"], keys, hit)


def translate_pages(demo, pages, page_specs, progress, where):
    """Each language in turn; a page's TranslationSource is brought up to date once (on its
    first translation of this run) and serves all its languages."""
    source_code = demo.languages[0]
    sources = {}
    keys = [page.translation_key for _spec, page in pages]
    for code in demo.languages[1:]:
        with progress.step(f"{where} › {code}") as report:
            locale = Locale.objects.get(language_code=code)
            skipped = set(keys_below(page_specs, set(demo.missing.get(code, []))))
            existing = set(
                GuidePage.objects.filter(locale=locale, translation_key__in=keys).values_list(
                    "translation_key", flat=True
                )
            )
            written = 0
            for spec, page in pages:
                if spec["key"] in skipped or page.translation_key in existing:
                    continue
                if page.pk not in sources:
                    sources[page.pk], _created = TranslationSource.update_or_create_from_instance(
                        page
                    )
                pairs = SegmentPairs(source_code, code).page(spec)
                translate(page, locale, pairs, source=sources[page.pk])
                written += 1
            missing = sum(1 for spec, _page in pages if spec["key"] in skipped)
            report.message = _(
                "guide page translations written now: %(written)s; already there: %(kept)s; "
                "missing on purpose: %(missing)s"
            ) % {"written": written, "kept": len(pages) - written - missing, "missing": missing}


def make_outdated(data, pages):
    """Publish a real change to a few source pages after they were translated; returns how
    many were changed now."""
    note = f" {data.outdated_note}"
    changed = 0
    for spec, page in pages:
        if spec["key"] in data.demo.outdated and not page.teaser.endswith(note):
            page.teaser += note
            page.save_revision().publish()
            changed += 1
    return changed


def ensure_accounts(password):
    User = get_user_model()
    lines = []
    for username, city_slug in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_superuser = user.is_staff = city_slug is None
        user.set_password(password)
        user.save()
        if city_slug:
            city = CityPage.objects.get(slug=city_slug, locale=Locale.get_default())
            user.groups.add(city.editors_group)
        role = "superuser" if city_slug is None else f"editor of {city_slug} only"
        lines.append(f"{username} / {password} ({role})")
    return lines


def snippet_counts():
    """The demo's events, locations and news items in all languages, by kind."""
    return {
        _("events"): Event.objects.count(),
        _("locations"): Location.objects.count(),
        _("news items"): NewsItem.objects.count(),
    }


def load_city(data, sections, progress):
    """One city: its root page, guide pages, their translations, icons and outdated cases."""
    demo, source_code = data.demo, data.demo.languages[0]
    page_specs = [s for s in data.pages if sections is None or s["key"] in sections]
    city = ensure_city(data, progress)
    where = city.title
    with progress.step(f"{where} › {source_code}") as report:
        before = GuidePage.objects.descendant_of(city).filter(locale=city.locale).count()
        pages = ensure_pages(city, page_specs, source_code, city=city)
        report.message = _("guide pages: %(count)s (new: %(new)s)") % {
            "count": len(pages),
            "new": GuidePage.objects.descendant_of(city).filter(locale=city.locale).count()
            - before,
        }
    translate_pages(demo, pages, page_specs, progress, where)
    with progress.step(where) as report:
        top_level = [(spec, page) for spec, page in pages if spec in page_specs]
        icons = add_missing_icons(city, top_level)
        outdated = make_outdated(data, pages)
        report.message = _(
            "icons added: %(icons)s; pages changed after translation (outdated on purpose): "
            "%(outdated)s"
        ) % {"icons": icons, "outdated": outdated}


class UnknownSectionError(ValueError):
    """A section asked for is not a top-level page key of the data files."""


def check_sections(cities, sections):
    known = sorted({spec["key"] for data in cities for spec in data.pages})
    unknown = sorted(set(sections or ()) - set(known))
    if unknown:
        raise UnknownSectionError(
            _("No top-level section %(unknown)s in the demo data files; they have: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
        )


def load_demo_data(stdout=None, sections=None, data_dir=None):
    """Load the demo from the data files, which are all read and checked first: a malformed
    file raises DemoDataError (naming the file and the key), an unknown section
    UnknownSectionError, before anything is written.

    Progress goes to stdout as it goes. The search and reference indexes are brought up to
    date in one pass at the end rather than on every save (each translated page is saved four
    times). sections (top-level page keys) lets tests load a small part of the guide."""
    progress = Progress(stdout)
    with progress.step(_("Demo data files")) as report:
        cities = read_demo_data(data_dir)
        check_places(cities)
        check_sections(cities, sections)
        report.message = ngettext(
            "%(count)s city read and checked", "%(count)s cities read and checked", len(cities)
        ) % {"count": len(cities)}
    with disable_reference_index_auto_update(), deferred_tasks():
        for data in cities:
            load_city(data, sections, progress)
        with progress.step(_("Events, locations and news")) as report:
            before = snippet_counts()
            load_demo_events([data.demo for data in cities], texts=cities)
            report.message = "; ".join(
                _("%(kind)s: %(count)s (new: %(new)s)")
                % {"kind": kind, "count": count, "new": count - before[kind]}
                for kind, count in snippet_counts().items()
            )
        accounts = ensure_accounts(os.environ.get("DEMO_PASSWORD", "cityguide"))
        progress.say(_("Updating the search and reference indexes…"))
        indexing = time.monotonic()
    # the search-index tasks collected above have run (in bulk); now the full passes
    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    progress.done(_("Search and reference indexes"), _("up to date"), indexing)
    progress.say(_("Demo loaded in %(seconds).0f s.") % {"seconds": progress.seconds()})
    return accounts

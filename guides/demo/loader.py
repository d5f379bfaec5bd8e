"""Builds the demo installation from the data files in guides/demo/data/: the cities, their
guides in German, and translations made through wagtail-localize, leaving some missing and
some outdated on purpose."""

import os

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale
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
from guides.models import CityPage, GuidePage

__all__ = ["DemoCity", "load_demo_data"]

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
        _, source_strings = extract_strings(values[self.source_lang])
        _, target_strings = extract_strings(values[self.lang])
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
def translate(instance, locale, pairs, user=None):
    """Translate through wagtail-localize: source, string translations, then the target.

    wagtail-localize publishes the target when this transaction commits."""
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(
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


def ensure_city(data):
    demo, source = data.demo, data.demo.languages[0]
    city = CityPage.objects.filter(slug=demo.slug, locale=Locale.get_default()).first()
    if city is None:
        city = create_city(
            demo.slug,
            data.name[source],
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
    for code in demo.languages[1:]:
        locale = Locale.objects.get(language_code=code)
        translated = city.get_translation_or_none(locale)
        if translated and translated.teaser == data.welcome[code] and translated.emergency_numbers:
            continue
        pairs = SegmentPairs(source, code)
        pairs.plain(data.name)
        pairs.plain({source: demo.state, code: demo.state})  # a name that stays as it is
        pairs.plain(data.welcome)
        pairs.rich(data.imprint)
        pairs.rich(data.emergency)
        translate(city, locale, pairs.pairs)
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


def translate_pages(demo, pages, page_specs):
    for code in demo.languages[1:]:
        locale = Locale.objects.get(language_code=code)
        skipped = set(keys_below(page_specs, set(demo.missing.get(code, []))))
        for spec, page in pages:
            if spec["key"] in skipped or page.get_translations().filter(locale=locale).exists():
                continue
            translate(page, locale, SegmentPairs(demo.languages[0], code).page(spec))


def make_outdated(data, pages):
    """Publish a real change to a few source pages after they were translated."""
    note = f" {data.outdated_note}"
    for spec, page in pages:
        if spec["key"] in data.demo.outdated and not page.teaser.endswith(note):
            page.teaser += note
            page.save_revision().publish()


def ensure_accounts(password):
    User = get_user_model()
    lines = []
    for username, city_slug in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(
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


def load_demo_data(stdout=None, sections=None, data_dir=None):
    """Load the demo from the data files, which are all read and checked first: a malformed
    file raises DemoDataError (naming the file and the key) before anything is written.

    sections (top-level page keys) lets tests load a small part of the guide."""
    cities = read_demo_data(data_dir)
    check_places(cities)
    for data in cities:
        demo = data.demo
        page_specs = [s for s in data.pages if sections is None or s["key"] in sections]
        city = ensure_city(data)
        pages = ensure_pages(city, page_specs, demo.languages[0], city=city)
        translate_pages(demo, pages, page_specs)
        add_missing_icons(city, [(spec, page) for spec, page in pages if spec in page_specs])
        make_outdated(data, pages)
        if stdout:
            stdout.write(f"{city.title}: {len(pages)} guide pages in {', '.join(demo.languages)}")
    load_demo_events([data.demo for data in cities], texts=cities)
    return ensure_accounts(os.environ.get("DEMO_PASSWORD", "cityguide"))

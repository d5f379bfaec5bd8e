"""Builds the demo installation: two cities, their guides in German, and translations
made through wagtail-localize, leaving some missing and some outdated on purpose."""

import os
from dataclasses import dataclass, field

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
from guides.demo.content import CITY_NAMES, CITY_TEXT, PAGES
from guides.demo.events import load_demo_events
from guides.models import CityPage, GuidePage


@dataclass(frozen=True)
class DemoCity:
    slug: str
    languages: list
    state: str
    latitude: float
    longitude: float
    # Page keys whose subtree stays untranslated in a language: the "missing" cases.
    missing: dict = field(default_factory=dict)
    # Page keys whose German source changes after translation: the "outdated" cases.
    outdated: tuple = ()


DEMO_CITIES = [
    DemoCity(
        "augsburg",
        ["de", "en", "ar", "fa", "uk", "tr", "fr", "ru"],
        "Bayern",
        48.3705,
        10.8978,
        missing={"ru": ["leisure"], "fr": ["money"]},
        outdated=("arrival", "health"),
    ),
    DemoCity(
        "nuernberg",
        ["de", "en", "ar", "uk"],
        "Bayern",
        49.4521,
        11.0767,
        missing={"uk": ["emergencies"]},
        outdated=("work",),
    ),
]
DEMO_ACCOUNTS = [
    ("admin", None),
    ("augsburg-editor", "augsburg"),
    ("nuernberg-editor", "nuernberg"),
]
OUTDATED_NOTE = " Neu: Termine gibt es jetzt auch online."


def fill(text, city_slug, lang):
    return text.replace("{city}", CITY_NAMES[city_slug][lang])


def body_data(blocks, city_slug, lang):
    """The raw StreamField data of a page body in one language."""
    data = []
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            value = fill(block["text"][lang], city_slug, lang)
        elif kind == "paragraph":
            value = fill(block["html"][lang], city_slug, lang)
        elif kind == "info_box":
            value = {
                "kind": block["kind"],
                "title": fill(block["title"][lang], city_slug, lang),
                "text": fill(block["html"][lang], city_slug, lang),
            }
        elif kind == "link_list":
            value = [
                {
                    "title": fill(link["title"][lang], city_slug, lang),
                    "page": None,
                    "url": link["url"],
                }
                for link in block["links"]
            ]
        else:
            raise ValueError(f"Unknown demo block type {kind!r}")
        data.append({"type": kind, "value": value})
    return data


class SegmentPairs:
    """Collects (German string, translated string) pairs as wagtail-localize stores them."""

    def __init__(self, city_slug, lang):
        self.city_slug, self.lang, self.pairs = city_slug, lang, []

    def plain(self, values):
        source = fill(values["de"], self.city_slug, "de")
        target = fill(values[self.lang], self.city_slug, self.lang)
        self.pairs.append(
            (StringValue.from_plaintext(source).data, StringValue.from_plaintext(target).data)
        )

    def rich(self, values):
        _, source_strings = extract_strings(fill(values["de"], self.city_slug, "de"))
        _, target_strings = extract_strings(fill(values[self.lang], self.city_slug, self.lang))
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


def ensure_city(demo):
    city = CityPage.objects.filter(slug=demo.slug, locale=Locale.get_default()).first()
    if city is None:
        city = create_city(
            demo.slug,
            CITY_NAMES[demo.slug]["de"],
            demo.languages,
            state=demo.state,
            latitude=demo.latitude,
            longitude=demo.longitude,
        )
    teaser = fill(CITY_TEXT["welcome"]["de"], demo.slug, "de")
    if city.teaser != teaser:
        city.teaser = teaser
        city.imprint = fill(CITY_TEXT["imprint"]["de"], demo.slug, "de")
        city.contact_email = f"integration@{demo.slug}.example"
        city.save_revision().publish()
    for code in demo.languages[1:]:
        locale = Locale.objects.get(language_code=code)
        translated = city.get_translation_or_none(locale)
        if translated and translated.teaser == fill(CITY_TEXT["welcome"][code], demo.slug, code):
            continue
        pairs = SegmentPairs(demo.slug, code)
        pairs.plain(CITY_NAMES[demo.slug])
        pairs.plain(CITY_TEXT["welcome"])
        pairs.rich(CITY_TEXT["imprint"])
        translate(city, locale, pairs.pairs)
    return city


def ensure_pages(parent, specs, city_slug):
    """Create the German page tree once; returns (spec, page) for every page, depth first."""
    created = []
    for spec in specs:
        slug = spec["slug"]["de"]
        page = GuidePage.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = GuidePage(
                title=fill(spec["title"]["de"], city_slug, "de"),
                slug=slug,
                teaser=fill(spec["teaser"]["de"], city_slug, "de"),
                body=body_data(spec["body"], city_slug, "de"),
            )
            with transaction.atomic():
                parent.add_child(instance=page)
                page.save_revision().publish()
        created.append((spec, page))
        created += ensure_pages(page, spec.get("children", []), city_slug)
    return created


def keys_below(specs, keys, inside=False):
    for spec in specs:
        hit = inside or spec["key"] in keys
        if hit:
            yield spec["key"]
        yield from keys_below(spec.get("children", []), keys, hit)


def translate_pages(demo, pages, page_specs):
    for code in demo.languages[1:]:
        locale = Locale.objects.get(language_code=code)
        skipped = set(keys_below(page_specs, set(demo.missing.get(code, []))))
        for spec, page in pages:
            if spec["key"] in skipped or page.get_translations().filter(locale=locale).exists():
                continue
            translate(page, locale, SegmentPairs(demo.slug, code).page(spec))


def make_outdated(demo, pages):
    """Publish a real change to a few German sources after they were translated."""
    for spec, page in pages:
        if spec["key"] in demo.outdated and not page.teaser.endswith(OUTDATED_NOTE):
            page.teaser += OUTDATED_NOTE
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


def load_demo_data(stdout=None, page_specs=PAGES):
    """page_specs lets tests load a small part of the guide."""
    for demo in DEMO_CITIES:
        city = ensure_city(demo)
        pages = ensure_pages(city, page_specs, demo.slug)
        translate_pages(demo, pages, page_specs)
        make_outdated(demo, pages)
        if stdout:
            stdout.write(f"{city.title}: {len(pages)} guide pages in {', '.join(demo.languages)}")
    load_demo_events()
    return ensure_accounts(os.environ.get("DEMO_PASSWORD", "cityguide"))

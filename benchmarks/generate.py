"""The one data generator behind every benchmark: cities that look like real ones.

    city = build_city(CitySpec("benchstadt", pages=1000, languages=["de", "en", "ar"]))

What a generated city holds, and how it is made:

- the city itself through `guides.cities.create_city` (root translations, editors group,
  media collection), and its top-level sections through Wagtail's own `add_child`,
  `save_revision` and `publish` (so with revisions, audit-log entries and status signals);
- the bulk of the guide pages bulk-inserted in tree order, each with `revisions` revisions
  (earlier drafts, then the published one) and the audit-log entries Wagtail writes for them
  (create, edit, publish), bodies with headings, paragraphs, page and document links, info
  boxes, link lists and images;
- translations of a share (`coverage`) of the pages in each translated language, bulk-inserted
  with a revision, log entries and the translation-base tag that says which source version
  they carry, so they are up to date; a few more through wagtail-localize itself (source,
  string translations, `save_target`);
- every status row from `translation_status --rebuild`, then real events on top: `outdated`
  sources republished with a real change (their translations become outdated) and
  `in_translation` pages exported through the XLIFF export service with mark=True;
- images and documents in the city's collection, locations and events (some recurring) made
  and published like an editor would.

Everything is seeded: the same spec and seed give the same titles, texts, tree and choices.
"""

import datetime as dt
import io
import json
import random
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from guides.cities import create_city
from guides.events.models import Event, Location
from guides.models import CityPage, GuidePage
from localization.models import TranslationBase
from localization.xliff.export import export_pairs

START = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
TOPICS = [
    "Ankommen",
    "Wohnen",
    "Arbeit",
    "Gesundheit",
    "Schule",
    "Kita",
    "Deutsch lernen",
    "Geld",
    "Behörden",
    "Freizeit",
    "Notfälle",
    "Mobilität",
    "Beratung",
    "Familie",
    "Recht",
]
WORDS = [
    "Termin",
    "Ausweis",
    "Formular",
    "Beratung",
    "Anmeldung",
    "Wohnung",
    "Miete",
    "Schule",
    "Arzt",
    "Versicherung",
    "Kurs",
    "Jobcenter",
    "Bürgeramt",
    "Dolmetscher",
    "kostenlos",
    "Öffnungszeiten",
    "Unterlagen",
    "Antrag",
    "Bescheid",
    "Kinder",
    "Familie",
    "Sprache",
    "Hilfe",
    "Stadt",
    "Nachbarschaft",
    "Bus",
    "Fahrkarte",
    "Notruf",
    "Apotheke",
    "Bank",
    "Konto",
]


@dataclass
class CitySpec:
    slug: str
    name: str = ""
    languages: list = field(default_factory=lambda: ["de", "en", "ar"])  # first: the source
    pages: int = 100  # guide pages in the source language, sections included
    sections: int = 10  # top-level pages, made through Wagtail's own save and publish
    fanout: int = 6  # children per page below the sections (breadth first)
    translated: list | None = None  # languages with translations (default: every target)
    coverage: float = 0.9  # share of the source pages translated in each of them
    revisions: int = 3  # revisions of each bulk source page (the last one is live)
    real_translations: int = 2  # pages translated through wagtail-localize, per language
    outdated: int = 4  # translated sources republished with a real change afterwards
    in_translation: int = 3  # pages exported with mark=True, into the first target language
    images: int = 4
    documents: int = 2
    locations: int = 3
    events: int = 6

    def __post_init__(self):
        self.name = self.name or self.slug.replace("-", " ").title()


@dataclass
class GeneratedCity:
    spec: CitySpec
    city: CityPage
    roots: dict  # language code -> CityPage
    pages: list  # source page ids in tree order (sections first), the city root excluded
    sections: list  # source section ids
    outdated: list = field(default_factory=list)  # source page ids
    in_translation: list = field(default_factory=list)  # source page ids
    images: list = field(default_factory=list)
    documents: list = field(default_factory=list)

    def subtree_sizes(self):
        """{page id: number of source pages in its subtree, itself included}."""
        paths = dict(Page.objects.filter(pk__in=self.pages).values_list("pk", "path"))
        ordered = sorted(paths.values())
        return {
            pk: sum(1 for other in ordered if other.startswith(path)) for pk, path in paths.items()
        }


class _Ids:
    """Deterministic uuids and choices for one city."""

    def __init__(self, seed, slug):
        self.rng = random.Random(f"{seed}:{slug}")

    def uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def sentence(self, words=12):
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build_city(spec, *, seed=0):
    """Build one city after `spec` (see the module docstring); returns a GeneratedCity."""
    return build_cities([spec], seed=seed)[0]


def build_cities(specs, *, seed=0):
    """Build several cities: the bulk part of each, one status rebuild for all, then the
    real-path events (real translations, events, outdated sources, XLIFF exports)."""
    made = []
    for spec in specs:
        ids = _Ids(seed, spec.slug)
        city = create_city(spec.slug, spec.name, list(spec.languages))
        city = CityPage.objects.get(pk=city.pk)
        roots = {
            root.locale.language_code: root
            for root in CityPage.objects.filter(
                translation_key=city.translation_key
            ).select_related("locale")
        }
        images = _images(city, spec, ids)
        documents = _documents(city, spec, ids)
        sections = _sections(city, spec, ids, images, documents)
        bulk = _bulk_source_pages(city, sections, spec, ids, images, documents)
        targets = [code for code in spec.languages if code != city.locale.language_code]
        translated = targets if spec.translated is None else list(spec.translated)
        chosen = _translated_share(sections + bulk, spec, ids)
        for code in translated:
            _bulk_translations(roots[code], [p for p in sections + bulk if p.pk in chosen], code)
        result = GeneratedCity(
            spec, city, roots, [p.pk for p in sections + bulk], [s.pk for s in sections]
        )
        result.images, result.documents = [i.pk for i in images], [d.pk for d in documents]
        made.append((result, ids, images, sections, bulk, chosen, translated))
    call_command("translation_status", "--rebuild", verbosity=0, stdout=io.StringIO())
    for result, ids, images, sections, bulk, chosen, translated in made:
        spec, roots = result.spec, result.roots
        _real_translations(sections + bulk, chosen, translated, spec, roots)
        _locations_and_events(result.city, spec, ids, images)
        result.outdated = _make_outdated(bulk, chosen, spec, ids)
        result.in_translation = _send_for_translation(
            bulk, chosen, result.outdated, translated, spec, roots
        )
    return [entry[0] for entry in made]


# ---------------------------------------------------------------------------------------------
# Media


def _png(ids, width=48, height=32):
    from PIL import Image as PILImage

    color = tuple(ids.rng.randrange(256) for _ in range(3))
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def _images(city, spec, ids):
    Image = get_image_model()
    made = []
    for n in range(spec.images):
        image = Image(title=f"{spec.name} Bild {n + 1}", collection_id=city.collection_id)
        image.file = ImageFile(io.BytesIO(_png(ids)), name=f"{spec.slug}-bild-{n + 1}.png")
        image.save()
        made.append(image)
    return made


def _documents(city, spec, ids):
    Document = get_document_model()
    made = []
    for n in range(spec.documents):
        document = Document(
            title=f"{spec.name} Merkblatt {n + 1}", collection_id=city.collection_id
        )
        text = "\n".join(ids.sentence() for _ in range(20)).encode()
        document.file = ContentFile(text, name=f"{spec.slug}-merkblatt-{n + 1}.txt")
        document.save()
        made.append(document)
    return made


# ---------------------------------------------------------------------------------------------
# Source pages


def _body(title, ids, *, link_to, images, documents):
    paragraph = (
        f"<p>{ids.sentence(18)} <b>{ids.sentence(4)}</b> {ids.sentence(10)}</p>"
        f"<ul><li>{ids.sentence(6)}</li><li>{ids.sentence(5)}</li></ul>"
    )
    if link_to:
        paragraph += f'<p>Mehr dazu: <a linktype="page" id="{link_to}">Übersicht</a>.</p>'
    if documents:
        document = ids.rng.choice(documents)
        paragraph += f'<p><a linktype="document" id="{document.pk}">Merkblatt</a></p>'
    blocks = [
        {"type": "heading", "value": title, "id": str(ids.uuid())},
        {"type": "paragraph", "value": paragraph, "id": str(ids.uuid())},
        {
            "type": "info_box",
            "id": str(ids.uuid()),
            "value": {
                "kind": ids.rng.choice(["info", "warning"]),
                "title": "Wichtig",
                "text": f"<p>{ids.sentence(9)}</p>",
            },
        },
        {"type": "paragraph", "value": f"<p>{ids.sentence(25)}</p>", "id": str(ids.uuid())},
    ]
    if link_to:
        blocks.append(
            {
                "type": "link_list",
                "id": str(ids.uuid()),
                "value": [
                    {
                        "type": "item",
                        "id": str(ids.uuid()),
                        "value": {"title": "Übersicht", "page": link_to, "url": ""},
                    },
                    {
                        "type": "item",
                        "id": str(ids.uuid()),
                        "value": {"title": "Stadt", "page": None, "url": "https://example.org/"},
                    },
                ],
            }
        )
    if images and ids.rng.random() < 0.3:
        image = ids.rng.choice(images)
        blocks.append(
            {
                "type": "image",
                "id": str(ids.uuid()),
                "value": {"image": image.pk, "alt_text": image.title, "decorative": False},
            }
        )
    return blocks


def _sections(city, spec, ids, images, documents):
    """Top-level pages through Wagtail's own add_child / save_revision / publish."""
    made = []
    for n in range(min(spec.sections, spec.pages)):
        title = TOPICS[n % len(TOPICS)] + ("" if n < len(TOPICS) else f" {n // len(TOPICS) + 1}")
        page = GuidePage(
            title=title,
            slug=slugify(title),
            teaser=ids.sentence(8),
            body=_body(title, ids, link_to=city.pk, images=images, documents=documents),
            icon=images[n % len(images)] if images else None,
        )
        with transaction.atomic():
            city.add_child(instance=page)
            page.save_revision().publish()
        made.append(page)
    return made


def _bulk_source_pages(city, sections, spec, ids, images, documents):
    """The rest of the source pages, breadth first below the sections, `fanout` per parent."""
    count = spec.pages - len(sections)
    if count <= 0 or not sections:
        return []
    parents = list(sections)
    specs = []  # (parent, title)
    for n in range(count):
        parent = parents[n // spec.fanout]
        title = f"{parent.title.split(' · ')[0]} · {ids.rng.choice(WORDS)} {n + 1}"
        placeholder = _Placeholder(parent, title)
        specs.append(placeholder)
        parents.append(placeholder)
    pages = _insert_pages(
        specs,
        locale_id=city.locale_id,
        keys=[ids.uuid() for _ in specs],
        make=lambda p: GuidePage(
            title=p.title,
            teaser=ids.sentence(8),
            body=_body(p.title, ids, link_to=p.parent.pk, images=images, documents=documents),
            icon_id=(
                images[len(p.title) % len(images)].pk if images and len(p.title) % 3 else None
            ),
        ),
    )
    _history(pages, spec.revisions)
    return pages


@dataclass(eq=False)
class _Placeholder:
    """A page to insert; `page` is filled in once it exists."""

    parent: object
    title: str
    page: object = None

    @property
    def pk(self):
        return self.page.pk

    def __getattr__(self, name):  # path, depth, url_path… of the inserted page
        if name == "page" or self.page is None:
            raise AttributeError(name)
        return getattr(self.page, name)


def _insert_pages(specs, *, locale_id, keys, make):
    """Bulk-insert GuidePages in tree order (each spec's parent exists or comes earlier).

    `make(spec)` returns an unsaved GuidePage with the content fields; tree fields, slugs and
    dates are filled in here. Returns the GuidePages, saved, in the order of `specs`."""
    guide_type = ContentType.objects.get_for_model(GuidePage)
    numchild = {}
    made = []
    for spec, key in zip(specs, keys, strict=True):
        parent = spec.parent.page if isinstance(spec.parent, _Placeholder) else spec.parent
        index = numchild.get(parent.path, parent.numchild) + 1
        numchild[parent.path] = index
        page = make(spec)
        page.slug = f"{slugify(page.title)}-{index}"[:80]
        page.path = Page._get_path(parent.path, parent.depth + 1, index)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = locale_id
        page.translation_key = key
        page.content_type = guide_type
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        spec.page = page
        made.append(page)
    # Multi-table inheritance: the page rows in bulk, then the guide rows with the same ids.
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    rows = [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in made]
    for page in rows:
        page.numchild = 0
    Page.objects.bulk_create(rows, batch_size=500)
    for page, row in zip(made, rows, strict=True):
        page.pk = page.page_ptr_id = row.pk
        page.id = row.pk
    children = {}
    for page in made:
        parent_path = page.path[: -Page.steplen]
        children[parent_path] = children.get(parent_path, 0) + 1
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Page._meta.db_table} SET numchild = numchild + %s WHERE path = %s",
            [(n, path) for path, n in children.items()],
        )
    for spec in specs:
        parent = spec.parent.page if isinstance(spec.parent, _Placeholder) else spec.parent
        if not isinstance(spec.parent, _Placeholder):
            parent.numchild = numchild[parent.path]
    own = GuidePage._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in own)
    marks = ", ".join(["%s"] * len(own))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {GuidePage._meta.db_table} ({columns}) VALUES ({marks})",
            [
                [f.get_db_prep_save(f.pre_save(page, add=True), connection) for f in own]
                for page in made
            ],
        )
    for page in made:
        page._state.adding = False
    return made


def _history(pages, revisions, *, tag_with=None, start=START):
    """Revisions and audit-log entries as Wagtail writes them: created, edited (earlier
    drafts), published (the last revision, which becomes live). `tag_with(page)` returns the
    source revision id a translation revision was made from (a translation-base tag)."""
    if not pages:
        return
    page_type = ContentType.objects.get_for_model(Page)
    guide_type = ContentType.objects.get_for_model(GuidePage)
    objs, entries = [], []
    for n, page in enumerate(pages):
        for r in range(revisions):
            created = start + dt.timedelta(hours=n % 500, minutes=r * 7)
            content = page.serializable_data()
            if r < revisions - 1:
                content["title"] = content["draft_title"] = f"{page.title} (Entwurf {r + 1})"
            objs.append(
                Revision(
                    content_type=guide_type,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=created,
                    object_str=page.title,
                    content=content,
                )
            )
    Revision.objects.bulk_create(objs, batch_size=500)
    updates, tags = [], []
    for n, page in enumerate(pages):
        own = objs[n * revisions : (n + 1) * revisions]
        live = own[-1]
        page.latest_revision_id = page.live_revision_id = live.pk
        page.first_published_at = page.last_published_at = live.created_at
        page.latest_revision_created_at = live.created_at
        t = live.created_at
        updates.append((live.pk, live.pk, t, t, t, page.pk))
        entries.append(_entry(page, guide_type, "wagtail.create", own[0].created_at, None))
        for revision in own[:-1]:
            entries.append(_entry(page, guide_type, "wagtail.edit", revision.created_at, revision))
        entries.append(_entry(page, guide_type, "wagtail.edit", live.created_at, live))
        entries.append(_entry(page, guide_type, "wagtail.publish", live.created_at, live))
        if tag_with:
            source_revision_id = tag_with(page)
            tags.append(
                TranslationBase(
                    revision_id=live.pk,
                    source_revision_id=source_revision_id,
                    content_revision_id=source_revision_id,
                )
            )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Page._meta.db_table} SET live_revision_id = %s, latest_revision_id = %s, "
            "first_published_at = %s, last_published_at = %s, latest_revision_created_at = %s "
            "WHERE id = %s",
            updates,
        )
    PageLogEntry.objects.bulk_create(entries, batch_size=1000)
    TranslationBase.objects.bulk_create(tags, batch_size=1000)


def _entry(page, content_type, action, timestamp, revision):
    return PageLogEntry(
        content_type=content_type,
        label=page.title[:255],
        action=action,
        data={},
        timestamp=timestamp,
        user=None,
        revision=revision,
        content_changed=action != "wagtail.publish",
        page_id=page.pk,
    )


# ---------------------------------------------------------------------------------------------
# Translations


def _translated_share(pages, spec, ids):
    """Ids of the pages translated in every translated language: `coverage` of them, always
    with their parents (a translation needs its parent translated)."""
    chosen = set()
    by_path = {p.path: p for p in pages}
    for page in pages:
        parent = by_path.get(page.path[: -Page.steplen])
        if (parent is None or parent.pk in chosen) and ids.rng.random() < spec.coverage:
            chosen.add(page.pk)
    return chosen


def _bulk_translations(root, sources, code):
    """Translated copies (up to date: tagged with the source's live revision)."""
    placeholders, by_source_path = [], {}
    for source in sources:
        parent = by_source_path.get(source.path[: -Page.steplen], root)
        placeholder = _Placeholder(parent, f"{source.title} [{code}]")
        placeholder.source = source
        by_source_path[source.path] = placeholder
        placeholders.append(placeholder)
    pages = _insert_pages(
        placeholders,
        locale_id=root.locale_id,
        keys=[s.translation_key for s in sources],
        make=lambda p: GuidePage(
            title=p.title,
            teaser=f"[{code}] {p.source.teaser}",
            body=p.source.body.raw_data,
            icon_id=p.source.icon_id,
        ),
    )
    live_of = dict(
        Page.objects.filter(pk__in=[s.pk for s in sources]).values_list(
            "translation_key", "live_revision_id"
        )
    )
    _history(
        pages,
        1,
        tag_with=lambda page: live_of[page.translation_key],
        start=START + dt.timedelta(days=30),
    )


def _real_translations(pages, chosen, translated, spec, roots):
    """A few translations through wagtail-localize: source, string translations, save_target
    (publishing on commit), which tags them through the project's own signal handlers."""
    ids_by_path = {p.path: p.pk for p in pages}
    untranslated = [
        p
        for p in pages
        if p.pk not in chosen
        and ids_by_path.get(p.path[: -Page.steplen]) in chosen | {None}
        and p.depth > pages[0].depth
    ]
    for page in untranslated[: spec.real_translations]:
        page = GuidePage.objects.get(pk=page.pk)
        for code in translated:
            locale = roots[code].locale
            with transaction.atomic():
                source, _ = TranslationSource.update_or_create_from_instance(page)
                translation, _ = Translation.objects.get_or_create(
                    source=source, target_locale=locale, defaults={"enabled": True}
                )
                for segment in StringSegment.objects.filter(source=source).select_related("string"):
                    StringTranslation.objects.update_or_create(
                        translation_of=segment.string,
                        locale=locale,
                        context_id=segment.context_id,
                        defaults={
                            "data": f"[{code}] {segment.string.data}",
                            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                        },
                    )
                translation.save_target(publish=True)
        chosen.add(page.pk)


def _make_outdated(bulk, chosen, spec, ids):
    """Republish translated sources with a real change: their translations become outdated."""
    candidates = [p for p in bulk if p.pk in chosen]
    picked = ids.rng.sample(candidates, min(spec.outdated, len(candidates) // 2))
    for page in picked:
        page = GuidePage.objects.get(pk=page.pk)
        page.teaser += " Neu: Termine gibt es jetzt auch online."
        page.save_revision().publish()
    return [p.pk for p in picked]


def _send_for_translation(bulk, chosen, outdated, translated, spec, roots):
    """Export a few pages through the XLIFF export service with mark=True."""
    if not translated or not spec.in_translation:
        return []
    locale = roots[translated[0]].locale
    candidates = [p for p in bulk if p.pk not in outdated]
    picked = candidates[-spec.in_translation :]
    pages = list(GuidePage.objects.filter(pk__in=[p.pk for p in picked]).order_by("path"))
    if not pages:
        return []
    export_pairs([(page, locale) for page in pages], mark=True)
    return [p.pk for p in pages]


# ---------------------------------------------------------------------------------------------
# Locations and events


def _locations_and_events(city, spec, ids, images):
    locations = []
    for n in range(spec.locations):
        location = Location(
            city=city,
            locale_id=city.locale_id,
            name=f"{ids.rng.choice(['Beratungsstelle', 'Treffpunkt', 'Bücherei'])} {n + 1}",
            category="other",
            description=f"<p>{ids.sentence(15)}</p>",
            address=f"Hauptstraße {n + 1}",
            postcode=f"{86150 + n}",
            town=spec.name,
            latitude=48.3 + n / 100,
            longitude=10.9 + n / 100,
            live=True,
        )
        location.save()
        location.save_revision().publish()
        locations.append(location)
    for n in range(spec.events):
        start = dt.date(2025, 3, 3) + dt.timedelta(days=3 * n)
        recurring = n % 3 == 0
        event = Event(
            city=city,
            locale_id=city.locale_id,
            title=f"{ids.rng.choice(['Sprachcafé', 'Infoabend', 'Sprechstunde'])} {n + 1}",
            teaser=ids.sentence(8),
            description=f"<p>{ids.sentence(20)}</p>",
            start_date=start,
            end_date=start,
            start_time=dt.time(17, 0),
            end_time=dt.time(19, 0),
            location=locations[n % len(locations)] if locations else None,
            thumbnail=images[n % len(images)] if images else None,
            frequency="WEEKLY" if recurring else "",
            weekdays=[start.weekday()] if recurring else [],
            recurrence_end_date=start + dt.timedelta(days=90) if recurring else None,
            live=True,
        )
        event.full_clean()
        event.save()
        event.save_revision().publish()


def summary(generated):
    """One line about what was made, for the benchmark's output."""
    from localization.models import TranslationStatus

    counts = {}
    for status in TranslationStatus.objects.filter(city_id=generated.city.pk).values_list(
        "status", flat=True
    ):
        counts[status] = counts.get(status, 0) + 1
    pages = sum(
        Page.objects.filter(path__startswith=root.path).count() for root in generated.roots.values()
    )
    return (
        f"{generated.spec.slug}: {len(generated.pages)} source pages, {pages} pages in "
        f"{len(generated.roots)} languages, statuses {json.dumps(counts, sort_keys=True)}, "
        f"{len(generated.images)} images, {len(generated.documents)} documents, "
        f"{generated.spec.locations} locations, {generated.spec.events} events "
        f"(database: {Revision.objects.count()} revisions, "
        f"{PageLogEntry.objects.count()} page log entries)"
    )

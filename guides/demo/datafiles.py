"""Reads the demo's data files and checks them before anything is written to the database.

One folder per city under guides/demo/data/, one YAML file per language in it. The file of
the site's default language (de.yaml) is the source: it defines the city, its languages and
the page tree with a stable key per page. Every other file translates the same keys. See
guides/demo/data/README.md.

read_demo_data() returns the texts by language, in the shape the loader writes them:
``{"de": "...", "en": "...", ...}`` for every translatable value.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail_localize.strings import extract_strings

DATA_DIR = Path(__file__).resolve().parent / "data"

BLOCK_TYPES = ("heading", "paragraph", "info_box", "link_list")
INFO_BOX_KINDS = ("info", "warning")
PAGE_FIELDS = ("slug", "title", "teaser", "body")
CITY_TEXT_FIELDS = ("name", "welcome", "imprint", "emergency")
# Text fields that hold HTML: a translation must split into as many text segments.
RICH_FIELDS = {"imprint", "emergency", "description", "content"}
# The texts of the demo's locations and events; their addresses and dates are in events.py.
LOCATION_FIELDS = {
    "library": ("name",),
    "advice": ("name", "description", "opening_hours_note"),
}
EVENT_FIELDS = {name: ("title", "teaser") for name in ("cafe", "job_fair", "parents")}
# Local news (optional in a city's files); its date is in guides/demo/news.py.
NEWS_FIELDS = {"courses": ("title", "content")}


class DemoDataError(ValueError):
    """A demo data file is malformed. The message names the file and the key."""

    def __init__(self, path, key, problem):
        self.path, self.key, self.problem = path, key, problem
        where = f"{path}: {key}" if key else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class DemoCity:
    """A demo city's place in the demo: which languages, and the deliberate gaps."""

    slug: str
    languages: list
    state: str
    latitude: float
    longitude: float
    # Page keys whose subtree stays untranslated in a language: the "missing" cases.
    missing: dict = field(default_factory=dict)
    # Page keys whose source changes after translation: the "outdated" cases.
    outdated: tuple = ()


@dataclass(frozen=True)
class CityData:
    """Everything the data files say about one city; texts are dicts by language."""

    demo: DemoCity
    name: dict
    welcome: dict
    imprint: dict
    emergency: dict  # the city's emergency numbers (CityPage.emergency_numbers), HTML
    outdated_note: str
    locations: dict  # key -> field -> language -> text
    events: dict  # key -> field -> language -> text
    pages: list  # [{"key", "slug", "title", "teaser", "body", "children"}], depth first
    news: dict = field(default_factory=dict)  # key -> field -> language -> text; may be empty


def source_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def read_demo_data(data_dir=None):
    """Every city's data (folders in alphabetical order), checked; raises DemoDataError."""
    data_dir = Path(data_dir or DATA_DIR)
    folders = sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise DemoDataError(data_dir, "", _("no city folders with demo data."))
    return [read_city(folder) for folder in folders]


def read_city(folder):
    folder = Path(folder)
    source = CityFile(folder / f"{source_language()}.yaml", folder.parent)
    data = source.read_source()
    offered = data.demo.languages
    for path in sorted(folder.glob("*.yaml")):
        if path.stem not in offered:
            raise DemoDataError(
                CityFile.label(path, folder.parent),
                "",
                _(
                    "the city does not offer the language %(language)r "
                    "(city.languages in %(source)s: %(languages)s)."
                )
                % {"language": path.stem, "source": source.name, "languages": ", ".join(offered)},
            )
    for language in offered[1:]:
        path = folder / f"{language}.yaml"
        if not path.exists():
            raise DemoDataError(
                source.name,
                "city.languages",
                _("%(language)r has no translation file %(file)s.")
                % {"language": language, "file": path.name},
            )
        CityFile(path, folder.parent).read_translation(data)
    return data


def walk(pages):
    for page in pages:
        yield page
        yield from walk(page["children"])


class CityFile:
    """One YAML file and the checks on it; errors name the file and the key."""

    def __init__(self, path, data_dir):
        self.path, self.language = path, path.stem
        self.name = self.label(path, data_dir)

    @staticmethod
    def label(path, data_dir):
        try:
            return path.relative_to(data_dir).as_posix()
        except ValueError:
            return str(path)

    def error(self, key, problem):
        return DemoDataError(self.name, key, problem)

    def load(self):
        try:
            with open(self.path, encoding="utf-8") as stream:
                data = yaml.safe_load(stream)
        except FileNotFoundError as error:
            raise self.error("", _("file not found.")) from error
        except yaml.YAMLError as error:
            raise self.error("", _("not valid YAML: %(error)s") % {"error": error}) from error
        return self.mapping(data, "", required=(), allowed=None)

    # Shapes ---------------------------------------------------------------------------------

    def mapping(self, value, key, required, allowed):
        """A mapping with text keys, the required ones present and no others than allowed."""
        if not isinstance(value, dict):
            raise self.error(key, _("must be a mapping of names to values."))
        for name in value:
            if not isinstance(name, str):
                raise self.error(
                    key, _("the key %(key)r must be text: put it in quotes.") % {"key": name}
                )
        for name in required:
            if value.get(name) is None:
                raise self.error(join(key, name), _("missing."))
        if allowed is not None:
            unknown = [name for name in value if name not in allowed]
            if unknown:
                raise self.error(
                    join(key, unknown[0]),
                    _("unknown key; expected one of: %(keys)s.") % {"keys": ", ".join(allowed)},
                )
        return value

    def text(self, value, key):
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, _("must be a non-empty text (put it in quotes if need be)."))
        return value

    def number(self, value, key):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, _("must be a number."))
        return value

    def keys(self, value, key, known):
        """A list of page keys that exist in the source."""
        if not isinstance(value, list):
            raise self.error(key, _("must be a list of page keys."))
        for index, item in enumerate(value):
            if not isinstance(item, str) or item not in known:
                raise self.error(
                    f"{key}[{index}]", _("no page with the key %(key)r.") % {"key": item}
                )
        return tuple(value)

    # The source file ------------------------------------------------------------------------

    def read_source(self):
        data = self.load()
        self.mapping(
            data,
            "",
            required=("city", "locations", "events", "pages"),
            allowed=("city", "outdated", "locations", "events", "news", "pages"),
        )
        city = self.mapping(
            data["city"],
            "city",
            required=(
                "name",
                "state",
                "latitude",
                "longitude",
                "languages",
                *CITY_TEXT_FIELDS[1:],
            ),
            allowed=("name", "state", "latitude", "longitude", "languages", *CITY_TEXT_FIELDS[1:]),
        )
        for name in ("name", "state", *CITY_TEXT_FIELDS[1:]):
            self.text(city[name], join("city", name))
        languages = self.languages(city["languages"], "city.languages")
        pages = self.page_tree(data["pages"])
        known = {page["key"] for page in walk(pages)}
        outdated, note = (), ""
        if data.get("outdated") is not None:
            spec = self.mapping(
                data["outdated"], "outdated", required=("pages", "note"), allowed=("pages", "note")
            )
            outdated = self.keys(spec["pages"], "outdated.pages", known)
            note = self.text(spec["note"], "outdated.note")
        texts = {name: {self.language: city[name]} for name in CITY_TEXT_FIELDS}
        return CityData(
            demo=DemoCity(
                slug=self.path.parent.name,
                languages=languages,
                state=city["state"],
                latitude=self.number(city["latitude"], "city.latitude"),
                longitude=self.number(city["longitude"], "city.longitude"),
                missing={},
                outdated=outdated,
            ),
            outdated_note=note,
            locations=self.snippet_texts(data["locations"], "locations", LOCATION_FIELDS),
            events=self.snippet_texts(data["events"], "events", EVENT_FIELDS),
            news=self.snippet_texts(data["news"], "news", NEWS_FIELDS) if "news" in data else {},
            pages=pages,
            **texts,
        )

    def languages(self, value, key):
        site_languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        if not isinstance(value, list) or not value:
            raise self.error(key, _("must be a list of language codes."))
        if value[0] != self.language:
            raise self.error(
                key,
                _("must start with the source language %(language)r.")
                % {"language": self.language},
            )
        for index, code in enumerate(value):
            if code not in site_languages:
                raise self.error(
                    f"{key}[{index}]",
                    _("%(code)r is not a language of the site (%(languages)s).")
                    % {"code": code, "languages": ", ".join(site_languages)},
                )
            if code in value[:index]:
                raise self.error(f"{key}[{index}]", _("%(code)r is listed twice.") % {"code": code})
        return list(value)

    def snippet_texts(self, value, key, expected):
        """Locations or events: key -> field -> text, turned into field -> {language: text}."""
        names = tuple(expected)
        items = self.mapping(value, key, required=names, allowed=names)
        return {
            name: {
                field_name: {self.language: self.text(text, join(key, name, field_name))}
                for field_name, text in self.mapping(
                    items[name], join(key, name), required=expected[name], allowed=expected[name]
                ).items()
            }
            for name in names
        }

    def page_tree(self, value):
        pages = self.mapping(value, "pages", required=(), allowed=None)
        if not pages:
            raise self.error("pages", _("has no pages."))
        by_key, roots = {}, []
        for page_key, spec in pages.items():
            key = join("pages", page_key)
            spec = self.mapping(spec, key, required=PAGE_FIELDS, allowed=("parent", *PAGE_FIELDS))
            node = {"key": page_key, "children": []}
            node |= {
                name: {self.language: self.text(spec[name], join(key, name))}
                for name in PAGE_FIELDS[:3]
            }
            node["body"] = self.body(spec["body"], join(key, "body"), source=None)
            parent = spec.get("parent")
            if parent is None:
                siblings = roots
            elif parent in by_key:
                siblings = by_key[parent]["children"]
            else:
                raise self.error(
                    join(key, "parent"),
                    _("unknown parent %(parent)r (a parent must come before its subpages).")
                    % {"parent": parent},
                )
            slug = node["slug"][self.language]
            if any(sibling["slug"][self.language] == slug for sibling in siblings):
                raise self.error(
                    join(key, "slug"),
                    _("%(slug)r is already the slug of another page with the same parent.")
                    % {"slug": slug},
                )
            siblings.append(node)
            by_key[page_key] = node
        return roots

    # Page bodies ----------------------------------------------------------------------------

    def body(self, value, key, source):
        """A body as blocks; for a translation, checked against the source's blocks and merged
        into them (source is then the source page's body)."""
        if not isinstance(value, list):
            raise self.error(key, _("must be a list of blocks."))
        if source is not None and len(value) != len(source):
            raise self.error(
                key,
                _("has %(count)s blocks; the source page has %(source)s, in the same order.")
                % {"count": len(value), "source": len(source)},
            )
        blocks = []
        for index, item in enumerate(value):
            block_key = f"{key}[{index}]"
            if not isinstance(item, dict) or len(item) != 1:
                raise self.error(
                    block_key,
                    _("a block is one of %(types)s, with its content.")
                    % {"types": ", ".join(BLOCK_TYPES)},
                )
            ((kind, content),) = item.items()
            if kind not in BLOCK_TYPES:
                raise self.error(
                    block_key,
                    _("unknown block %(kind)r; expected one of: %(types)s.")
                    % {"kind": kind, "types": ", ".join(BLOCK_TYPES)},
                )
            original = source[index] if source is not None else None
            if original is not None and original["type"] != kind:
                raise self.error(
                    block_key,
                    _("is a %(kind)s; the source page has a %(source)s here.")
                    % {"kind": kind, "source": original["type"]},
                )
            blocks.append(self.block(kind, content, join(block_key, kind), original))
        return blocks

    def block(self, kind, content, key, original):
        def text(value, at, name):
            value = self.text(value, at)
            if original is None:
                return {self.language: value}
            if name == "html":
                self.same_segments(value, original[name], at)
            return original[name] | {self.language: value}

        def fields(value, at, required):
            return self.mapping(value, at, required=required, allowed=required)

        if kind == "heading":
            return {"type": kind, "text": text(content, key, "text")}
        if kind == "paragraph":
            return {"type": kind, "html": text(content, key, "html")}
        if kind == "info_box":
            if original is None:
                content = fields(content, key, ("kind", "title", "text"))
                if content["kind"] not in INFO_BOX_KINDS:
                    raise self.error(
                        join(key, "kind"),
                        _("must be one of: %(kinds)s.") % {"kinds": ", ".join(INFO_BOX_KINDS)},
                    )
                box = {"type": kind, "kind": content["kind"]}
            else:
                content = fields(content, key, ("title", "text"))
                box = {"type": kind, "kind": original["kind"]}
            box["title"] = text(content["title"], join(key, "title"), "title")
            box["html"] = text(content["text"], join(key, "text"), "html")
            return box
        # link_list
        if not isinstance(content, list) or not content:
            raise self.error(key, _("must be a list of links."))
        if original is not None and len(content) != len(original["links"]):
            raise self.error(
                key,
                _("has %(count)s links; the source page has %(source)s, in the same order.")
                % {"count": len(content), "source": len(original["links"])},
            )
        links = []
        for index, link in enumerate(content):
            at = f"{key}[{index}]"
            if original is None:
                link = fields(link, at, ("title", "url"))
                links.append(
                    {
                        "title": {self.language: self.text(link["title"], join(at, "title"))},
                        "url": self.text(link["url"], join(at, "url")),
                    }
                )
            else:
                link = fields(link, at, ("title",))
                source_link = original["links"][index]
                links.append(
                    {
                        "title": source_link["title"]
                        | {self.language: self.text(link["title"], join(at, "title"))},
                        "url": source_link["url"],
                    }
                )
        return {"type": kind, "links": links}

    def same_segments(self, html, source, key):
        """wagtail-localize pairs a translation's text segments with the source's by order.

        source: the texts by language read so far, the source language's first."""
        source_html = next(iter(source.values()))
        count, expected = len(extract_strings(html)[1]), len(extract_strings(source_html)[1])
        if count != expected:
            raise self.error(
                key,
                _(
                    "the HTML splits into %(count)s text segments, the source into "
                    "%(expected)s: keep the source's paragraphs, lists and list items."
                )
                % {"count": count, "expected": expected},
            )

    # A translation file ---------------------------------------------------------------------

    def read_translation(self, data):
        """Check a translation against the source and add its texts to data (in place)."""
        language = self.language
        content = self.load()
        self.mapping(
            content,
            "",
            required=("city", "locations", "events", "pages"),
            allowed=("city", "missing", "locations", "events", "news", "pages"),
        )
        city = self.mapping(
            content["city"], "city", required=CITY_TEXT_FIELDS, allowed=CITY_TEXT_FIELDS
        )
        for name in CITY_TEXT_FIELDS:
            value = self.text(city[name], join("city", name))
            if name in RICH_FIELDS:
                self.same_segments(value, getattr(data, name), join("city", name))
            getattr(data, name)[language] = value

        sources = {page["key"]: page for page in walk(data.pages)}
        missing = ()
        if content.get("missing") is not None:
            missing = self.keys(content["missing"], "missing", sources)
            data.demo.missing[language] = list(missing)
        left_out = set()
        for page in walk(data.pages):
            if page["key"] in missing:
                left_out |= {below["key"] for below in walk([page])}

        for kind in ("locations", "events"):
            self.translate_snippets(content[kind], kind, getattr(data, kind))
        if data.news and content.get("news") is not None:
            # a language without the news keeps no copy of it (never the German text)
            self.translate_snippets(content["news"], "news", data.news)

        pages = self.mapping(content["pages"], "pages", required=(), allowed=None)
        for page_key, spec in pages.items():
            key = join("pages", page_key)
            if page_key not in sources:
                raise self.error(
                    key,
                    _("no page with this key in the source file %(source)s.")
                    % {"source": f"{data.demo.languages[0]}.yaml"},
                )
            spec = self.mapping(spec, key, required=PAGE_FIELDS, allowed=PAGE_FIELDS)
            page = sources[page_key]
            for name in PAGE_FIELDS[:3]:
                page[name][language] = self.text(spec[name], join(key, name))
            page["body"] = self.body(spec["body"], join(key, "body"), source=page["body"])
        for page_key in sources:
            if page_key not in pages and page_key not in left_out:
                raise self.error(
                    join("pages", page_key),
                    _(
                        "missing: translate the page, or list its section under `missing` "
                        "to leave it untranslated on purpose."
                    ),
                )

    def translate_snippets(self, value, key, sources):
        items = self.mapping(value, key, required=tuple(sources), allowed=tuple(sources))
        for name, fields in items.items():
            at = join(key, name)
            expected = tuple(sources[name])
            fields = self.mapping(fields, at, required=expected, allowed=expected)
            for field_name, text in fields.items():
                text = self.text(text, join(at, field_name))
                if field_name in RICH_FIELDS:
                    self.same_segments(text, sources[name][field_name], join(at, field_name))
                sources[name][field_name][self.language] = text


def join(*keys):
    return ".".join(str(key) for key in keys if key != "")

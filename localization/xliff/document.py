"""The version-neutral shape of an XLIFF file, shared by writers, reader and services."""

import re
from dataclasses import dataclass, field

from lxml import etree

NS11 = "urn:oasis:names:tc:xliff:document:1.1"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NS_SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
NS_MTC = "urn:oasis:names:tc:xliff:matches:2.0"
#: A target pre-filled from the translation memory: nobody confirmed it yet. 1.2 writes
#: state="needs-review-translation" with one of these state-qualifiers; the reader takes a
#: target still marked so as untranslated (TM text is never published unconfirmed).
LEVERAGED_EXACT, LEVERAGED_FUZZY = "leveraged-exact", "leveraged-fuzzy"
LEVERAGED_QUALIFIERS_12 = {LEVERAGED_EXACT: "exact-match", LEVERAGED_FUZZY: "fuzzy-match"}
#: 2.0 writes state="initial" with one of these subStates.
LEVERAGED_SUBSTATES_20 = {
    LEVERAGED_EXACT: "cityguide:exact-match",
    LEVERAGED_FUZZY: "cityguide:fuzzy-match",
}
#: The neutral state the reader gives a target still marked as pre-filled from the memory.
LEVERAGED = "leveraged"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("1.2", "2.0")
DEFAULT_VERSION = "1.2"

#: `original` of every exported <file>; the importer finds page and translation in it.
ORIGINAL_PATTERN = re.compile(
    r"^cityguide/(?P<city>[\w-]+)/(?P<kind>[\w.-]+)/(?P<object_id>\d+)/"
    r"translation/(?P<translation>[0-9a-f-]{36})$"
)
#: `id` of every exported 2.0 <file>: the translation's id, which identifies the file on import
#: when a tool dropped its (optional) `original`.
FILE_ID_PATTERN = re.compile(r"^f-(?P<translation>[0-9a-f-]{36})$")


def append_inline(parent, nodes, make_code_element):
    """Append text and inline codes to an element, keeping lxml's text/tail model straight.

    make_code_element(parent, node) adds the version's element for one code (and its
    children, for paired codes) and returns it."""
    last = None
    for node in nodes:
        if isinstance(node, str):
            if last is None:
                parent.text = (parent.text or "") + node
            else:
                last.tail = (last.tail or "") + node
        else:
            last = make_code_element(parent, node)


#: Elements whose content is text and inline codes: indenting must never add whitespace inside.
CONTENT_ELEMENTS = frozenset({"source", "target", "seg-source", "note", "data"})


def indent(element, level=0, step="  "):
    """Pretty-print in place: each structural child on its own line, indented.

    Unlike lxml's `etree.indent`, it leaves text content alone: nothing is added inside a
    <source>, <target> or <note>, nor in any element that holds text of its own."""
    children = list(element)
    if (
        not isinstance(element.tag, str)
        or not children
        or etree.QName(element).localname in CONTENT_ELEMENTS
    ):
        return
    if (element.text or "").strip() or any((child.tail or "").strip() for child in children):
        return  # mixed content
    inner = "\n" + step * (level + 1)
    element.text = inner
    for child in children:
        indent(child, level + 1, step)
        child.tail = inner
    children[-1].tail = "\n" + step * level


def serialize(root):
    """The pretty-printed document, UTF-8, with its XML declaration."""
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def original_for(city_slug, kind, object_id, translation_uuid):
    return f"cityguide/{city_slug}/{kind}/{object_id}/translation/{translation_uuid}"


def file_id_for(translation_uuid):
    return f"f-{translation_uuid}"


@dataclass
class Unit:
    """One wagtail-localize string segment in one target language."""

    id: str
    name: str  # the segment's content path (TranslationContext.path)
    source: object  # codes.Segment when writing; a node list when read
    target: object = None  # codes.Segment / node list, or None
    state: str = ""  # neutral: "", "new", "translated", "machine", "error", "final"
    raw_state: str = ""  # as the file wrote it (1.2 <target state>, 2.x <segment state>)
    notes: list = field(default_factory=list)
    error: str = ""  # set by the reader when a target cannot be understood
    max_width: int | None = None  # the field's limit, in characters
    matches: list = field(default_factory=list)  # localization.tm.lookup.Match, best first
    glossary: list = field(default_factory=list)  # localization.glossary.lookup.GlossaryTerm


@dataclass
class FileMeta:
    """What the file header carries: who the file belongs to and which source it was cut from."""

    original: str
    city: str
    translation_id: str
    object_id: int | None  # None: a 2.0 file identified by its file id alone (reader)
    kind: str
    source_language: str
    target_language: str
    fingerprint: str = ""
    source_revision: str = ""
    target_direction: str = "ltr"


@dataclass
class XliffFile:
    meta: FileMeta
    units: list
    notes: list = field(default_factory=list)
    label: str = ""  # where the reader found it: "batch.zip/augsburg_de_en_3_wohnen.xlf"
    analysis: object = None  # localization.tm.analysis.Analysis, set on export


def parse_original(original):
    return ORIGINAL_PATTERN.match(original or "")


def parse_file_id(file_id):
    return FILE_ID_PATTERN.match(file_id or "")

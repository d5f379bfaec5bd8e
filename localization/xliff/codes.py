"""Inline codes: the one place where segment HTML meets XLIFF's native inline markup.

A wagtail-localize string segment is a fragment of inline HTML whose attributes were moved out
(`Text <b>bold</b> <a id="a1">link</a>`; the href lives in the segment's attrs). Here such a
fragment becomes a small tree of text and codes, each code with an id that is stable for the
segment. Writers turn the tree into `<g>`/`<x/>` (1.2) or `<pc>`/`<ph>` (2.0), readers turn a
translator's target back into a tree (`pair_halves` joins the halves of a span that XLIFF 1.2's
`<bx/>`/`<ex/>`, `<bpt>`/`<ept>` and `<it>` write apart), and `check_target_codes` compares it
with the source's.
Tag names never travel through the file as text: an imported code is looked up by its id in the
source, so a target cannot smuggle in a tag or an attribute.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CodeStyle:
    """How one HTML tag is shown in each XLIFF version."""

    ctype12: str
    type20: str
    subtype20: str | None = None


#: HTML inline tag -> XLIFF presentation. Tags outside this table get a generic `x-`/`other` style.
TAG_STYLES = {
    "b": CodeStyle("bold", "fmt", "xlf:b"),
    "strong": CodeStyle("bold", "fmt", "xlf:b"),
    "i": CodeStyle("italic", "fmt", "xlf:i"),
    "em": CodeStyle("italic", "fmt", "xlf:i"),
    "u": CodeStyle("underlined", "fmt", "xlf:u"),
    "a": CodeStyle("link", "link"),
    "br": CodeStyle("lb", "fmt", "xlf:lb"),
    "img": CodeStyle("image", "image"),
}
VOID_TAGS = frozenset({"br", "img", "wbr"})


def style_for(tag):
    return TAG_STYLES.get(tag) or CodeStyle(f"x-{tag}", "other", f"cityguide:{tag}")


@dataclass(frozen=True)
class Code:
    """One inline code of a source segment: `id` is what the file carries, `tag` stays here."""

    id: str
    tag: str
    html_id: str | None = None  # the `id` attribute wagtail-localize put on links (a1, a2, …)

    @property
    def standalone(self):
        return self.tag in VOID_TAGS

    @property
    def style(self):
        return style_for(self.tag)

    def open_html(self):
        attrs = f' id="{html.escape(self.html_id)}"' if self.html_id else ""
        return f"<{self.tag}{attrs}/>" if self.standalone else f"<{self.tag}{attrs}>"

    def close_html(self):
        return "" if self.standalone else f"</{self.tag}>"


@dataclass
class Paired:
    code: Code
    children: list = field(default_factory=list)


@dataclass
class Standalone:
    code: Code


@dataclass
class Segment:
    """A segment as a tree: `nodes` holds str, Paired and Standalone; `codes` maps id -> Code."""

    nodes: list
    codes: dict

    def iter_codes(self):
        yield from _iter_codes(self.nodes)

    def to_html(self):
        return nodes_to_html(self.nodes)

    def plain_text(self):
        return _plain_text(self.nodes)


class InlineCodeError(ValueError):
    """A target's inline codes do not fit its source; the message names the fault."""


class _FragmentParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events = []

    def handle_starttag(self, tag, attrs):
        kind = "void" if tag in VOID_TAGS else "open"
        self.events.append((kind, tag, dict(attrs).get("id")))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("void", tag, dict(attrs).get("id")))

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.events.append(("close", tag, None))

    def handle_data(self, data):
        self.events.append(("text", data, None))


def parse_segment_html(source_html):
    """Split a segment's HTML into a tree of text and codes with stable ids (b1, a1, br1, …)."""
    parser = _FragmentParser()
    parser.feed(source_html)
    parser.close()
    taken = {html_id for kind, _tag, html_id in parser.events if kind != "text" and html_id}
    counters = {}
    codes = {}
    root = []
    stack = [(None, root)]

    def new_code(tag, html_id):
        if html_id and html_id not in codes:
            code_id = html_id
        else:
            while True:
                counters[tag] = counters.get(tag, 0) + 1
                code_id = f"{tag}{counters[tag]}"
                if code_id not in taken and code_id not in codes:
                    break
        code = Code(code_id, tag, html_id)
        codes[code_id] = code
        return code

    for kind, value, html_id in parser.events:
        children = stack[-1][1]
        if kind == "text":
            if children and isinstance(children[-1], str):
                children[-1] += value
            else:
                children.append(value)
        elif kind == "void":
            children.append(Standalone(new_code(value, html_id)))
        elif kind == "open":
            node = Paired(new_code(value, html_id))
            children.append(node)
            stack.append((value, node.children))
        elif len(stack) > 1 and stack[-1][0] == value:
            stack.pop()
    return Segment(root, codes)


def nodes_to_html(nodes):
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(html.escape(node, quote=False))
        elif isinstance(node, Standalone):
            parts.append(node.code.open_html())
        else:
            parts.append(node.code.open_html())
            parts.append(nodes_to_html(node.children))
            parts.append(node.code.close_html())
    return "".join(parts)


def _plain_text(nodes):
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, Standalone):
            parts.append("\n" if node.code.tag == "br" else "")
        else:
            parts.append(_plain_text(node.children))
    return "".join(parts)


def _iter_codes(nodes):
    for node in nodes:
        if isinstance(node, Standalone):
            yield node.code
        elif isinstance(node, Paired):
            yield node.code
            yield from _iter_codes(node.children)


# A start or end tag written as text (`<b>`, `</a>`, `<a href="…">`): markup outside the codes.
TAG_LIKE_TEXT = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(\s[^<>]*)?/?>")


def check_target_codes(source, target_nodes, unit_name):
    """Check a target tree against its source segment and return it as a Segment.

    Codes may be reordered and renested; they may not be dropped, duplicated, invented, or
    swapped between paired and standalone, and the text may not carry markup of its own.
    """
    seen = {}
    for ref in _iter_refs(target_nodes):
        code = source.codes.get(ref.id)
        if code is None:
            raise InlineCodeError(f"Unit {unit_name}: the target invents inline code {ref.id!r}.")
        if ref.id in seen:
            raise InlineCodeError(
                f"Unit {unit_name}: the target duplicates inline code {ref.id!r}."
            )
        if ref.standalone != code.standalone:
            expected = "a placeholder" if code.standalone else "a paired code"
            raise InlineCodeError(
                f"Unit {unit_name}: inline code {ref.id!r} must be {expected}, as in the source."
            )
        seen[ref.id] = code
    missing = [code_id for code_id in source.codes if code_id not in seen]
    if missing:
        raise InlineCodeError(
            f"Unit {unit_name}: the target drops inline code(s) {', '.join(map(repr, missing))}."
        )
    source_markup = set(m.group(0) for m in TAG_LIKE_TEXT.finditer(source.plain_text()))
    for text in _iter_text(target_nodes):
        for match in TAG_LIKE_TEXT.finditer(text):
            if match.group(0) not in source_markup:
                raise InlineCodeError(
                    f"Unit {unit_name}: the target holds markup {match.group(0)!r} outside the "
                    "inline codes; use the codes from the source instead."
                )
    return Segment(_bind(target_nodes, source.codes), dict(seen))


@dataclass(frozen=True)
class CodeRef:
    """A code as a reader found it in a target: only the id and the shape come from the file."""

    id: str
    standalone: bool


@dataclass
class PairedRef:
    ref: CodeRef
    children: list = field(default_factory=list)


@dataclass
class StandaloneRef:
    ref: CodeRef


def _iter_refs(nodes):
    for node in nodes:
        if isinstance(node, StandaloneRef):
            yield node.ref
        elif isinstance(node, PairedRef):
            yield node.ref
            yield from _iter_refs(node.children)


def _iter_text(nodes):
    for node in nodes:
        if isinstance(node, str):
            yield node
        elif isinstance(node, PairedRef):
            yield from _iter_text(node.children)


def ref_text(nodes):
    """The text a translator reads in a tree the reader built (codes left out)."""
    return "".join(_iter_text(nodes))


def _bind(nodes, codes):
    bound = []
    for node in nodes:
        if isinstance(node, str):
            if bound and isinstance(bound[-1], str):
                bound[-1] += node
            else:
                bound.append(node)
        elif isinstance(node, StandaloneRef):
            bound.append(Standalone(codes[node.ref.id]))
        else:
            bound.append(Paired(codes[node.ref.id], _bind(node.children, codes)))
    return bound


@dataclass(frozen=True)
class Half:
    """One half of a paired code that XLIFF 1.2 writes apart: `<bx/>`/`<ex/>`, `<bpt>`/`<ept>`
    or an isolated `<it pos="open|close">`. Only the element name, id and rid come from the
    file; the element's content (native code) is never read."""

    element: str
    opens: bool
    id: str
    rid: str = ""

    def describe(self):
        if self.element == "it":
            pos = "open" if self.opens else "close"
            return f'<it pos="{pos}" id="{self.id}">'
        rid = f' rid="{self.rid}"' if self.rid else ""
        return f'<{self.element} id="{self.id}"{rid}>'

    def pairs_with(self, end):
        """Whether `end` closes this half: by rid where both carry one, else by id."""
        if HALF_PARTNERS[self.element] != end.element:
            return False
        if self.rid and end.rid:
            return self.rid == end.rid
        return self.id == end.id


#: The element that opens a span -> the element that closes it.
HALF_PARTNERS = {"bx": "ex", "bpt": "ept", "it": "it"}
#: The element that closes a span -> the element that opens it.
HALF_OPENERS = {"ex": "bx", "ept": "bpt", "it": "it"}


def pair_halves(events):
    """Turn ("half", Half) events into ("open", id) / ("close", id) events of the code the
    opening half names, as if the file had written a `<g>` around what lies between them.

    Halves pair by rid (else by id) and may cross other elements, such as a `<mrk>`; whether the
    resulting spans nest is checked with the rest of the tree. A half without its partner is an
    error: our segments always hold whole spans, so half a span cannot be represented."""
    halves = [(index, value) for index, (kind, value) in enumerate(events) if kind == "half"]
    if not halves:
        return events
    code_of = {}  # event index -> the id of the code it opens or closes
    open_halves = []  # (index, Half) not yet closed, in document order
    for index, half in halves:
        if half.opens:
            open_halves.append((index, half))
            continue
        match = next(
            (entry for entry in reversed(open_halves) if entry[1].pairs_with(half)),
            None,
        )
        if match is None:
            raise InlineCodeError(_unpaired_message(half))
        open_halves.remove(match)
        code_of[match[0]] = code_of[index] = match[1].id
    if open_halves:
        raise InlineCodeError(_unpaired_message(open_halves[0][1]))
    return [
        (("open" if value.opens else "close"), code_of[index]) if kind == "half" else (kind, value)
        for index, (kind, value) in enumerate(events)
    ]


def _unpaired_message(half):
    if half.element == "it":
        return _(
            "%(element)s is half of inline code %(id)r whose other half lies outside this "
            "segment; Cityguide's segments always hold whole spans, so half a span cannot be "
            'represented. Put both halves in this target, e.g. as <g id="%(id)s">…</g>'
        ) % {"element": half.describe(), "id": half.id}
    if half.opens:
        return _("%(element)s opens inline code %(id)r, but no <%(partner)s> closes it") % {
            "element": half.describe(),
            "id": half.id,
            "partner": HALF_PARTNERS[half.element],
        }
    return _("%(element)s closes an inline code that no <%(partner)s> before it opens") % {
        "element": half.describe(),
        "partner": HALF_OPENERS[half.element],
    }


def is_blank(nodes):
    return not any(not isinstance(node, str) or node.strip() for node in nodes)

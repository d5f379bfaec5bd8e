"""XLIFF reader: detects 1.2 / 2.x from the document and returns version-neutral files.

Targets come back as trees of text and code references (codes.PairedRef / StandaloneRef);
anything the reader cannot map onto a code of ours is recorded on the unit as an error naming
the element, so the importer can reject the file with that message.
"""

import re

from django.utils.translation import gettext as _
from lxml import etree

from localization.xliff.codes import (
    CodeRef,
    Half,
    InlineCodeError,
    PairedRef,
    StandaloneRef,
    pair_halves,
)
from localization.xliff.document import (
    LEVERAGED,
    LEVERAGED_QUALIFIERS_12,
    LEVERAGED_SUBSTATES_20,
    NS11,
    NS12,
    NS20,
    NS_MDA,
    XML_NS,
    FileMeta,
    Unit,
    XliffFile,
    parse_file_id,
    parse_original,
)
from localization.xliff.safety import parse_xml

#: XLIFF 1.2 <target state> -> the neutral state; "new" means nobody translated the target yet
#: (a CAT tool copied the source or left it for later), an absent state says nothing.
STATES_12 = {
    "new": "new",
    "needs-translation": "new",
    "needs-adaptation": "translated",
    "needs-l10n": "translated",
    "needs-review-adaptation": "translated",
    "needs-review-l10n": "translated",
    "needs-review-translation": "translated",
    "translated": "translated",
    "final": "final",
    "signed-off": "final",
}
#: XLIFF 2.x <segment state> (default "initial") -> the neutral state.
STATES_20 = {
    "initial": "new",
    "translated": "translated",
    "reviewed": "translated",
    "final": "final",
}
#: Versions read with the 1.2 reader when the file is in 1.1's namespace or in none.
READ_AS_12 = ("1.1", "1.2")
#: A unit of several segments is as far as its least advanced segment.
ORDER_20 = {"initial": 0, "translated": 1, "reviewed": 2, "final": 3}


class InvalidXliff(ValueError):
    """The document parses as XML but is not an XLIFF file we can import."""


def read_document(data, label="upload"):
    """Parse bytes (safely) and return the XliffFiles in it."""
    root = parse_xml(data, label).getroot()
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff":
        raise InvalidXliff(f"{label}: not an XLIFF document (root element <{root.tag}>).")
    if namespace in (None, NS11):
        _read_as_12(root, label)
        namespace = NS12
    if namespace == NS12:
        files = [_read_file12(el, label) for el in root.findall(f"{{{NS12}}}file")]
    elif namespace == NS20:
        version = root.get("version", "")
        if not version.startswith("2."):
            raise InvalidXliff(f"{label}: XLIFF version {version!r} is not supported.")
        files = [_read_file20(el, root, label) for el in root.findall(f"{{{NS20}}}file")]
    else:
        raise InvalidXliff(
            f"{label}: unsupported XLIFF namespace {namespace!r}; export as XLIFF 1.2 or 2.x."
        )
    if not files:
        raise InvalidXliff(f"{label}: the document holds no <file> element.")
    if len(files) > 1:
        for number, xfile in enumerate(files, 1):
            xfile.label = f"{label}#{number}"
    return files


def _read_as_12(root, label):
    """XLIFF 1.1 (in its namespace or in none, as 1.1 tools write it) has the elements and
    attributes of 1.2 that we read: move its elements into 1.2's namespace, in place. A file
    without a namespace that says it is 1.2 is read the same way."""
    version = root.get("version", "")
    if not version:
        raise InvalidXliff(
            _(
                "%(label)s: an XLIFF file without a version cannot be read here; Cityguide "
                "reads XLIFF 1.1, 1.2 or 2.x."
            )
            % {"label": label}
        )
    if version not in READ_AS_12:
        raise InvalidXliff(
            _(
                "%(label)s: XLIFF %(version)s cannot be read here; Cityguide reads XLIFF 1.1, "
                "1.2 or 2.x."
            )
            % {"label": label, "version": version}
        )
    for element in root.iter(etree.Element):
        name = etree.QName(element)
        if name.namespace in (None, NS11):
            element.tag = f"{{{NS12}}}{name.localname}"


def _meta_from_original(original, label, **fields):
    match = parse_original(original)
    if match is None:
        raise InvalidXliff(
            f"{label}: the file was not exported by Cityguide (original={original!r}); "
            "import only files exported from here."
        )
    return FileMeta(
        original=original,
        city=match["city"],
        translation_id=match["translation"],
        object_id=int(match["object_id"]),
        kind=match["kind"],
        **fields,
    )


# ---- XLIFF 1.2 -------------------------------------------------------------------------------


def _read_file12(file_el, label):
    meta = _meta_from_original(
        file_el.get("original"),
        label,
        source_language=file_el.get("source-language", ""),
        target_language=file_el.get("target-language", ""),
        fingerprint=file_el.get("product-version", ""),
        source_revision=file_el.get("build-num", ""),
    )
    units = []
    for unit_el in file_el.iter(f"{{{NS12}}}trans-unit"):
        unit = Unit(id=unit_el.get("id", ""), name=unit_el.get("resname", ""), source=None)
        source_el = unit_el.find(f"{{{NS12}}}source")
        target_el = unit_el.find(f"{{{NS12}}}target")
        try:
            source_events = pair_halves(_events12(source_el)) if source_el is not None else []
            if source_el is not None:
                unit.source = _events_to_tree(source_events, unit)
            if target_el is not None:
                target_events = pair_halves(_events12(target_el))
                if not _space_preserved(target_el):
                    target_events = _without_added_breaks(target_events, source_events)
                unit.target = _events_to_tree(target_events, unit)
                unit.raw_state = target_el.get("state", "")
                unit.state = state_of_target12(target_el)
        except (InvalidXliff, InlineCodeError) as error:
            unit.error = str(error)
        units.append(unit)
    return XliffFile(meta=meta, units=units, label=label)


def state_of_target12(target_el):
    """The neutral state of a 1.2 <target>. A target we pre-filled from the translation memory
    and that still says so (needs-review-translation with our state-qualifier) is unconfirmed:
    it counts as untranslated, so TM text is never published without a translator."""
    raw = target_el.get("state", "")
    if (
        raw == "needs-review-translation"
        and target_el.get("state-qualifier") in LEVERAGED_QUALIFIERS_12.values()
    ):
        return LEVERAGED
    return STATES_12.get(raw, "")


def state_of_segments20(unit_el):
    """The neutral state of a 2.0 unit: that of its least advanced segment; a segment still
    marked as pre-filled from the translation memory (initial, our subState) makes it
    unconfirmed."""
    segments = list(unit_el.iter(f"{{{NS20}}}segment"))
    if any(
        seg.get("state", "initial") == "initial"
        and seg.get("subState") in LEVERAGED_SUBSTATES_20.values()
        for seg in segments
    ):
        return LEVERAGED
    raw = min(
        (seg.get("state", "initial") for seg in segments),
        key=lambda state: ORDER_20.get(state, 0),
    )
    return STATES_20.get(raw, "new")


#: 1.2 elements that stand for one half of a paired code (content, if any, is native code).
HALVES_12 = {"bx": True, "ex": False, "bpt": True, "ept": False}


def _events12(element):
    """Text and code events of a 1.2 <source>/<target>. `<g>` and `<x/>` are our own codes;
    `<ph>` is a placeholder like `<x/>`; `<bx/>`/`<ex/>`, `<bpt>`/`<ept>` and `<it>` are halves
    of a paired code, which codes.pair_halves joins. Native code inside `<ph>`, `<bpt>`, `<ept>`
    and `<it>` is ignored: codes are looked up by id in the source."""
    events = []
    if element.text:
        events.append(("text", element.text))
    for child in element:
        qname = etree.QName(child)
        name = qname.localname if qname.namespace == NS12 else None
        if name == "g":
            events.append(("open", child.get("id", "")))
            events.extend(_events12(child))
            events.append(("close", child.get("id", "")))
        elif name in ("x", "ph"):
            events.append(("placeholder", child.get("id", "")))
        elif name in HALVES_12:
            events.append(
                ("half", Half(name, HALVES_12[name], child.get("id", ""), child.get("rid", "")))
            )
        elif name == "it":
            events.append(("half", _isolated_half(child)))
        elif name == "mrk":
            events.extend(_events12(child))
        else:
            raise InvalidXliff(f"unsupported inline element <{qname.localname}>")
        if child.tail:
            events.append(("text", child.tail))
    return events


def _isolated_half(element):
    pos = element.get("pos", "")
    if pos not in ("open", "close"):
        raise InvalidXliff(
            _('<it id="%(id)s"> needs pos="open" or pos="close", not %(pos)r')
            % {"id": element.get("id", ""), "pos": pos}
        )
    return Half("it", pos == "open", element.get("id", ""), element.get("rid", ""))


# ---- XLIFF 2.x -------------------------------------------------------------------------------


def _read_file20(file_el, root, label):
    meta_values = {
        el.get("type"): (el.text or "")
        for el in file_el.iterfind(f"{{{NS_MDA}}}metadata/{{{NS_MDA}}}metaGroup/{{{NS_MDA}}}meta")
    }
    fields = {
        "source_language": root.get("srcLang", ""),
        "target_language": root.get("trgLang", ""),
        "fingerprint": meta_values.get("fingerprint", ""),
        "source_revision": meta_values.get("source_revision", ""),
    }
    if file_el.get("original"):
        meta = _meta_from_original(file_el.get("original"), label, **fields)
    else:
        meta = _meta_from_file_id(file_el.get("id"), meta_values, label, **fields)
    units = []
    for unit_el in file_el.iter(f"{{{NS20}}}unit"):
        unit = Unit(id=unit_el.get("id", ""), name=unit_el.get("name", ""), source=None)
        data_ids = {
            el.get("id") for el in unit_el.iterfind(f"{{{NS20}}}originalData/{{{NS20}}}data")
        }
        try:
            source_events = _unit_events20(unit_el, "source", data_ids)
            unit.source = _events_to_tree(source_events, unit)
            target_events = _unit_events20(unit_el, "target", data_ids)
            if target_events is not None:
                first_target = unit_el.find(f"{{{NS20}}}segment/{{{NS20}}}target")
                if first_target is None or not _space_preserved(first_target):
                    target_events = _without_added_breaks(target_events, source_events)
                unit.target = _events_to_tree(target_events, unit)
                unit.raw_state = min(
                    (seg.get("state", "initial") for seg in unit_el.iter(f"{{{NS20}}}segment")),
                    key=lambda state: ORDER_20.get(state, 0),
                )
                unit.state = state_of_segments20(unit_el)
        except InvalidXliff as error:
            unit.error = str(error)
        units.append(unit)
    return XliffFile(meta=meta, units=units, label=label)


def _meta_from_file_id(file_id, meta_values, label, **fields):
    """A 2.0 file whose (optional) `original` a tool dropped: its id, `f-<translation id>` as
    writer20 writes it, names the translation. Page, kind and city come from our Metadata
    module where the tool kept it, and the importer checks them as it checks `original`'s;
    without it, the translation alone identifies the file (None: not stated by the file)."""
    match = parse_file_id(file_id)
    if match is None:
        raise InvalidXliff(
            _(
                "%(label)s: the file has no original attribute and its id %(id)r is not one "
                "that Cityguide writes (f-<translation id>); import only files exported from "
                "here."
            )
            % {"label": label, "id": file_id or ""}
        )
    translation_id = match["translation"]
    if meta_values.get("translation_id", translation_id) != translation_id:
        raise InvalidXliff(
            _(
                "%(label)s: the file id names translation %(id)s, but its metadata names "
                "%(meta)s; the file header was altered."
            )
            % {"label": label, "id": translation_id, "meta": meta_values["translation_id"]}
        )
    object_id = meta_values.get("object_id", "")
    return FileMeta(
        original="",
        city=meta_values.get("city"),
        translation_id=translation_id,
        object_id=int(object_id) if object_id.isdigit() else None,
        kind=meta_values.get("kind"),
        **fields,
    )


def _unit_events20(unit_el, which, data_ids):
    """Events of all segments' sources or targets in order; None if no segment has a target."""
    events = []
    found = False
    for part in unit_el:
        local = etree.QName(part).localname
        if local not in ("segment", "ignorable"):
            continue
        content = part.find(f"{{{NS20}}}{which}")
        if content is None and which == "target" and local == "ignorable":
            content = part.find(f"{{{NS20}}}source")
        elif content is not None and local == "segment":
            found = True
        if content is not None:
            events.extend(_events20(content, data_ids))
    if which == "target" and not found:
        return None
    return events


def _events20(element, data_ids):
    events = []
    if element.text:
        events.append(("text", element.text))
    for child in element:
        qname = etree.QName(child)
        name = qname.localname if qname.namespace == NS20 else None
        for attr in ("dataRef", "dataRefStart", "dataRefEnd"):
            ref = child.get(attr)
            if ref is not None and ref not in data_ids:
                raise InvalidXliff(
                    f"<{qname.localname} id={child.get('id')!r}> refers to original data "
                    f"{ref!r}, which the unit does not hold"
                )
        if name == "pc":
            events.append(("open", child.get("id", "")))
            events.extend(_events20(child, data_ids))
            events.append(("close", child.get("id", "")))
        elif name == "ph":
            events.append(("placeholder", child.get("id", "")))
        elif name == "sc":
            if child.get("isolated") == "yes":
                raise InvalidXliff(f"isolated code <sc id={child.get('id')!r}> is not supported")
            events.append(("open", child.get("id", "")))
        elif name == "ec":
            if child.get("isolated") == "yes" or not child.get("startRef"):
                raise InvalidXliff("an <ec> without startRef (isolated code) is not supported")
            events.append(("close", child.get("startRef")))
        elif name == "mrk":
            events.extend(_events20(child, data_ids))
        elif name in ("sm", "em"):
            pass
        elif name == "cp":
            events.append(("text", _code_point(child.get("hex", ""))))
        else:
            raise InvalidXliff(f"unsupported inline element <{qname.localname}>")
        if child.tail:
            events.append(("text", child.tail))
    return events


def _code_point(hex_value):
    try:
        char = chr(int(hex_value, 16))
    except ValueError:
        raise InvalidXliff(f"<cp hex={hex_value!r}> is not a code point") from None
    if char < " " and char not in "\t\n\r":
        raise InvalidXliff(f"<cp hex={hex_value!r}> is a control character")
    return char


# ---- shared ----------------------------------------------------------------------------------

#: A line break with the indentation around it.
_LINE_BREAK = re.compile(r"[ \t\r]*\n\s*")


def _space_preserved(element):
    """xml:space as the element inherits it; without one, XLIFF's "default" applies."""
    for node in (element, *element.iterancestors()):
        value = node.get(f"{{{XML_NS}}}space")
        if value is not None:
            return value == "preserve"
    return False


def _without_added_breaks(target_events, source_events):
    """Under xml:space="default", the line breaks and indentation a tool added when it
    pretty-printed a target are layout, not text: where the source has no line break, each
    becomes one space, and the target's ends lose the whitespace the source's ends lack."""
    source_text = "".join(value for kind, value in source_events if kind == "text")
    if "\n" in source_text:
        return target_events
    events = [
        (kind, _LINE_BREAK.sub(" ", value) if kind == "text" else value)
        for kind, value in target_events
    ]
    if events and events[0][0] == "text" and not _starts_with_space(source_events):
        events[0] = ("text", events[0][1].lstrip())
    if events and events[-1][0] == "text" and not _starts_with_space(source_events[::-1], end=True):
        events[-1] = ("text", events[-1][1].rstrip())
    return [(kind, value) for kind, value in events if kind != "text" or value]


def _starts_with_space(events, end=False):
    if not events or events[0][0] != "text" or not events[0][1]:
        return False
    return (events[0][1][-1] if end else events[0][1][0]).isspace()


def _events_to_tree(events, unit):
    """Build the code tree; start/end pairs must nest (HTML has no overlapping tags)."""
    root = []
    stack = [("", root)]
    for kind, value in events:
        children = stack[-1][1]
        if kind == "text":
            children.append(value)
        elif kind == "placeholder":
            children.append(StandaloneRef(CodeRef(value, True)))
        elif kind == "open":
            node = PairedRef(CodeRef(value, False))
            children.append(node)
            stack.append((value, node.children))
        else:
            if stack[-1][0] != value:
                open_id = stack[-1][0] or "none"
                raise InvalidXliff(
                    f"inline code {value!r} closes while {open_id!r} is open; codes may be "
                    "reordered but not overlap"
                )
            stack.pop()
    if len(stack) > 1:
        raise InvalidXliff(f"inline code {stack[-1][0]!r} is opened but never closed")
    return root

"""XLIFF 2.0 writer: <pc>/<ph> for inline codes, their native form in <originalData>.

2.1 tools read this namespace too. File metadata travels in the Metadata module (mda:), which
the core schema admits and CAT tools keep.
"""

from lxml import etree

from localization.glossary import xliff as glossary_xliff
from localization.xliff.codes import Standalone, parse_segment_html
from localization.xliff.document import (
    LEVERAGED_EXACT,
    LEVERAGED_FUZZY,
    LEVERAGED_SUBSTATES_20,
    NS20,
    NS_MDA,
    NS_MTC,
    NS_SLR,
    XML_NS,
    append_inline,
    file_id_for,
    serialize,
)

STATES_20 = {
    "": ("initial", None),
    "translated": ("translated", None),
    "machine": ("initial", "cityguide:machine"),
    "error": ("initial", "cityguide:error"),
    "final": ("final", None),
    LEVERAGED_EXACT: ("initial", LEVERAGED_SUBSTATES_20[LEVERAGED_EXACT]),
    LEVERAGED_FUZZY: ("initial", LEVERAGED_SUBSTATES_20[LEVERAGED_FUZZY]),
}
META_FIELDS = ("city", "kind", "object_id", "translation_id", "fingerprint", "source_revision")


def _q(tag):
    return f"{{{NS20}}}{tag}"


def _data_ids(code):
    return f"{code.id}-s", f"{code.id}-e"


def append_nodes(parent, nodes):
    append_inline(parent, nodes, _code_element)


def _code_element(parent, node):
    code = node.code
    style = code.style
    attrs = {"id": code.id, "type": style.type20}
    if style.subtype20:
        attrs["subType"] = style.subtype20
    start, end = _data_ids(code)
    if isinstance(node, Standalone):
        attrs["dataRef"] = start
        return etree.SubElement(parent, _q("ph"), attrs)
    attrs.update(dataRefStart=start, dataRefEnd=end)
    element = etree.SubElement(parent, _q("pc"), attrs)
    append_nodes(element, node.children)
    return element


def build_original_data(parent, *segments):
    """<originalData> of a unit (its source) or of a match (its source and target): the
    native form of every code, once per code id."""
    codes = {code.id: code for segment in segments for code in segment.iter_codes()}
    if not codes:
        return
    original = etree.SubElement(parent, _q("originalData"))
    for code in codes.values():
        start, end = _data_ids(code)
        tag = f"<{code.tag}>" if not code.standalone else f"<{code.tag}/>"
        etree.SubElement(original, _q("data"), id=start).text = tag
        if not code.standalone:
            etree.SubElement(original, _q("data"), id=end).text = f"</{code.tag}>"


def build_file(xfile):
    meta = xfile.meta
    file_el = etree.Element(
        _q("file"),
        {
            "id": file_id_for(meta.translation_id),
            "original": meta.original,
            "trgDir": meta.target_direction,
        },
    )
    metadata = etree.SubElement(file_el, f"{{{NS_MDA}}}metadata")
    group = etree.SubElement(metadata, f"{{{NS_MDA}}}metaGroup", category="cityguide")
    for name in META_FIELDS:
        etree.SubElement(group, f"{{{NS_MDA}}}meta", type=name).text = str(getattr(meta, name))
    if any(unit.max_width for unit in xfile.units):
        # Size restriction module: a unit's sizeRestriction counts Unicode code points.
        etree.SubElement(file_el, f"{{{NS_SLR}}}profiles", generalProfile="xliff:codepoints")
    if xfile.notes:
        notes = etree.SubElement(file_el, _q("notes"))
        for note in xfile.notes:
            etree.SubElement(notes, _q("note"), category="context").text = note
    for unit in xfile.units:
        file_el.append(build_unit(unit))
    return file_el


def build_unit(unit):
    """<unit>: its notes, original data and segment, each built by its own function."""
    unit_el = etree.Element(
        _q("unit"),
        {
            "id": unit.id,
            "name": unit.name,
            f"{{{XML_NS}}}space": "preserve",
        },
    )
    if unit.max_width:
        unit_el.set(f"{{{NS_SLR}}}sizeRestriction", str(unit.max_width))
    append_matches(unit_el, unit)
    glossary_xliff.append_glossary_20(unit_el, unit)
    append_notes(unit_el, unit)
    build_original_data(unit_el, unit.source)
    segment_el = etree.SubElement(unit_el, _q("segment"), id="s1")
    append_source(segment_el, unit)
    append_target(segment_el, unit)
    return unit_el


def append_notes(unit_el, unit):
    if not unit.notes:
        return
    notes = etree.SubElement(unit_el, _q("notes"))
    for note in unit.notes:
        etree.SubElement(notes, _q("note"), category="field").text = note


def append_source(segment_el, unit):
    append_nodes(etree.SubElement(segment_el, _q("source")), unit.source.nodes)


def append_target(segment_el, unit):
    if unit.target is None:
        return
    state, sub_state = STATES_20.get(unit.state, ("initial", None))
    segment_el.set("state", state)
    if sub_state:
        segment_el.set("subState", sub_state)
    append_nodes(etree.SubElement(segment_el, _q("target")), unit.target.nodes)


def append_matches(unit_el, unit):
    """The unit's translation-memory matches as <mtc:matches> (first in the unit, as the
    schema wants). A match's source and target carry their inline codes as the unit's do
    (<pc>/<ph>, the same ids for the same tags), with the native codes in the match's own
    <originalData>; a translator reads a match, the importer never does."""
    if not unit.matches:
        return
    matches = etree.SubElement(unit_el, f"{{{NS_MTC}}}matches")
    for match in unit.matches:
        match_el = etree.SubElement(
            matches,
            f"{{{NS_MTC}}}match",
            {
                "ref": "#s1",
                "matchQuality": f"{match.quality}.0",
                "similarity": f"{match.quality}.0",
                "origin": match.origin_label,
                "type": "tm",
            },
        )
        source = parse_segment_html(match.source_text)
        target = parse_segment_html(match.target_text)
        build_original_data(match_el, source, target)
        append_nodes(etree.SubElement(match_el, _q("source")), source.nodes)
        append_nodes(etree.SubElement(match_el, _q("target")), target.nodes)


def write(xfiles):
    """Serialise files into one XLIFF 2.0 document; all files share source and target language."""
    first = xfiles[0].meta
    root = etree.Element(
        _q("xliff"),
        {"version": "2.0", "srcLang": first.source_language, "trgLang": first.target_language},
        nsmap={
            None: NS20,
            "mda": NS_MDA,
            "mtc": NS_MTC,
            "slr": NS_SLR,
            "gls": glossary_xliff.NS_GLS,
        },
    )
    for xfile in xfiles:
        root.append(build_file(xfile))
    return serialize(root)

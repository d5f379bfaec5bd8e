"""XLIFF 1.2 writer: one <file> per (object, target language), <g>/<x/> for inline codes."""

from lxml import etree

from localization.glossary import xliff as glossary_xliff
from localization.tm.analysis import CATEGORIES
from localization.xliff.codes import Standalone, parse_segment_html
from localization.xliff.document import (
    LEVERAGED_EXACT,
    LEVERAGED_FUZZY,
    LEVERAGED_QUALIFIERS_12,
    NS12,
    XML_NS,
    append_inline,
    serialize,
)

STATES_12 = {
    "": None,
    "translated": "translated",
    "machine": "needs-review-translation",
    "error": "needs-review-translation",
    "final": "final",
    "new": "new",
    LEVERAGED_EXACT: "needs-review-translation",
    LEVERAGED_FUZZY: "needs-review-translation",
}


def _q(tag):
    return f"{{{NS12}}}{tag}"


def append_nodes(parent, nodes):
    append_inline(parent, nodes, _code_element)


def _code_element(parent, node):
    style = node.code.style
    if isinstance(node, Standalone):
        element = etree.SubElement(parent, _q("x"), id=node.code.id, ctype=style.ctype12)
        if node.code.tag == "br":
            element.set("equiv-text", "\n")
        return element
    element = etree.SubElement(parent, _q("g"), id=node.code.id, ctype=style.ctype12)
    append_nodes(element, node.children)
    return element


def build_file(xfile):
    meta = xfile.meta
    file_el = etree.Element(
        _q("file"),
        {
            "original": meta.original,
            "source-language": meta.source_language,
            "target-language": meta.target_language,
            "datatype": "html",
            "tool-id": "cityguide",
            "category": meta.city,
            "product-name": "Cityguide",
            "product-version": meta.fingerprint,
            "build-num": meta.source_revision or "0",
        },
    )
    header = etree.SubElement(file_el, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": "cityguide", "tool-name": "Cityguide"})
    for note in xfile.notes:
        etree.SubElement(header, _q("note"), {"from": "cityguide"}).text = note
    append_count_groups(header, xfile.analysis)
    body = etree.SubElement(file_el, _q("body"))
    for unit in xfile.units:
        body.append(build_unit(unit))
    return file_el


def build_unit(unit):
    """<trans-unit>: its source, target and notes, each built by its own function."""
    unit_el = etree.Element(
        _q("trans-unit"),
        {
            "id": unit.id,
            "resname": unit.name,
            "datatype": "html",
            f"{{{XML_NS}}}space": "preserve",
        },
    )
    if unit.state == "final":
        unit_el.set("approved", "yes")
    if unit.max_width:
        unit_el.set("maxwidth", str(unit.max_width))
        unit_el.set("size-unit", "char")
    append_source(unit_el, unit)
    append_target(unit_el, unit)
    append_notes(unit_el, unit)
    append_alt_trans(unit_el, unit)
    return unit_el


def append_source(unit_el, unit):
    append_nodes(etree.SubElement(unit_el, _q("source")), unit.source.nodes)


def append_target(unit_el, unit):
    if unit.target is None:
        return
    target_el = etree.SubElement(unit_el, _q("target"))
    state = STATES_12.get(unit.state)
    if state:
        target_el.set("state", state)
    if unit.state == "machine":  # machine translation's output, waiting for a person's review
        target_el.set("state-qualifier", "mt-suggestion")
    if unit.state in LEVERAGED_QUALIFIERS_12:
        target_el.set("state-qualifier", LEVERAGED_QUALIFIERS_12[unit.state])
    append_nodes(target_el, unit.target.nodes)


def append_notes(unit_el, unit):
    for note in [*unit.notes, *glossary_xliff.notes_12(unit)]:
        etree.SubElement(unit_el, _q("note"), {"from": "cityguide"}).text = note


def append_count_groups(header, analysis):
    """The file's analysis (localization.tm.analysis): words, then segments, by category."""
    if analysis is None:
        return
    for unit, counts in (("word", analysis.words), ("trans-unit", analysis.segments)):
        group = etree.SubElement(header, _q("count-group"), name=f"cityguide-analysis-{unit}")
        for key, _label, count_type in CATEGORIES:
            etree.SubElement(
                group, _q("count"), {"count-type": count_type, "unit": unit}
            ).text = str(counts[key])


def append_alt_trans(unit_el, unit):
    """The unit's translation-memory matches as <alt-trans>, best first (the reader ignores
    them: only a <target> is ever imported)."""
    for match in unit.matches:
        alt = etree.SubElement(
            unit_el,
            _q("alt-trans"),
            {
                "match-quality": f"{match.quality}%",
                "origin": match.origin_label,
                "tool-id": "cityguide",
            },
        )
        append_nodes(
            etree.SubElement(alt, _q("source")), parse_segment_html(match.source_text).nodes
        )
        append_nodes(
            etree.SubElement(alt, _q("target")), parse_segment_html(match.target_text).nodes
        )


def write(xfiles):
    """Serialise files into one XLIFF 1.2 document (bytes, UTF-8)."""
    root = etree.Element(_q("xliff"), {"version": "1.2"}, nsmap={None: NS12})
    for xfile in xfiles:
        root.append(build_file(xfile))
    return serialize(root)

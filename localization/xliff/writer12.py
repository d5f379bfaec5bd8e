"""XLIFF 1.2 writer: one <file> per (object, target language), <g>/<x/> for inline codes."""

from lxml import etree

from localization.xliff.codes import Standalone
from localization.xliff.document import NS12, XML_NS, append_inline, serialize

STATES_12 = {
    "": None,
    "translated": "translated",
    "machine": "needs-review-translation",
    "error": "needs-review-translation",
    "final": "final",
    "new": "new",
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
    if unit.state == "machine":
        target_el.set("state-qualifier", "leveraged-mt")
    append_nodes(target_el, unit.target.nodes)


def append_notes(unit_el, unit):
    for note in unit.notes:
        etree.SubElement(unit_el, _q("note"), {"from": "cityguide"}).text = note


def write(xfiles):
    """Serialise files into one XLIFF 1.2 document (bytes, UTF-8)."""
    root = etree.Element(_q("xliff"), {"version": "1.2"}, nsmap={None: NS12})
    for xfile in xfiles:
        root.append(build_file(xfile))
    return serialize(root)

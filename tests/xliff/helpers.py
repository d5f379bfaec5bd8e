"""Helpers for XLIFF tests: export one page, fill targets like a CAT tool, import."""

import io
import re

from django.core.files.images import ImageFile
from lxml import etree
from wagtail.images.models import Image
from wagtail.models import Page

from localization.xliff.document import NS12, NS20
from localization.xliff.export import export_pairs
from localization.xliff.importer import import_upload

RICH_BODY = (
    "<p>Willkommen in <b>Augsburg <i>und</i> Umgebung</b>. Siehe "
    '<a href="https://example.org/?a=1&amp;b=2">Tom &amp; Jerry</a>.<br/>Neue Zeile mit '
    "10\u00a0km.</p>"
)


def make_image(title="Bild"):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="pixel.png"))


def export_one(page, code, version="1.2", mark=False):
    from wagtail.models import Locale

    [exported] = export_pairs(
        [(page, Locale.objects.get(language_code=code))], version=version, mark=mark
    )
    return exported


def parse(content):
    return etree.fromstring(content)


def ns(version):
    return {"x": NS12 if version == "1.2" else NS20}


def target_path(version):
    return ".//x:trans-unit" if version == "1.2" else ".//x:unit"


def units(root, version):
    return root.findall(target_path(version), ns(version))


def unit_source(unit, version):
    return unit.find("x:source" if version == "1.2" else "x:segment/x:source", ns(version))


def set_target(unit, version, fragment):
    """Give a unit a target built from an XML fragment in the file's namespace."""
    namespace = NS12 if version == "1.2" else NS20
    target = etree.fromstring(f'<target xmlns="{namespace}">{fragment}</target>')
    container = unit if version == "1.2" else unit.find("x:segment", ns(version))
    old = container.find("x:target", ns(version))
    if old is not None:
        container.remove(old)
    if version == "1.2":
        unit.find("x:source", ns(version)).addnext(target)
    else:
        container.append(target)
    return target


def source_inner(unit, version):
    """The source's inner XML, so a test can translate the text around the codes."""
    source = unit_source(unit, version)
    text = etree.tostring(source, encoding="unicode", with_tail=False)
    return re.sub(r"^<[^>]*>|</[^>]*>$", "", text)


def fill_targets(content, version, translate=lambda text: f"EN {text}"):
    """Translate every unit by copying the source's codes and transforming its text nodes."""
    root = parse(content)
    for unit in units(root, version):
        source = unit_source(unit, version)
        target = set_target(unit, version, "")
        clone = etree.fromstring(etree.tostring(source))
        target.text = translate(clone.text) if clone.text else clone.text
        for child in clone:
            target.append(child)
        for element in target.iter():
            if element is not target and element.tail:
                element.tail = translate(element.tail)
            if element is not target and element.text:
                element.text = translate(element.text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def do_import(content, name="file.xlf", **kwargs):
    return import_upload(name, content, **kwargs)


def translated(page, code):
    return Page.objects.get(
        translation_key=page.translation_key, locale__language_code=code
    ).specific

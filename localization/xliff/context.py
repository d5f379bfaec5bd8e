"""What a translator sees next to each unit: a readable name, notes and a size limit.

Unit ids stay as they are (they identify the unit on import); only the names (1.2 `resname`,
2.0 `name`) and notes change. A rich-text segment is named by the element it sits in, taken
from wagtail-localize's template for the field: "body › paragraph 3", "body › list item 2".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from lxml import html
from wagtail.models import Page

from localization.registry import page_kind

if TYPE_CHECKING:
    from localization.xliff.adapter.segments import SegmentRow

#: The element a rich-text segment sits in -> what the translator reads.
ELEMENT_KINDS = {
    "p": "paragraph",
    "li": "list item",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "blockquote": "quote",
    "td": "table cell",
    "th": "table cell",
}
SLUG_FIELD = "slug"
LINK_KEY = re.compile(r"^a\d+$")  # wagtail-localize's id for the attributes of the n-th <a>


def _positions(template_html: str) -> dict[int, str]:
    """{position: element kind} for the <text position="N"> placeholders of a template."""
    kinds = {}
    root = html.fragment_fromstring(template_html, create_parent="div")
    for placeholder in root.iter("text"):
        position = placeholder.get("position")
        if position is None or not position.isdigit():
            continue
        for ancestor in placeholder.iterancestors():
            if ancestor.tag in ELEMENT_KINDS:
                kinds[int(position)] = ELEMENT_KINDS[ancestor.tag]
                break
    return kinds


def unit_names(rows: list[SegmentRow], templates: dict[int, str]) -> dict[str, str]:
    """{unit id: "body › paragraph 3"} for one object's rows, in page order.

    `templates` maps a context id to its rich-text template. Top-level fields keep their
    name ("title"); blocks are numbered per kind within their field."""
    kinds_by_context = {}
    counters = Counter()
    names = {}
    for row in rows:
        parts = [part.replace("_", " ") for part in row.field_path.split(".")]
        template = templates.get(row.context_id)
        if template is not None:
            if row.context_id not in kinds_by_context:
                kinds_by_context[row.context_id] = _positions(template)
            kind = kinds_by_context[row.context_id].get(row.position, "text")
            if len(parts) == 1:
                parts.append(kind)
            else:
                parts[-1] = kind
        if len(parts) > 1:
            counters[tuple(parts)] += 1
            parts[-1] = f"{parts[-1]} {counters[tuple(parts)]}"
        names[row.unit_id] = " › ".join(parts)
    return names


def link_targets(row: SegmentRow) -> list[tuple[str, str]]:
    """[(link type, target)] of the links in a segment, from wagtail-localize's attrs:
    ("url", "https://…") for external links, ("page", "12") for internal ones."""
    try:
        attrs = json.loads(row.attrs or "{}")
    except ValueError:
        return []
    if not isinstance(attrs, dict):
        return []
    targets = []
    for key, values in attrs.items():
        if not LINK_KEY.match(key) or not isinstance(values, dict):
            continue
        if values.get("href"):
            targets.append(("url", values["href"]))
        elif values.get("linktype") and values.get("id"):
            targets.append((values["linktype"], str(values["id"])))
    return targets


def public_url(url_path: str, language_code: str) -> str:
    """The public site's URL of a page (the page kind's rule, registered by `guides`)."""
    rule = page_kind().public_url
    return rule(url_path, language_code) if rule else url_path


def linked_page_urls(rows: list[SegmentRow]) -> dict[str, str]:
    """{page id: public URL} of every page the rows link to, in one query."""
    ids = {
        int(target)
        for row in rows
        for kind, target in link_targets(row)
        if kind == "page" and target.isdigit()
    }
    if not ids:
        return {}
    return {
        str(pk): public_url(url_path, code)
        for pk, url_path, code in Page.objects.filter(pk__in=ids).values_list(
            "pk", "url_path", "locale__language_code"
        )
    }


def link_notes(row: SegmentRow, page_urls: dict[str, str]) -> list[str]:
    notes = []
    for kind, target in link_targets(row):
        if kind == "url":
            url = target
        elif kind == "page":
            url = page_urls.get(target) or _("page %(id)s (no longer exists)") % {"id": target}
        else:
            url = f"{kind} {target}"
        notes.append(_("Link target: %(url)s") % {"url": url})
    return notes


def field_notes(row: SegmentRow) -> list[str]:
    if row.path == SLUG_FIELD:
        return [
            _(
                "This is the page's part of the web address (URL): lowercase, words joined "
                "by hyphens, no spaces or slashes."
            )
        ]
    return []


def max_width(model: type[models.Model], row: SegmentRow) -> int | None:
    """The character limit of a top-level text field (title 255, slug 255), else None."""
    if "." in row.path:
        return None
    try:
        field = model._meta.get_field(row.path)
    except FieldDoesNotExist:
        return None
    if isinstance(field, models.CharField) and field.max_length:
        return field.max_length
    return None


def page_url_note(page: Page, language_code: str) -> str:
    return _("Public URL: %(url)s") % {"url": public_url(page.url_path, language_code)}

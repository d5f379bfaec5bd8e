"""The bodies of every page in a print, converted and expanded for all pages at once.

Rendered page by page, each body reads its chosen images and documents, and each rich text
reads the pages and documents it links to: queries that grow with the pages printed. Here the
stream data of all pages goes through one `bulk_to_python` (one query per chooser type), every
image's renditions are read in one query, and all rich text is expanded by one rewriter call
(one query per link type). The rich text values then hold front-end HTML, which Wagtail's
rendering passes through unchanged.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import prefetch_related_objects
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText, expand_db_html

if TYPE_CHECKING:
    from wagtail.models import Page


def bodies_of(pages: list[Page]) -> dict[int, StreamValue]:
    """{page id: its body}, for the pages that have a body."""
    with_body = [page for page in pages if getattr(page, "body", None) is not None]
    if not with_body:
        return {}
    stream_block = type(with_body[0])._meta.get_field("body").stream_block
    values = stream_block.bulk_to_python([page.body.raw_data for page in with_body])
    leaves = [leaf for value in values for leaf in _leaves(value)]
    prefetch_related_objects(
        [leaf for leaf in leaves if isinstance(leaf, AbstractImage)], "renditions"
    )
    _expand_all([leaf for leaf in leaves if isinstance(leaf, RichText)])
    return {page.pk: value for page, value in zip(with_body, values, strict=True)}


def _leaves(value: Any) -> Iterator[Any]:
    """The plain values inside a stream, struct or list value, depth first."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from _leaves(child.value)
    elif isinstance(value, StructValue):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, ListValue):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _expand_all(texts: list[RichText]) -> None:
    """Expand every text's database HTML in one rewriter pass: the rewriter only touches
    link and embed tags, so a separator that is neither comes back as it went in."""
    if not texts:
        return
    separator = f"<!--cityguide-{uuid.uuid4().hex}-->"
    expanded = expand_db_html(separator.join(text.source for text in texts)).split(separator)
    if len(expanded) != len(texts):  # a text contained the separator: expand one by one
        expanded = [expand_db_html(text.source) for text in texts]
    for text, html in zip(texts, expanded, strict=True):
        text.source = html

"""Readable names for wagtail-localize segment paths: "Body › Paragraph 2" for "body.<uuid>".

A segment path is the field name followed by one component per StreamField level: a block's
id in a stream or list, a child's name in a struct. Each step is named by the block's own
label; blocks in a stream and items in a list get their position among the siblings of the
same type, when there are several (so the second paragraph is "Paragraph 2", a lone info box
is "Info box").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructValue

if TYPE_CHECKING:
    from django.db.models import Model

SEPARATOR = " › "


def label_for_path(instance: Model, path: str) -> str:
    """The field and block labels along a segment path of `instance`."""
    field_name, *rest = path.rstrip("+").split(".")
    try:
        field = instance._meta.get_field(field_name)
    except FieldDoesNotExist:
        return path
    labels = [capfirst(str(getattr(field, "verbose_name", field_name)))]
    value = getattr(instance, field_name, None)
    for component in rest:
        step = _step(value, component)
        if step is None:  # a level this walk does not know: the labels so far still help
            break
        label, value = step
        labels.append(label)
    return SEPARATOR.join(labels)


def _step(value, component):
    """(label, child value) for one path component below `value`, or None."""
    if isinstance(value, StreamValue):
        children = list(value)
        return _positioned(children, component, lambda child: child.block_type)
    if isinstance(value, ListValue):
        children = list(value.bound_blocks)
        return _positioned(children, component, lambda child: None)
    if isinstance(value, StructValue) and component in value.block.child_blocks:
        block = value.block.child_blocks[component]
        return capfirst(str(block.label)), value.get(component)
    return None


def _positioned(children, block_id, kind_of):
    """The label of the child with `block_id`, numbered among its siblings of one kind."""
    for child in children:
        if child.id == block_id:
            siblings = [other for other in children if kind_of(other) == kind_of(child)]
            label = capfirst(str(child.block.label))
            if kind_of(child) is None:  # list items: "Item 2" under the list's own label
                label = gettext("Item")
            if len(siblings) > 1:
                label = gettext("%(label)s %(position)s") % {
                    "label": label,
                    "position": siblings.index(child) + 1,
                }
            return label, child.value
    return None

"""Receivers: the translation editor saves (and clears) one StringTranslation at a time; its
segment's findings are refreshed then. The XLIFF import writes in bulk and calls
`importing.check_import` instead."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail_localize.models import StringTranslation

from localization.qa import findings
from localization.scope import source_locale_id
from localization.segment_labels import label_for_path


@receiver(post_save, sender=StringTranslation, dispatch_uid="cityguide_qa_string_saved")
def string_translation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_string_translation(instance)


@receiver(post_delete, sender=StringTranslation, dispatch_uid="cityguide_qa_string_deleted")
def string_translation_deleted(sender, instance, **kwargs):
    refresh_string_translation(instance, deleted=True)


def refresh_string_translation(string_translation, *, deleted=False):
    """Refresh the findings of one translated segment; returns its open findings."""
    context = string_translation.context
    owner = findings.owner_for(context.object_id, string_translation.locale_id)
    if owner is None:
        return []
    segment = (string_translation.translation_of_id, string_translation.context_id)
    if deleted or string_translation.has_error:
        return findings.store(owner, [], segments={segment})
    source = string_translation.translation_of
    text = findings.SegmentText(
        *segment,
        label=context.path,
        source_html=source.data,
        target_html=string_translation.data,
    )
    computed = findings.compute(
        [text],
        source_language=source.locale.language_code,
        target_language=string_translation.locale.language_code,
        terms=findings.terms_for(
            owner.city_id, source.locale.language_code, string_translation.locale.language_code
        ),
    )
    return findings.store(owner, computed, segments={segment}, label=lambda _path: _label(context))


def _label(context):
    """“Body › Paragraph 2”, read on the source object."""
    instance = context.object.get_instance_or_none(source_locale_id())
    if instance is not None and hasattr(instance, "specific"):
        instance = instance.specific
    return label_for_path(instance, context.path) if instance is not None else context.path

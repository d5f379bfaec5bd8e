"""The publish gate: a translation with an open blocking finding is not published, whichever
door asks (the Wagtail page editor, wagtail-localize's translation editor, a snippet's
publish, the XLIFF import, see `importing`). Drafts are always saved."""

from django.utils.translation import gettext as _

from localization.qa.findings import blocking_findings, describe
from localization.scope import source_locale_id


def blocking_for(obj):
    """The open blocking findings of a translated object (none for a source object)."""
    locale_id = getattr(obj, "locale_id", None)
    if obj is None or obj.pk is None or locale_id is None or locale_id == source_locale_id():
        return []
    return list(blocking_findings(obj.translation_key, locale_id))


def refusal(obj, blocking):
    """The message that names the segments and facts that keep `obj` from being published."""
    return _(
        "“%(title)s” was not published: %(count)d blocking QA finding(s): %(list)s. Fix the "
        "translation, or a person with publish rights can override the findings in the "
        "translation QA report."
    ) % {"title": str(obj), "count": len(blocking), "list": describe(blocking)}


def is_translation(obj):
    locale_id = getattr(obj, "locale_id", None)
    return obj is not None and locale_id is not None and locale_id != source_locale_id()

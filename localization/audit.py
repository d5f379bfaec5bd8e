"""Audit-log actions that change a translation's status. They are also the record the
status is recomputed from, so `--rebuild` needs nothing but the log, revisions and pages."""

from django.utils.translation import gettext_lazy as _

PUBLISH = "wagtail.publish"
SENT_FOR_TRANSLATION = "cityguide.translation.sent"
TRANSLATION_CANCELLED = "cityguide.translation.cancelled"
MARKED_UP_TO_DATE = "cityguide.translation.marked_up_to_date"
MARKED_REVIEWED = "cityguide.translation.marked_reviewed"

LOG_ACTIONS = [
    (SENT_FOR_TRANSLATION, _("Send for translation"), _("Sent for translation")),
    (TRANSLATION_CANCELLED, _("Cancel translation"), _("Translation job cancelled")),
    (MARKED_UP_TO_DATE, _("Mark translation as up to date"), _("Translation marked as up to date")),
    (
        MARKED_REVIEWED,
        _("Mark machine translation as reviewed"),
        _("Machine translation marked as reviewed"),
    ),
]

"""The per-city feedback inbox: Wagtail's SnippetViewSet, scoped to the user's cities.

Editors filter, open (inspect) and mark feedback read or archived, one by one in the edit form
or in bulk (guides.feedback.bulk_actions), and export the filtered list as CSV or XLSX. Every
listing, chooser, export and per-object URL sees only the user's cities (guides.tenancy).
Comments are the readers' text: shown only through Django's autoescaping, never as HTML.
"""

import csv
from itertools import chain

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.mixins import Echo
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from guides.events.policies import guard_patterns, instance_loader
from guides.events.viewsets import CityChooserViewSet
from guides.feedback.models import Feedback
from guides.tenancy import scope_to_user

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COMMENT_PREVIEW = 120


def spreadsheet_text(value):
    """Reader text as a CSV cell that a spreadsheet shows, never evaluates (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def comment_preview(feedback):
    text = " ".join(feedback.comment.split())
    return text if len(text) <= COMMENT_PREVIEW else text[: COMMENT_PREVIEW - 1] + "…"


class FeedbackIndexView(IndexView):
    custom_field_preprocess = {
        field: {"csv": spreadsheet_text}
        for field in ("comment", "contact", "subject", "slug", "query", "category")
    }

    def stream_csv(self, queryset):
        """Wagtail's CSV stream, with the headings translated now, in the user's language:
        the stream itself runs after the request, when only the default language is active."""
        headings = {field: self.get_heading(queryset, field) for field in self.list_export}
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)
        return chain(
            [writer.writerow(headings)],
            (self.write_csv_row(writer, self.to_row_dict(item)) for item in queryset),
        )


class FeedbackViewSet(SnippetViewSet):
    model = Feedback
    icon = "comment"
    menu_label = _("Feedback")
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = FeedbackIndexView
    chooser_viewset_class = CityChooserViewSet
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        DateColumn("created_at", label=_("Received")),
        Column("kind", label=_("About"), accessor="get_kind_display"),
        Column("subject", label=_("Subject")),
        Column("rating", label=_("Rating"), accessor="get_rating_display"),
        Column("comment", label=_("Comment"), accessor=comment_preview),
        Column("language", label=_("Language")),
        BooleanColumn("read", label=_("Read")),
        BooleanColumn("archived", label=_("Archived")),
    ]
    list_filter = ["kind", "rating", "read", "archived", "language"]
    search_fields = ["comment", "query", "slug"]
    list_export = [
        "created_at",
        "language",
        "kind",
        "rating",
        "comment",
        "contact",
        "subject",
        "slug",
        "query",
        "category",
        "read",
        "archived",
    ]
    export_headings = {"subject": _("Subject")}
    export_filename = "feedback"
    inspect_view_fields = [
        "created_at",
        "language",
        "kind",
        "rating",
        "comment",
        "contact",
        "category",
        "slug",
        "query",
        "page",
        "event",
        "location",
        "read",
        "archived",
    ]
    panels = [FieldPanel("read"), FieldPanel("archived")]

    def get_queryset(self, request):
        return scope_to_user(
            self.model._default_manager.select_related("page", "event", "location"),
            request.user,
        )

    def get_edit_handler(self):
        return ObjectList(self.panels).bind_to_model(self.model)

    def get_urlpatterns(self):
        return guard_patterns(super().get_urlpatterns(), instance_loader(self.model))

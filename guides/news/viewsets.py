"""The news admin: Wagtail's SnippetViewSet scoped to the user's cities, like events'.

Each row is one language's copy of a news item; its "Push notification" column says whether
that copy's push went out: sent, failed (with FCM's reason), not configured, or queued.
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import HelpPanel, ObjectList
from wagtail.admin.ui.tables import Column

from guides.events.viewsets import CitySnippetViewSet
from guides.news.models import NewsItem, PushState


def push_status_text(item: NewsItem) -> str:
    """What the editor reads about one copy's push notification."""
    delivery = getattr(item, "push_delivery", None)
    if delivery is None:
        if not item.send_push_notification:
            return "—"
        return _("requested: sent once published and fully translated")
    label = delivery.get_state_display()
    if delivery.state in (PushState.FAILED, PushState.NOT_CONFIGURED) and delivery.reason:
        return f"{label}: {delivery.reason}"
    return label


class PushStatusColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<span class="cityguide-push-status">{}</span>', push_status_text(instance)
        )


def push_status_html(item: NewsItem) -> str:
    """Every language's copy of a news item with the state of its push notification."""
    copies = (
        NewsItem.objects.filter(translation_key=item.translation_key)
        .select_related("locale", "push_delivery")
        .order_by("locale__language_code")
    )
    return format_html(
        '<ul class="cityguide-push-states">{}</ul>',
        format_html_join(
            "",
            "<li><b>{}</b>: {}</li>",
            ((copy.locale.language_code, push_status_text(copy)) for copy in copies),
        ),
    )


class PushStatusPanel(HelpPanel):
    """The editor's view of where this news item's push notifications stand."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.content = push_status_html(self.instance) if self.instance.pk else ""

        def is_shown(self):
            return bool(self.instance.pk)


class NewsItemViewSet(CitySnippetViewSet):
    model = NewsItem
    icon = "mail"
    menu_label = gettext_lazy("News")
    menu_order = 220
    add_to_admin_menu = True
    list_display = [
        "title",
        "date",
        "expiry_date",
        PushStatusColumn("push_status", label=gettext_lazy("Push notification")),
        "city",
    ]
    search_fields = ["title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("push_delivery")

    def get_edit_handler(self):
        panels = [
            *self.model.panels,
            PushStatusPanel(heading=gettext_lazy("Push notifications by language")),
        ]
        return ObjectList(panels, base_form_class=self.form_class).bind_to_model(self.model)

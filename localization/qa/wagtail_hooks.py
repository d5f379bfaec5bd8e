"""Where translation QA meets the admin: the publish gate on every publish door, findings as
warnings when a translation is opened for editing, the report, the override's log action.

The translation editor of wagtail-localize is a React app fed by its own view; its template
(overridden in `templates/wagtail_localize/admin/edit_translation.html`) loads a script that
shows each finding beside its segment and follows the editor's saves (`editor`). A finding
that no segment of the editor holds (the source changed since), and every finding in Wagtail's
own editor of a translation (one no longer synced), is a Wagtail message instead, added by a
`before_edit_page` / `before_edit_snippet` hook that runs before wagtail-localize's
(order -1)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from guides.tenancy import user_works_on_a_city
from localization.qa import editor, gate, views
from localization.qa.findings import open_findings
from localization.qa.overrides import OVERRIDE_ACTION


@hooks.register("register_admin_urls")
def qa_urls():
    return [
        path("reports/translation-qa/", views.findings_report, name="cityguide_qa_report"),
        path(
            "translation-qa/findings/<int:finding_id>/override/",
            views.override_finding,
            name="cityguide_qa_override",
        ),
        path(
            "translation-qa/translations/<int:translation_id>/findings/",
            views.translation_findings,
            name="cityguide_qa_translation_findings",
        ),
    ]


class QAReportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_works_on_a_city(request.user)


@hooks.register("register_reports_menu_item")
def qa_report_menu_item():
    return QAReportMenuItem(
        _("Translation QA"),
        reverse("cityguide_qa_report"),
        name="translation-qa",
        icon_name="warning",
        order=660,
    )


@hooks.register("register_log_actions")
def qa_log_actions(actions):
    actions.register_action(OVERRIDE_ACTION, _("Override QA finding"), _("QA finding overridden"))


def _refuse(request, obj, edit_url):
    blocking = gate.blocking_for(obj)
    if blocking:
        messages.error(request, gate.refusal(obj, blocking))
        return redirect(edit_url)
    return None


@hooks.register("before_publish_page")
def gate_page_publish(request, page):
    """Wagtail's page editor: the draft is saved already, the publish is refused."""
    return _refuse(request, page, reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_publish")
def gate_snippet_publish(request, obj):
    return _refuse(request, obj, request.get_full_path())


def _translation_editor(request, obj, edit_url):
    if request.method == "POST" and request.POST.get("action") == "publish":
        return _refuse(request, obj, edit_url)  # wagtail-localize's editor publishes here
    if request.method == "GET" and getattr(obj, "locale_id", None) is not None:
        translation = editor.editor_translation(obj)
        if translation is None:  # Wagtail's own editor
            findings = open_findings(obj.translation_key, obj.locale_id).order_by("segment")
            shown = [(f.blocking, f.segment, f.message) for f in findings]
        else:  # wagtail-localize's: those its segments cannot show
            findings = editor.editor_findings(translation)
            shown = [
                (f["blocking"], f["segment"], f["message"])
                for f in findings
                if f["segment_id"] is None
            ]
        for blocking, segment, message in shown:
            level = messages.ERROR if blocking else messages.WARNING
            messages.add_message(request, level, f"{segment}: {message}")
    return None


@hooks.register("before_edit_page", order=-1)
def qa_in_page_translation_editor(request, page):
    if gate.is_translation(page):
        return _translation_editor(
            request, page, reverse("wagtailadmin_pages:edit", args=[page.pk])
        )
    return None


@hooks.register("before_edit_snippet", order=-1)
def qa_in_snippet_translation_editor(request, instance):
    if gate.is_translation(instance):
        return _translation_editor(request, instance, request.get_full_path())
    return None

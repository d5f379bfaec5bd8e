"""The glossary's admin: Wagtail's ModelViewSet over terms (listing, add, edit, delete, inspect),
every view narrowed by `permissions`, plus the import and export views (thin doors into
`exchange`)."""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from localization.glossary.exchange import export_glossary, import_glossary
from localization.glossary.formats import GlossaryFileError
from localization.glossary.forms import GlossaryExportForm, GlossaryImportForm, TermForm
from localization.glossary.models import Term
from localization.glossary.permissions import (
    can_edit,
    can_read,
    readable_terms,
    uses_glossary,
)

#: URL names of the viewset that change a term; the others only read it.
CHANGING_VIEWS = {"edit", "delete", "copy"}


class GlossaryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            readable_terms(self.request.user)
            .select_related("city")
            .prefetch_related("translations")
        )

    @property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Import / export"), url=reverse("glossary_exchange"), icon_name="download"
            ),
        ]


class GlossaryColumn(Column):
    def get_value(self, instance):
        return instance.city.title if instance.city_id else _("Shared glossary")


class TranslationsColumn(Column):
    def get_value(self, instance):
        return ", ".join(f"{t.language}: {t.target}" for t in instance.translations.all())


def _guard(view, changing):
    """404 for another city's term (its existence is not confirmed); no permission (Wagtail's
    redirect with a message) to change a shared term without the right to."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            term = Term.objects.filter(pk=unquote(str(pk))).only("pk", "city_id").first()
            if term is None:
                raise Http404
            if not can_read(request.user, term):
                raise Http404
            if changing and not can_edit(request.user, term):
                raise PermissionDenied(_("Only translation managers change the shared glossary."))
        return view(request, *args, **kwargs)

    return guarded


class GlossaryViewSet(ModelViewSet):
    model = Term
    index_view_class = GlossaryIndexView
    icon = "doc-full"
    menu_label = gettext_lazy("Glossary")
    menu_order = 913
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "source",
        TranslationsColumn("translations", label=gettext_lazy("Translations")),
        "do_not_translate",
        GlossaryColumn("glossary", label=gettext_lazy("Glossary")),
    ]
    list_filter = ["do_not_translate", "source_language"]
    search_fields = ["source", "note"]
    inspect_view_fields = ["source", "source_language", "note", "do_not_translate", "city"]

    def get_edit_handler(self):
        return ObjectList(Term.panels, base_form_class=TermForm).bind_to_model(Term)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _guard(pattern.callback, pattern.name in CHANGING_VIEWS)
        return patterns


def _require_glossary_user(request):
    if not uses_glossary(request.user):
        raise PermissionDenied


def exchange(request):
    _require_glossary_user(request)
    return TemplateResponse(
        request,
        "glossary/exchange.html",
        {
            "export_form": GlossaryExportForm(request.user),
            "import_form": GlossaryImportForm(request.user),
        },
    )


def _form_errors(form):
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def download(request):
    _require_glossary_user(request)
    form = GlossaryExportForm(request.user, request.GET)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("glossary_exchange")
    city, file_format = form.city(), form.cleaned_data["format"]
    response = HttpResponse(
        export_glossary(city, file_format),
        content_type="text/csv; charset=utf-8" if file_format == "csv" else "application/x-tbx",
    )
    name = city.slug if city else "shared"
    response["Content-Disposition"] = f'attachment; filename="glossary_{name}.{file_format}"'
    return response


@require_POST
def upload(request):
    _require_glossary_user(request)
    form = GlossaryImportForm(request.user, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("glossary_exchange")
    upload_file = form.cleaned_data["file"]
    try:
        result = import_glossary(upload_file.read(), upload_file.name, form.city())
    except GlossaryFileError as error:
        messages.error(request, str(error))
        return redirect("glossary_exchange")
    summary = _("%(name)s: %(added)d added, %(updated)d updated, %(unchanged)d unchanged.") % {
        "name": upload_file.name,
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    if result.replaced:
        summary += " " + _("Replaced: %(changes)s") % {"changes": "; ".join(result.replaced)}
    messages.success(request, summary)
    return redirect("glossary_exchange")

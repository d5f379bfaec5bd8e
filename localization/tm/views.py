"""Admin view of the translation memory: the concordance search (a thin door into
`concordance`)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Locale

from guides.tenancy import cities_for_user, user_works_on_a_city
from localization.tm import concordance
from localization.tm.tmx import TmxError, export_tmx, import_tmx
from localization.xliff.selection import SelectionError, city_target_locales


class ConcordanceForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Phrase"), max_length=200, required=False)
    language = forms.ChoiceField(label=gettext_lazy("Target language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Locale.objects.order_by("language_code").values_list("language_code", flat=True)
        self.fields["language"].choices = [
            ("", gettext_lazy("All")),
            *((code, code) for code in codes),
        ]


class TmxExportForm(forms.Form):
    """A city the user works on and one of its languages (checked in `clean`)."""

    city = forms.ModelChoiceField(queryset=None, label=gettext_lazy("City"))
    language = forms.CharField(label=gettext_lazy("Target language"), max_length=16)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities_for_user(user)

    def clean(self):
        data = super().clean()
        city, code = data.get("city"), data.get("language", "")
        if city is not None and code:
            try:
                (locale,) = city_target_locales(city, [code])
            except SelectionError as error:
                raise forms.ValidationError(str(error)) from None
            data["language"] = locale.language_code
        return data


class TmxImportForm(forms.Form):
    city = forms.ModelChoiceField(queryset=None, label=gettext_lazy("City"))
    file = forms.FileField(label=gettext_lazy("TMX file"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities_for_user(user)


def _require_city_worker(request):
    if not user_works_on_a_city(request.user):
        raise PermissionDenied


def concordance_search(request):
    _require_city_worker(request)
    form = ConcordanceForm(request.GET or None)
    hits = []
    if form.is_valid():
        hits = concordance.search(
            request.user, form.cleaned_data["q"], language=form.cleaned_data["language"]
        )
    return TemplateResponse(
        request,
        "tm/concordance.html",
        {
            "form": form,
            "hits": hits,
            "searched": bool(form.is_bound and form.is_valid()),
            "export_form": TmxExportForm(request.user),
            "import_form": TmxImportForm(request.user),
        },
    )


def tmx_download(request):
    """A city's memory for one language as TMX; only cities the user works on."""
    _require_city_worker(request)
    form = TmxExportForm(request.user, request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("tm_concordance")
    city, code = form.cleaned_data["city"], form.cleaned_data["language"]
    response = HttpResponse(export_tmx(city, code), content_type="application/x-tmx+xml")
    response["Content-Disposition"] = f'attachment; filename="{city.slug}_{code}.tmx"'
    return response


@require_POST
def tmx_upload(request):
    """Seed a city's memory (a city the user works on) from an agency's TMX: all or nothing."""
    _require_city_worker(request)
    form = TmxImportForm(request.user, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("tm_concordance")
    upload = form.cleaned_data["file"]
    try:
        result = import_tmx(upload.read(), form.cleaned_data["city"], label=upload.name)
    except TmxError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Imported %(count)d translation-memory entries.") % {"count": result.entries},
        )
    return redirect("tm_concordance")

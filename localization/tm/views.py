"""Admin view of the translation memory: the concordance search (a thin door into
`concordance`)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from guides.tenancy import user_works_on_a_city
from localization.tm import concordance


class ConcordanceForm(forms.Form):
    q = forms.CharField(label=_("Phrase"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Target language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Locale.objects.order_by("language_code").values_list("language_code", flat=True)
        self.fields["language"].choices = [("", _("All")), *((code, code) for code in codes)]


def concordance_search(request):
    if not user_works_on_a_city(request.user):
        raise PermissionDenied
    form = ConcordanceForm(request.GET or None)
    hits = []
    if form.is_valid():
        hits = concordance.search(
            request.user, form.cleaned_data["q"], language=form.cleaned_data["language"]
        )
    return TemplateResponse(
        request,
        "tm/concordance.html",
        {"form": form, "hits": hits, "searched": bool(form.is_bound and form.is_valid())},
    )

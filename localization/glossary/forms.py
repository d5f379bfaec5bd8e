"""Admin forms of the glossary: a term (city limited to the user's; the shared glossary only
for those who may change it), and the import and export forms."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from guides.tenancy import cities_for_user, source_language_code
from localization.glossary.formats import FORMATS
from localization.glossary.models import Term, source_key
from localization.glossary.permissions import can_manage_shared

SHARED = "shared"


def language_choices():
    return [
        (code, code)
        for code in Locale.objects.order_by("language_code").values_list("language_code", flat=True)
    ]


class TermForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        city = self.fields["city"]
        city.queryset = cities_for_user(user) if user is not None else city.queryset.none()
        city.required = user is None or not can_manage_shared(user)
        city.empty_label = _("Shared glossary (every city)")
        self.fields["source_language"] = forms.ChoiceField(
            label=self.fields["source_language"].label,
            choices=language_choices(),
            initial=self.instance.source_language or source_language_code(),
        )
        if not self.instance.pk and len(city.queryset) == 1 and city.required:
            city.initial = city.queryset[0].pk

    def clean(self):
        cleaned = super().clean()
        source = " ".join((cleaned.get("source") or "").split())
        language = cleaned.get("source_language")
        if source and language:
            same = Term.objects.filter(source_language=language, source_key=source_key(source))
            city = cleaned.get("city")
            same = same.filter(city=city) if city else same.filter(city__isnull=True)
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error("source", _("The glossary already holds this term."))
        self._clean_translations(language)
        return cleaned

    def _clean_translations(self, source_language):
        codes = {code for code, _label in language_choices()}
        seen = set()
        for form in self.formsets["translations"].forms:
            if not form.is_valid():  # validates the inline form now, before it is read
                continue
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            code = (data.get("language") or "").strip().lower()
            if code not in codes:
                form.add_error(
                    "language",
                    _("Choose one of the site's languages: %(codes)s.")
                    % {"codes": ", ".join(sorted(codes))},
                )
            elif code == source_language:
                form.add_error("language", _("This is the term's source language."))
            elif code in seen:
                form.add_error(
                    "language", _("The term has a translation in this language already.")
                )
            seen.add(code)


def glossary_choices(user, *, for_change):
    """("shared" | city id, label) of the glossaries the user may import into or export."""
    choices = [(str(city.pk), city.title) for city in cities_for_user(user).order_by("title")]
    if not for_change or can_manage_shared(user):
        choices.insert(0, (SHARED, _("Shared glossary (every city)")))
    return choices


class GlossaryChoiceForm(forms.Form):
    glossary = forms.ChoiceField(label=gettext_lazy("Glossary"))
    for_change = False

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["glossary"].choices = glossary_choices(user, for_change=self.for_change)

    def city(self):
        """The chosen city, or None for the shared glossary."""
        value = self.cleaned_data["glossary"]
        return None if value == SHARED else cities_for_user(self.user).get(pk=value)


class GlossaryExportForm(GlossaryChoiceForm):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[(name, name.upper()) for name in FORMATS]
    )


class GlossaryImportForm(GlossaryChoiceForm):
    for_change = True
    file = forms.FileField(label=gettext_lazy("CSV or TBX file"))

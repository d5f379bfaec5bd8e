from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from localization.status import Status
from localization.xliff.document import DEFAULT_VERSION, VERSIONS

VERSION_CHOICES = [(v, f"XLIFF {v}") for v in VERSIONS]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLIFF file"),
        help_text=_(".xlf, .xliff or a .zip of them, as returned by the translator."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlf", ".xliff", ".zip")):
            raise forms.ValidationError(_("Upload an .xlf, .xliff or .zip file."))
        return upload


class ConfirmImportForm(forms.Form):
    publish = forms.BooleanField(
        required=False,
        label=_("Publish the translations"),
        help_text=_("Leave unticked to save drafts that an editor reviews and publishes."),
    )


#: The page selections of an export by status: those the translation report filters by, and
#: two of its own (see tracking.STATUS_SELECTIONS).
PAGE_SELECTIONS = [
    ("stale", _("Everything not up to date")),
    *Status.choices,
    ("all", _("All published pages")),
]


class CityExportForm(forms.Form):
    """Export by status, e.g. from the city's translation status report with its filters."""

    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)
    pages = forms.ChoiceField(label=_("Pages"), choices=PAGE_SELECTIONS)
    xliff_version = forms.ChoiceField(choices=VERSION_CHOICES, initial=DEFAULT_VERSION)
    mark_in_translation = forms.BooleanField(
        required=False, initial=True, label=_("Mark as in translation")
    )

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [
            (loc.language_code, loc.get_display_name())
            for loc in city.languages.all()
            if loc.pk != city.locale_id
        ]


class ExportForm(forms.Form):
    languages = forms.MultipleChoiceField(
        choices=[(c, n) for c, n in settings.LANGUAGES if c != settings.LANGUAGE_CODE],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each page is exported into those of these languages that its city offers."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *PAGE_SELECTIONS[:-1]],
        required=False,
        help_text=_("Export only those pages and languages whose translation has this status."),
    )
    xliff_version = forms.ChoiceField(choices=VERSION_CHOICES, initial=DEFAULT_VERSION)
    include_descendants = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Include subpages"),
        help_text=_("Export each selected page with all pages below it, at every level."),
    )
    mark_in_translation = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Mark as in translation"),
    )

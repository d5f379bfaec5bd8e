from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from localization.status import Status
from localization.tm.leverage import DEFAULT_LEVERAGE
from localization.xliff.document import DEFAULT_VERSION, VERSIONS
from localization.xliff.options import (
    DEFAULT_OPTIONS,
    LEVERAGE_CHOICES,
    PREFILL_CHOICES,
    UNITS_CHOICES,
    ExportOptions,
)

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


class ExportOptionsForm(forms.Form):
    """The unit options every export form offers (localization.xliff.options)."""

    prefill = forms.ChoiceField(
        choices=PREFILL_CHOICES,
        initial=DEFAULT_OPTIONS.prefill,
        required=False,
        label=_("Targets"),
        help_text=_(
            "What each unit's target holds. Choose the copy of the source for tools such as "
            "OmegaT that translate the target."
        ),
    )
    units = forms.ChoiceField(
        choices=UNITS_CHOICES,
        initial=DEFAULT_OPTIONS.units,
        required=False,
        label=_("Units"),
        help_text=_(
            "Only new and changed units leaves out everything that is translated and unchanged."
        ),
    )
    leverage = forms.ChoiceField(
        choices=LEVERAGE_CHOICES,
        initial=DEFAULT_LEVERAGE,
        required=False,
        label=_("Translation memory"),
        help_text=_(
            "Matches from the translation memory for units without a current translation: as "
            "proposals beside the unit, or also in the target, marked for review."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = ["prefill", "units", "leverage"]
        self.order_fields([name for name in self.fields if name not in options] + options)

    def export_options(self) -> ExportOptions:
        """The chosen options; a form posted without them (an older page) gets the defaults."""
        return ExportOptions(
            prefill=self.cleaned_data.get("prefill") or DEFAULT_OPTIONS.prefill,
            units=self.cleaned_data.get("units") or DEFAULT_OPTIONS.units,
        )

    def export_leverage(self) -> str:
        """The chosen leverage mode (localization.tm.leverage); the default when not posted."""
        return self.cleaned_data.get("leverage") or DEFAULT_LEVERAGE


#: The page selections of an export by status: those the translation report filters by, and
#: two of its own (see tracking.STATUS_SELECTIONS).
PAGE_SELECTIONS = [
    ("stale", _("Everything not up to date")),
    *Status.choices,
    ("all", _("All published pages")),
]


class CityExportForm(ExportOptionsForm):
    """Export by status, e.g. from the city's translation status report with its filters."""

    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)
    pages = forms.ChoiceField(label=_("Pages"), choices=PAGE_SELECTIONS)
    xliff_version = forms.ChoiceField(
        label=_("XLIFF version"), choices=VERSION_CHOICES, initial=DEFAULT_VERSION
    )
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


class ExportForm(ExportOptionsForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
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
    xliff_version = forms.ChoiceField(
        label=_("XLIFF version"), choices=VERSION_CHOICES, initial=DEFAULT_VERSION
    )
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

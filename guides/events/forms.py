"""Admin forms: an editor picks only among their own cities and those cities' locations."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from guides.events.opening_hours import WEEKDAY_CHOICES
from guides.tenancy import city_ids_for_user


class CityOwnedForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or "city" not in self.fields:
            return
        ids = city_ids_for_user(user)
        field = self.fields["city"]
        if ids is not None:
            field.queryset = field.queryset.filter(pk__in=ids)
        if not self.instance.pk and len(field.queryset) == 1:
            field.initial = field.queryset[0].pk
        for name in ("location", "organization"):
            if name in self.fields and ids is not None:
                field = self.fields[name]
                field.queryset = field.queryset.filter(city_id__in=ids)

    def clean(self):
        """Organizations and contact cards must belong to the object's own city."""
        cleaned = super().clean()
        city = cleaned.get("city")
        if city is None:
            return cleaned
        organization = cleaned.get("organization")
        if organization is not None and organization.city_id != city.pk:
            self.add_error("organization", _("Choose an organization of the same city."))
        contacts = cleaned.get("contacts")
        if contacts and any(
            block.value is not None and block.value.city_id != city.pk for block in contacts
        ):
            self.add_error("contacts", _("Choose contact cards of the same city."))
        return cleaned


class EventForm(CityOwnedForm):
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("weekdays"),
        help_text=gettext_lazy(
            "Weekly: the days it happens. Monthly with a week: the day in that week."
        ),
    )

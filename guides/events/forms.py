"""Admin forms: an editor picks only among their own cities and those cities' locations."""

from django import forms
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
        if "location" in self.fields and ids is not None:
            location = self.fields["location"]
            location.queryset = location.queryset.filter(city_id__in=ids)


class EventForm(CityOwnedForm):
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Weekly: the days it happens. Monthly with a week: the day in that week.",
    )

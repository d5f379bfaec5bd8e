"""Public event, location, feed and PDF URLs, inside i18n_patterns: /{lang}/{city}/events/…

These take the slugs `events`, `locations` and `pdf` directly under a city, so a guide page
with one of those slugs would be shadowed.
"""

from django.urls import include, path

from guides.events import views

app_name = "events"

urlpatterns = [
    path("<slug:city>/events/", views.event_list, name="list"),
    path("<slug:city>/events/feed.ics", views.ical_feed, name="ical"),
    path("<slug:city>/events/<int:pk>/", views.event_detail, name="detail"),
    path("<slug:city>/locations/", views.location_list, name="locations"),
    path("<slug:city>/locations/<int:pk>/", views.location_detail, name="location"),
    path("<slug:city>/pdf/", include("guides.pdf.urls")),
]

"""Events, locations (POIs) and PDFs for the Integreat API.

The API routes in guides.api.routes call these functions; the events/PDF work fills in
their bodies. Until then they report "nothing yet": empty lists and no PDF.
"""


def event_list(city, locale, request, *, combine_recurring: bool) -> list[dict]:
    """Integreat-shaped events of a city in one locale."""
    return []


def location_list(city, locale, request) -> list[dict]:
    """Integreat-shaped locations (POIs) of a city in one locale."""
    return []


def page_pdf(city, locale, pages, request):
    """An HttpResponse with a PDF of the pages, or None when PDFs are not available."""
    return None

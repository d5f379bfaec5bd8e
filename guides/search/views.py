"""The public search page: /{lang}/{city}/search/?q=…"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from guides.events.queries import city_roots
from guides.search.service import MAX_QUERY_LENGTH, clean_query, search_city


@require_GET
def search(request, city):
    """Without q, the form; with a bad q, the form with what to change (400)."""
    source, root = city_roots(city, request.LANGUAGE_CODE, request)
    raw = request.GET.get("q")
    context = {
        "page": root,
        "city": root,
        "query": (raw or "")[:MAX_QUERY_LENGTH].replace("\x00", ""),
        "results": None,
        "error": None,
    }
    status = 200
    if raw is not None and raw.strip():
        try:
            query = clean_query(raw)
        except ValidationError as error:
            context["error"] = error.messages[0]
            status = 400
        else:
            context["results"] = search_city(source, root, query, request)
    return render(request, "guides/search.html", context, status=status)

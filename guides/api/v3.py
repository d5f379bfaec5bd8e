"""/api/v3: the Integreat app's content API, and its legacy wp-json aliases.

Routes stay thin: guides.api.services builds the data, guides.api.http caches and answers.
"""

from django.utils import timezone
from ninja import NinjaAPI, Query

from guides.api import schemas, services
from guides.api.cache import REGIONS, city_scope
from guides.api.city_context import ApiError
from guides.api.http import cached_json, error_response

api = NinjaAPI(
    title="Cityguide app API",
    version="3",
    description=(
        "Integreat-compatible content API (same paths and shapes as integreat-cms /api/v3). "
        "Lists carry strong ETags and Last-Modified, answer If-None-Match / If-Modified-Since "
        "with 304, and are gzipped on request. `path` is the app path /{city}/{lang}/…/, "
        "`url` the absolute public URL /{lang}/{city}/…/. The /{city}/{lang}/wp-json/… and "
        "/wp-json/extensions/v3/sites/ paths are deprecated aliases."
    ),
    urls_namespace="integreat",
    openapi_url="api/v3/openapi.json",
    docs_url="api/v3/docs/",
)

CONTENT = "{city}/{lang}/wp-json/extensions/v3/"
ERRORS = {400: schemas.Error, 404: schemas.Error}


@api.exception_handler(ApiError)
def api_error(request, error):
    return error_response(error.status, error.message)


def route(paths, response, summary, *, errors=None):
    """Register one view under its /api/v3 path and its deprecated aliases."""

    def register(view):
        for index, path in enumerate(paths):
            if not path:
                continue  # a legacy-only view
            api.get(
                path,
                response={200: response, **(errors or {404: schemas.Error})},
                summary=summary,
                operation_id=f"{view.__name__}{'_legacy' * bool(index)}{index}",
                url_name=f"{view.__name__}{index}",
                deprecated=bool(index),
                tags=["legacy" if index else "integreat"],
            )(view)
        return view

    return register


def _key(request, name, *parts):
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
    return "|".join([name, *parts, query])


@route(
    ["api/v3/regions/", "wp-json/extensions/v3/sites/"],
    list[schemas.Region],
    "All live cities",
    errors={},
)
def regions(request):
    return cached_json(request, _key(request, "regions"), [REGIONS], services.regions)


@route(
    ["api/v3/regions/{city}/", "wp-json/extensions/v3/sites/{city}/"], schemas.Region, "One city"
)
def region(request, city: str):
    return cached_json(
        request, _key(request, "region", city), [city_scope(city)], lambda: services.region(city)
    )


@route(["api/v3/{city}/languages/"], list[schemas.Language], "The city's published languages")
def languages(request, city: str):
    return cached_json(
        request,
        _key(request, "languages", city),
        [city_scope(city)],
        lambda: services.languages(city),
    )


@route(["", CONTENT + "languages/"], list[schemas.Language], "The city's published languages")
def legacy_languages(request, city: str, lang: str):
    return languages(request, city)


@route(
    ["api/v3/{city}/{lang}/pages/", CONTENT + "pages/"],
    list[schemas.Page],
    "Every published page of the city in one language, flat",
)
def pages(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "pages", city, lang),
        [city_scope(city)],
        lambda: services.pages(city, lang),
    )


@route(
    ["api/v3/{city}/{lang}/children/", CONTENT + "children/"],
    list[schemas.Page],
    "A page and its descendants up to `depth` levels; without id/url the top-level pages",
    errors=ERRORS,
)
def children(
    request,
    city: str,
    lang: str,
    url: str | None = None,
    id: int | None = None,
    depth: int = Query(1, ge=0, le=100),
):
    return cached_json(
        request,
        _key(request, "children", city, lang),
        [city_scope(city)],
        lambda: services.children(city, lang, url=url, page_id=id, depth=depth),
    )


@route(
    ["api/v3/{city}/{lang}/parents/", CONTENT + "parents/"],
    list[schemas.Page],
    "The ancestors of a page, top-down, without the page and the city root",
    errors=ERRORS,
)
def parents(request, city: str, lang: str, url: str | None = None, id: int | None = None):
    return cached_json(
        request,
        _key(request, "parents", city, lang),
        [city_scope(city)],
        lambda: services.parents(city, lang, url=url, page_id=id),
    )


@route(
    ["api/v3/{city}/{lang}/page/", CONTENT + "page/", CONTENT + "post/"],
    schemas.Page,
    "One page by id or url",
    errors=ERRORS,
)
def page(request, city: str, lang: str, url: str | None = None, id: int | None = None):
    return cached_json(
        request,
        _key(request, "page", city, lang),
        [city_scope(city)],
        lambda: services.page(city, lang, url=url, page_id=id),
    )


@route(
    ["api/v3/{city}/{lang}/events/", CONTENT + "events/"],
    list[dict],
    "Events (Integreat event shape)",
)
def event_list(request, city: str, lang: str, combine_recurring: bool = False):
    # Which occurrences are upcoming changes with the date, so the day is part of the key.
    key = _key(request, "events", city, lang, timezone.localdate().isoformat())
    return cached_json(
        request,
        key,
        [city_scope(city)],
        lambda: services.event_list(city, lang, request, combine_recurring=combine_recurring),
    )


@route(
    ["api/v3/{city}/{lang}/locations/", CONTENT + "locations/"],
    list[dict],
    "Locations / POIs (Integreat location shape)",
)
def location_list(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "locations", city, lang),
        [city_scope(city)],
        lambda: services.location_list(city, lang, request),
    )


@route(
    ["api/v3/{city}/{lang}/news/", "api/v3/{city}/{lang}/fcm/", CONTENT + "fcm/"],
    list[schemas.NewsItem],
    "Local news (none yet: an empty list)",
)
def news(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "news", city, lang),
        [city_scope(city)],
        lambda: services.news(city, lang),
    )


@route(["api/v3/{city}/{lang}/news/{news_id}/"], schemas.NewsItem, "One news item")
def news_item(request, city: str, lang: str, news_id: str):
    return cached_json(
        request,
        _key(request, "news", city, lang, news_id),
        [city_scope(city)],
        lambda: services.news_item(city, lang, news_id),
    )


@route(
    [
        "api/v3/{city}/{lang}/imprint/",
        "api/v3/{city}/{lang}/disclaimer/",
        CONTENT + "imprint/",
        CONTENT + "disclaimer/",
    ],
    schemas.Imprint | list,
    "The city's imprint (an empty list when it has none, like Integreat)",
)
def imprint(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "imprint", city, lang),
        [city_scope(city)],
        lambda: services.imprint(city, lang),
    )


@route(
    ["api/v3/{city}/{lang}/pdf/", CONTENT + "pdf/", "{city}/{lang}/wp-json/ig-mpdf/v1/pdf/"],
    bytes,
    "PDF of a page and its descendants, or of the whole guide (404 until available)",
    errors=ERRORS,
)
def pdf(request, city: str, lang: str, url: str | None = None):
    return services.pdf(city, lang, request, url=url)

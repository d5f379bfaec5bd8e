"""/api/v3: the Integreat app's content API, and its legacy wp-json aliases.

Routes stay thin: guides.api.services builds the data, guides.api.http caches and answers.
"""

from urllib.parse import urlsplit

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query

from guides.api import fragments, schemas, services
from guides.api.bundles.serve import RETRY_AFTER, bundle_response
from guides.api.cache import REGIONS, TODAY, city_scope, counter, request_key
from guides.api.city_context import ApiError
from guides.api.http import VERSION_HEADER, cached_body, cached_json, error_response
from guides.feedback.api import register as register_feedback
from guides.search.service import MAX_QUERY_LENGTH

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
MAX_ID = 2**31 - 1  # page ids are 32-bit on PostgreSQL
MAX_NEWS_ID = 2**63 - 1  # news ids are 64-bit
MAX_VERSION = 2**63 - 1  # version counters are 64-bit
# Every path can answer 400 (a control character, refused by guides.api.middleware) and 404.
NOT_FOUND = {400: schemas.Error, 404: schemas.Error}
# … and routes with typed query parameters answer 422 when one does not fit its type.
ERRORS = {**NOT_FOUND, 422: schemas.ValidationErrors}
PDF_RESPONSE = {
    "description": "The PDF",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}
PDF_RENDERING_RESPONSE = {
    "description": "The PDF is being rendered on the worker: ask again after Retry-After seconds",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["rendering"]},
                    "retry_after": {"type": "integer"},
                },
                "required": ["status", "retry_after"],
            }
        },
        "text/html": {"schema": {"type": "string"}},
    },
}
PageId = Query(None, ge=1, le=MAX_ID, description="A page id")


@api.exception_handler(ApiError)
def api_error(request, error):
    return error_response(error.status, error.message)


VERSION_HEADERS = {
    VERSION_HEADER: {
        "description": "The city-language version of this answer: `since` for the next delta",
        "schema": {"type": "integer"},
    }
}


def route(paths, response, summary, *, errors=None, openapi_extra=None, current=1, versioned=False):
    """Register one view under its /api/v3 path(s) and its deprecated aliases.

    The first `current` paths are current (integreat-cms serves them too, e.g. disclaimer/ for
    imprint/); the rest are deprecated aliases.
    response None: the 200 answer is not JSON and openapi_extra documents it (the PDF).
    versioned: a city-language list, whose answer carries `Cityguide-Version`.
    """
    ok = {} if response is None else {200: response}
    if versioned:
        extra = dict(openapi_extra or {})
        extra["responses"] = {
            **extra.get("responses", {}),
            200: {"description": "OK", "headers": VERSION_HEADERS},
        }
        openapi_extra = extra

    def register(view):
        for index, path in enumerate(paths):
            if not path:
                continue  # a legacy-only view
            api.get(
                path,
                response={**ok, **(NOT_FOUND if errors is None else errors)},
                summary=summary,
                operation_id=f"{view.__name__}{'_legacy' * (index >= current)}{index}",
                url_name=f"{view.__name__}{index}",
                deprecated=index >= current,
                tags=["legacy" if index >= current else "integreat"],
                openapi_extra=openapi_extra,
            )(view)
        return view

    return register


def checked_url(url: str | None) -> str | None:
    """The url parameter, or a 400 when it cannot be parsed (an unclosed IPv6 bracket, …)."""
    if url is not None:
        try:
            urlsplit(url.strip())
        except ValueError:
            raise ApiError(400, _("The url parameter is not a valid URL or path.")) from None
    return url


def _key(request, name, *parts):
    return request_key(api, request, name, *parts)


@route(
    ["api/v3/regions/", "wp-json/extensions/v3/sites/"],
    list[schemas.Region],
    "All live cities",
    errors={400: schemas.Error},
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
    list[schemas.Page] | schemas.PagesDelta,
    "Every published page of the city in one language, flat; with `since`, what changed",
    errors=ERRORS,
    openapi_extra={
        "description": (
            "Without `since`: every visible page, in tree order (Integreat's list). With "
            "`since=<version>` (a `Cityguide-Version` this client got before): an object with "
            "the pages added or changed since that version and the ids of pages removed; "
            "applied to the list of that version it gives the current list. A `since` that "
            "is unknown (newer than the current version) or too old answers the full list."
        ),
    },
    versioned=True,
)
def pages(
    request,
    city: str,
    lang: str,
    since: int | None = Query(
        None, ge=0, le=MAX_VERSION, description="A Cityguide-Version: answer only what changed"
    ),
):
    return cached_body(
        request,
        _key(request, "pages", city, lang),
        [city_scope(city, lang)],
        lambda versions: fragments.pages_body(city, lang, counter(versions[1]), since),
        version_header=True,
    )


@route(
    ["api/v3/{city}/{lang}/children/", CONTENT + "children/"],
    list[schemas.Page],
    "A page and its descendants up to `depth` levels; without id/url the top-level pages",
    errors=ERRORS,
    versioned=True,
)
def children(
    request,
    city: str,
    lang: str,
    url: str | None = None,
    id: int | None = PageId,
    depth: int = Query(1, ge=0, le=100),
):
    url = checked_url(url)
    return cached_json(
        request,
        _key(request, "children", city, lang),
        [city_scope(city, lang)],
        lambda: services.children(city, lang, url=url, page_id=id, depth=depth),
        version_header=True,
    )


@route(
    ["api/v3/{city}/{lang}/parents/", CONTENT + "parents/"],
    list[schemas.Page],
    "The ancestors of a page, top-down, without the page and the city root",
    errors=ERRORS,
    versioned=True,
)
def parents(request, city: str, lang: str, url: str | None = None, id: int | None = PageId):
    url = checked_url(url)
    return cached_json(
        request,
        _key(request, "parents", city, lang),
        [city_scope(city, lang)],
        lambda: services.parents(city, lang, url=url, page_id=id),
        version_header=True,
    )


@route(
    [
        "api/v3/{city}/{lang}/page/",
        "api/v3/{city}/{lang}/post/",
        CONTENT + "page/",
        CONTENT + "post/",
    ],
    schemas.Page,
    "One page by id or url (post/ is integreat-cms's alias of page/)",
    errors=ERRORS,
    current=2,
)
def page(request, city: str, lang: str, url: str | None = None, id: int | None = PageId):
    url = checked_url(url)
    return cached_json(
        request,
        _key(request, "page", city, lang),
        [city_scope(city, lang)],
        lambda: services.page(city, lang, url=url, page_id=id),
    )


@route(
    ["api/v3/{city}/{lang}/events/", CONTENT + "events/"],
    list[schemas.Event],
    "Events (Integreat event shape); `path` is /{city}/{lang}/events/{slug}/, one occurrence "
    "of a recurring event /{city}/{lang}/events/{slug}${date}/",
    errors=ERRORS,
    versioned=True,
)
def event_list(request, city: str, lang: str, combine_recurring: bool = False):
    # Which occurrences are upcoming changes with the date: TODAY is part of the versions.
    key = _key(request, "events", city, lang)
    return cached_json(
        request,
        key,
        [city_scope(city, lang), TODAY],
        lambda: services.event_list(city, lang, request, combine_recurring=combine_recurring),
        version_header=True,
    )


@route(
    ["api/v3/{city}/{lang}/locations/", CONTENT + "locations/"],
    list[schemas.Location],
    "Locations / POIs (Integreat location shape); `path` is /{city}/{lang}/locations/{slug}/",
    versioned=True,
)
def location_list(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "locations", city, lang),
        [city_scope(city, lang)],
        lambda: services.location_list(city, lang, request),
        version_header=True,
    )


@route(
    ["api/v3/{city}/{lang}/location-categories/", CONTENT + "location-categories/"],
    list[schemas.LocationCategory],
    "The location categories (integer ids, icon and colour names, SVG icon URLs)",
    versioned=True,
)
def location_categories(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "location-categories", city, lang),
        [city_scope(city, lang)],
        lambda: services.location_categories(city, lang),
        version_header=True,
    )


NewsId = Query(None, ge=1, le=MAX_NEWS_ID, description="Only the news item with this id")
Channel = Query("all", max_length=40, description="integreat-cms's channel filter: `news` or `all`")


def _news(request, city, lang, channel, id):
    return cached_json(
        request,
        _key(request, "news", city, lang),
        # An item leaves the list after its last day: TODAY is part of the versions.
        [city_scope(city, lang), TODAY],
        lambda: services.news(city, lang, channel=channel, news_id=id),
        version_header=True,
    )


@route(
    ["api/v3/{city}/{lang}/news/", CONTENT + "fcm/"],
    list[schemas.NewsItem],
    "Current local news, newest first (integreat-cms's push-notification shape)",
    errors=ERRORS,
    versioned=True,
)
def news(request, city: str, lang: str, channel: str = Channel, id: int | None = NewsId):
    return _news(request, city, lang, channel, id)


@route(
    ["api/v3/{city}/{lang}/fcm/"],
    list[schemas.NewsItem],
    "Current local news, as the Integreat app asks for it (`?channel=news`, `?id=`)",
    errors=ERRORS,
    versioned=True,
)
def fcm(request, city: str, lang: str, channel: str = Channel, id: int | None = NewsId):
    return _news(request, city, lang, channel, id)


@route(["api/v3/{city}/{lang}/news/{news_id}/"], schemas.NewsItem, "One current news item")
def news_item(request, city: str, lang: str, news_id: str):
    return cached_json(
        request,
        _key(request, "news", city, lang, news_id),
        [city_scope(city, lang), TODAY],
        lambda: services.news_item(city, lang, news_id),
    )


@route(
    ["api/v3/{city}/{lang}/search/"],
    list[schemas.SearchResult],
    "Search the city's pages in one language; pages without a translation in it are found in "
    "the source language, marked `fallback`",
    errors=ERRORS,
)
def search(
    request,
    city: str,
    lang: str,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="Search words"),
):
    response = JsonResponse(
        services.search(city, lang, q), safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-cache"
    return response


# The app calls these without a trailing slash too: answer there at once, never with a 301.
for _path, _view in [
    ("api/v3/{city}/{lang}/news", news),
    ("api/v3/{city}/{lang}/fcm", fcm),
    ("api/v3/{city}/{lang}/news/{news_id}", news_item),
]:
    api.get(_path, include_in_schema=False, url_name=f"{_view.__name__}_no_slash")(_view)


@route(
    [
        "api/v3/{city}/{lang}/imprint/",
        "api/v3/{city}/{lang}/disclaimer/",
        CONTENT + "imprint/",
        CONTENT + "disclaimer/",
    ],
    schemas.Imprint | list,
    "The city's imprint (an empty list when it has none, like Integreat); disclaimer/ is "
    "integreat-cms's alias of imprint/",
    current=2,
)
def imprint(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "imprint", city, lang),
        [city_scope(city, lang)],
        lambda: services.imprint(city, lang),
    )


@route(
    ["api/v3/{city}/{lang}/pdf/", CONTENT + "pdf/", "{city}/{lang}/wp-json/ig-mpdf/v1/pdf/"],
    None,
    "PDF of a page and its descendants, or of the whole guide (404 until available)",
    errors=ERRORS,
    openapi_extra={"responses": {200: PDF_RESPONSE, 202: PDF_RENDERING_RESPONSE}},
)
def pdf(request, city: str, lang: str, url: str | None = None):
    return services.pdf(city, lang, request, url=checked_url(url))


@route(
    ["api/v3/{city}/offers/", "api/v3/{city}/extras/"],
    list[schemas.Offer],
    "Offers / extras of the city (Cityguide has none: an empty list)",
    current=2,
)
def offers(request, city: str):
    return cached_json(
        request,
        _key(request, "offers", city),
        [city_scope(city)],
        lambda: services.offers(city, None),
    )


@route(
    [
        "api/v3/{city}/{lang}/offers/",
        "api/v3/{city}/{lang}/extras/",
        CONTENT + "offers/",
        CONTENT + "extras/",
    ],
    list[schemas.Offer],
    "Offers / extras in one language (Cityguide has none: an empty list)",
    current=2,
)
def language_offers(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "offers", city, lang),
        [city_scope(city, lang)],
        lambda: services.offers(city, lang),
    )


@route(
    ["api/v3/{city}/{device_id}/is_chat_enabled/"],
    schemas.ChatStatus,
    "Whether the chat is enabled for a device (Cityguide has no chat: always false)",
)
def is_chat_enabled(request, city: str, device_id: str):
    return cached_json(
        request,
        _key(request, "is_chat_enabled", city),
        [city_scope(city)],
        lambda: services.chat_status(city),
    )


BUNDLE_DESCRIPTION = """One ZIP archive with everything a phone needs offline: `manifest.json`
(first; its JSON Schema is the 200 answer's `x-manifest-schema`), `pages.json`, `events.json`,
`locations.json`, `news.json` and `imprint.json` (byte for byte the answers of pages/,
events/, locations/, news/ and imprint/), and `images/<hash>.<ext>`, every image those files
show, at most 800 px wide or high. The JSON files keep the API's image URLs; the manifest's
`images` maps each URL to its file. JSON members are deflated, images stored.

With `since=<version>` (the manifest's `version` of a bundle this client holds): a delta,
`manifest.json` plus `pages-delta.json` (what pages/?since= answers: changed pages, removed
ids), the other JSON files that changed and the new images; `removed_files` lists the files
to delete. A `since` the server kept no build of (too old, or newer than the current version)
gets the full bundle: check the manifest's `kind`.

Bundles are built by the worker after a publish; until the first one is built this answers
503 with Retry-After."""

BUNDLE_BUILDING = {
    "description": "No bundle is built yet: it is queued, ask again after Retry-After seconds",
    "headers": {"Retry-After": {"schema": {"type": "integer", "example": RETRY_AFTER}}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["building"]},
                    "retry_after": {"type": "integer"},
                    "message": {"type": "string"},
                },
                "required": ["status", "retry_after", "message"],
            }
        }
    },
}
BUNDLE_ARCHIVE = {
    "description": "The archive (`Content-Disposition: attachment`); ETag is its content hash",
    "headers": VERSION_HEADERS,
    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    # The JSON Schema of the archive's manifest.json (OpenAPI has no way to describe a member).
    "x-manifest-schema": schemas.BundleManifest.model_json_schema(),
}


@route(
    ["api/v3/{city}/{lang}/bundle/"],
    None,
    "Offline bundle: the city-language's pages, events, locations, news, imprint and images",
    openapi_extra={
        "description": BUNDLE_DESCRIPTION,
        "responses": {
            200: BUNDLE_ARCHIVE,
            304: {"description": "Not modified (If-None-Match / If-Modified-Since)"},
            503: BUNDLE_BUILDING,
        },
    },
)
def bundle(
    request,
    city: str,
    lang: str,
    since: str | None = Query(
        None, description="The `version` of a bundle this client holds: answer a delta"
    ),
):
    return bundle_response(request, city, lang, parsed_version(since))


def parsed_version(value: str | None) -> int | None:
    """A `since` of the bundle, or a 400 when it is not a version number."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 19 and int(value) <= MAX_VERSION):
        raise ApiError(
            400,
            _("since must be a version number (0 to %(max)d), like a bundle's manifest version.")
            % {"max": MAX_VERSION},
        )
    return int(value)


register_feedback(api)  # POST …/feedback/{kind}/ (guides.feedback)

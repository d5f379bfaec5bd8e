"""The early path: a pre-built list, or a 304 of a cached API answer, before the rest of the
stack."""

from guides.api import cache, http, prebuilt
from guides.api.middleware import is_api_request


class ApiConditionalMiddleware:
    """Goes right after ApiCorsMiddleware: answers before sessions, auth, locale and Wagtail's
    site lookup.

    - A plain GET of a path with a pre-built answer (guides.api.prebuilt: a pages list, no
      query string) gets it from its files, 200 or 304: no database, no cache. It is what
      nginx serves from the same files (deploy/nginx/cityguide.conf).
    - Any other conditional GET of a cached answer gets its 304 from what a 304 needs: the
      versions of the answer's scopes (one query) and the answer's metadata in the cache,
      found by the request's path and query string as the view noted them when it built the
      answer (guides.api.cache.remember_path).

    Anything else, a miss or a changed answer, goes on to the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and is_api_request(request):
            if not request.META.get("QUERY_STRING"):
                answer = prebuilt.current(request.path_info)
                response = answer and http.prebuilt_response(request, answer)
                if response is not None:
                    return response
            if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
                response = self._not_modified(request)
                if response is not None:
                    return response
        return self.get_response(request)

    def _not_modified(self, request):
        named = cache.recall_path(request.path_info, request.META.get("QUERY_STRING", ""))
        if named is None:
            return None
        key, scopes, version_header = named
        versions = cache.current_versions(*scopes)
        meta = cache.peek_meta(http.entry_key(key, versions))
        if meta is None:
            return None
        modified = cache.version_time(versions)
        if not http.not_modified(request, meta["digest"], modified):
            return None
        version = cache.counter(versions[1]) if version_header else None
        return http.not_modified_response(request, meta["digest"], modified, version)

"""WeasyPrint's resource loader: media and static files from storage, never the network.

Printing must not depend on the public site being reachable from the server, and a page
must not make the server fetch arbitrary URLs (SSRF).
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse


class ResourceUnavailable(ValueError):
    pass


class LocalFilesFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlsplit(url).path)
        if path.startswith(settings.MEDIA_URL):
            data = self._media(path[len(settings.MEDIA_URL) :])
        elif path.startswith(settings.STATIC_URL):
            data = self._static(path[len(settings.STATIC_URL) :])
        else:
            raise ResourceUnavailable(f"Only media and static files are loaded, not {url!r}.")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, headers={"Content-Type": content_type})

    @staticmethod
    def _media(name):
        if ".." in name.split("/") or not default_storage.exists(name):
            raise ResourceUnavailable(f"No media file {name!r}.")
        with default_storage.open(name) as handle:
            return handle.read()

    @staticmethod
    def _static(name):
        found = finders.find(name)
        if not found:
            raise ResourceUnavailable(f"No static file {name!r}.")
        with open(found, "rb") as handle:
            return handle.read()

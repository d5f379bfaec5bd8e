"""Login throttling (django-axes): per account and per address, wired into Django's auth.

Every login form (Wagtail's admin login, Django's) authenticates with the request, and
`ThrottledLoginBackend` refuses a locked-out account or address before any password check.
A call without a request (the test client's `login`, a shell) is no HTTP login: nothing to
throttle, so it passes through to the next backend instead of raising.

Behind a reverse proxy every request comes from the proxy's address: `client_ip` then reads
the address the proxy appends to X-Forwarded-For, trusting as many hops as
`CITYGUIDE_TRUSTED_PROXY_COUNT` says (0, the default: the socket's address).
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    hops = getattr(settings, "CITYGUIDE_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if hops and len(addresses) >= hops:
        return addresses[-hops]
    return request.META.get("REMOTE_ADDR")

"""At most N feedback submissions per client address in a time window, counted in the cache.

A fixed window per address: the first request of a window creates its counter, each request
increments it, and the counter expires with the window. The shared cache (Redis) makes the
limit hold across app servers. The cache is an optimisation, never a point of failure: when
it cannot count, the request passes (and the failure is logged by the cache backend).

The address is the one login throttling trusts (`guides.login_throttle.client_ip`: the socket's,
or the reverse proxy's X-Forwarded-For entry when `CITYGUIDE_TRUSTED_PROXY_COUNT` says so).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

from guides.login_throttle import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

PREFIX = "cityguide:feedback:rate"
DEFAULT_LIMIT = (10, 600)  # submissions, seconds


def limit() -> tuple[int, int]:
    """(submissions, window in seconds), from CITYGUIDE_FEEDBACK_RATE_LIMIT."""
    count, seconds = getattr(settings, "CITYGUIDE_FEEDBACK_RATE_LIMIT", DEFAULT_LIMIT)
    return int(count), int(seconds)


def _key(address: str, window: int) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]  # no raw address in key names
    return f"{PREFIX}:{digest}:{window}"


def retry_after(request: HttpRequest) -> int | None:
    """Count this request; the seconds until the address may submit again, or None if it may
    now."""
    allowed, seconds = limit()
    now = time.time()
    window = int(now // seconds)
    key = _key(client_ip(request) or "unknown", window)
    try:
        cache.add(key, 0, timeout=seconds + 1)
        count = cache.incr(key)
    except ValueError:  # the counter is gone (evicted, or the cache refused to store it)
        return None
    except Exception:
        logger.warning("Feedback rate limit not counted: the cache failed", exc_info=True)
        return None
    if count is None or count <= allowed:
        return None
    return max(1, math.ceil((window + 1) * seconds - now))

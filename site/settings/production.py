"""Production reads its configuration from the environment only, and refuses to start unsafe.

Every variable it requires is listed in REQUIRED_ENV (the README's production section names the
same ones; tests/foundation/test_production_settings.py keeps the two in step).
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY

# name -> why production cannot run without it
REQUIRED_ENV = {
    "SECRET_KEY": "signs sessions, CSRF tokens and preview tokens",
    "DATABASE_URL": "the PostgreSQL database, e.g. postgres://user@host:5432/cityguide",
    "ALLOWED_HOSTS": "the host names the site answers, comma-separated",
    "REDIS_URL": (
        "the cache shared by every app server, e.g. redis://127.0.0.1:6379/0 (without it each "
        "worker keeps its own cache and serves stale answers after a publish)"
    ),
    "PUBLIC_URL": (
        "the public address, e.g. https://cityguide.example.org (URLs in the API, PDFs, QR "
        "codes and iCal feeds start with it)"
    ),
}


def _milliseconds(name, default):
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) == 0:
        raise ImproperlyConfigured(
            f"{name} must be a positive number of milliseconds, not {value!r}."
        )
    return int(value)


_missing = [name for name in REQUIRED_ENV if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: "
        + "; ".join(f"{name} ({REQUIRED_ENV[name]})" for name in _missing)
    )

DEBUG = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes"}
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production settings.")
if SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("Set a SECRET_KEY environment variable for production.")

_public = urlsplit(os.environ["PUBLIC_URL"].strip())
if _public.scheme not in {"http", "https"} or not _public.hostname:
    raise ImproperlyConfigured(
        f"PUBLIC_URL must be an http(s) address such as https://cityguide.example.org, "
        f"not {os.environ['PUBLIC_URL']!r}."
    )
CITYGUIDE_PUBLIC_URL = WAGTAILAPI_BASE_URL = os.environ["PUBLIC_URL"].strip().rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", CITYGUIDE_PUBLIC_URL)

ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# A connection kept between requests is checked before reuse, so the first request after a
# database restart gets a fresh connection instead of a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No statement waits longer than this: a long table lock answers 503 + Retry-After
    # (cityguide.db_timeouts) well before gunicorn's worker timeout kills the worker.
    _statement_ms = _milliseconds("DB_STATEMENT_TIMEOUT_MS", 20000)
    _lock_ms = _milliseconds("DB_LOCK_TIMEOUT_MS", 5000)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c statement_timeout={_statement_ms}"
        f" -c lock_timeout={_lock_ms}"
    ).strip()

# Background work (XLIFF batches, exports, search-index updates) is stored in the database and
# run by `manage.py db_worker`, not inside the request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# /media/ is served by nginx from MEDIA_ROOT (README, "Production"); SERVE_MEDIA=true lets
# Django serve it instead, for a single server without a proxy in front.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "").lower() in {"1", "true", "yes"}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path

import csp.constants as _csp
import dj_database_url
from django.utils.translation import gettext_lazy as _lazy

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

INSTALLED_APPS = [
    "home",
    "guides",
    "guides.api",
    "guides.events",
    "guides.news",
    "guides.feedback",
    "guides.contacts",
    "localization",
    "localization.xliff",
    "localization.tm",
    "localization.glossary",
    "localization.qa",
    "localization.mt",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail_headless_preview",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "django_tasks_db",  # the production task backend's tables (see production.py)
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "guides.api.middleware.ApiCorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before sessions, auth and the site lookup: a conditional API GET costs one query.
    "guides.api.conditional.ApiConditionalMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cityguide.middleware.CityguideLocaleMiddleware",
    "guides.api.middleware.KeepApiNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "guides.admin_guard.CityAdminGuardMiddleware",
    # Last, so its process_exception is asked first: a database timeout answers 503.
    "cityguide.db_timeouts.DatabaseTimeoutMiddleware",
]

ROOT_URLCONF = "cityguide.urls"
WSGI_APPLICATION = "cityguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite needs no set-up; DATABASE_URL (e.g. postgres://user@host:5432/name) switches engines.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An XLIFF import commits each file on its own: with a write-ahead log a commit is one
    # write, not the three fsyncs of SQLite's default rollback journal (2-3x slower imports).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is shared by every app server; the local-memory fallback is for one dev process only.
# The cache is an optimisation: an unreachable or failing Redis is a logged miss, and short
# socket timeouts keep a hung Redis from holding requests.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "guides.api.cache.FaultTolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cityguide"),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions read from the shared cache first and fall back to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German is the source language of every city guide; the rest are its translations.
LANGUAGE_CODE = "de"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
    ("fr", "Français"),
    ("ru", "Русский"),
]
# The admin's message catalogs live beside the code of each app (guides/locale, home/locale,
# localization/locale); this package's own is here (scripts/update_catalogs updates them all).
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Django serves /media/ itself only when asked (production.py reads SERVE_MEDIA; dev has DEBUG).
SERVE_MEDIA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Cityguide"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = True

# Headless front ends preview drafts at this address (with a signed token).
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {
        "default": os.environ.get("HEADLESS_PREVIEW_URL", "http://localhost:3000/preview")
    },
    "SERVE_BASE_URL": None,
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": True,
}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The task backend that builds offline bundles (guides.api.bundles) after a publish.
API_BUNDLE_TASK_BACKEND = "default"

# App API (guides/api). Public URLs in API answers start with this address; a CDN may serve the
# API from anywhere, so answers never depend on the request's Host.
CITYGUIDE_PUBLIC_URL = os.environ.get("PUBLIC_URL", WAGTAILADMIN_BASE_URL).rstrip("/")
# CDNs may keep an answer for a minute and serve it stale while revalidating with the ETag.
CITYGUIDE_API_CACHE_CONTROL = "public, max-age=60, s-maxage=60, stale-while-revalidate=600"
# Files built for the API, shared by every app server, the worker and nginx, and by one database
# only: pages lists (guides.api.prebuilt, in lists/), which nginx serves with try_files
# (deploy/nginx/cityguide.conf) and Django's early path without it, and offline bundles
# (guides.api.bundles, in bundles/). API_PREBUILT_ROOT="" turns the lists' files off (bundles
# then stay in var/prebuilt/: they have no other home).
API_PREBUILT_ROOT = os.environ.get("API_PREBUILT_ROOT", str(BASE_DIR / "var" / "prebuilt")) or None
# Headless preview tokens are signed (wagtail-headless-preview) and expire after this many seconds.
CITYGUIDE_PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", 24 * 3600))
WAGTAILAPI_BASE_URL = CITYGUIDE_PUBLIC_URL
WAGTAILAPI_LIMIT_MAX = 1000

# Push notifications of local news (guides/news, README "Push notifications"): Firebase Cloud
# Messaging's HTTP v1 API with a service account key, given as a file path or as JSON text.
# Without one, publishing news still works and the admin says "not configured".
CITYGUIDE_FCM_CREDENTIALS_FILE = os.environ.get("FCM_CREDENTIALS_FILE", "")
CITYGUIDE_FCM_CREDENTIALS_JSON = os.environ.get("FCM_CREDENTIALS_JSON", "")
CITYGUIDE_FCM_PROJECT_ID = os.environ.get("FCM_PROJECT_ID", "")  # else the key's project_id
CITYGUIDE_FCM_BASE_URL = os.environ.get("FCM_BASE_URL", "https://fcm.googleapis.com")
CITYGUIDE_FCM_MAX_ATTEMPTS = 4  # 429, 5xx and network errors are retried, with backoff
CITYGUIDE_FCM_BACKOFF_SECONDS = 2.0  # 2, 4, 8 s between attempts (or FCM's Retry-After)
CITYGUIDE_FCM_TIMEOUT_SECONDS = 10.0

# Machine translation (localization/mt, README "Machine translation"): the backends a city may
# choose per language in the admin. Keys and URLs come from the environment only, never from
# the database; production offers none until one is configured here.
CITYGUIDE_MT_BACKENDS = {}
if os.environ.get("DEEPL_AUTH_KEY"):
    CITYGUIDE_MT_BACKENDS["deepl"] = {
        "CLASS": "localization.mt.backends.DeepLTranslator",
        "OPTIONS": {
            "AUTH_KEY": os.environ["DEEPL_AUTH_KEY"],
            "SERVER_URL": os.environ.get("DEEPL_SERVER_URL", ""),  # default: from the key
            "MAX_RETRIES": int(os.environ.get("DEEPL_MAX_RETRIES", 5)),
            # The start of the names of our glossaries on the DeepL account.
            "GLOSSARY_PREFIX": os.environ.get("DEEPL_GLOSSARY_PREFIX", "cityguide"),
        },
    }
if os.environ.get("LIBRETRANSLATE_URL"):
    CITYGUIDE_MT_BACKENDS["libretranslate"] = {
        "CLASS": "localization.mt.backends.LibreTranslateTranslator",
        "OPTIONS": {
            "URL": os.environ["LIBRETRANSLATE_URL"],
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
            "MAX_ATTEMPTS": int(os.environ.get("LIBRETRANSLATE_MAX_ATTEMPTS", 3)),
        },
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# ---------------------------------------------------------------------------------------------
# Security: login throttling (django-axes) and the Content-Security-Policy (django-csp).

INSTALLED_APPS += ["axes", "csp"]
# First: the policy goes on every answer, also those that later middleware make or swap (the
# API's restored 404s, redirects, static files).
MIDDLEWARE.insert(0, "guides.content_security.CityguideCSPMiddleware")
# Axes answers a locked-out login; the database-timeout middleware stays last (innermost).
MIDDLEWARE.insert(
    MIDDLEWARE.index("cityguide.db_timeouts.DatabaseTimeoutMiddleware"),
    "axes.middleware.AxesMiddleware",
)

# Axes' backend first: it refuses a locked-out account or address before any password check.
AUTHENTICATION_BACKENDS = [
    "guides.login_throttle.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Ten failures lock the account (from anywhere) and, separately, the address (for any account)
# for an hour; a successful login resets the account's count.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 10))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "guides.login_throttle.client_ip"
# Feedback from the app (guides.feedback): at most this many submissions per client address in
# this many seconds; more are answered 429 with Retry-After.
CITYGUIDE_FEEDBACK_RATE_LIMIT = (
    int(os.environ.get("FEEDBACK_RATE_LIMIT", 10)),
    int(os.environ.get("FEEDBACK_RATE_WINDOW", 600)),
)
# Hops of reverse proxy (nginx: 1) whose X-Forwarded-For entry names the client.
CITYGUIDE_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
AXES_COOLOFF_MESSAGE = _lazy(
    "Too many failed logins for this account or from this address. "
    "Logging in is blocked for an hour; an administrator can unlock it sooner."
)

# Scripts, styles, fonts and connections only from our own origin; inline scripts only with the
# request's nonce ({{ request.csp_nonce }}); images also as data: and blob: URLs (uploads'
# previews). The admin gets two allowances on top (guides/content_security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_csp.SELF],
        "script-src": [_csp.SELF, _csp.NONCE],
        "style-src": [_csp.SELF],
        "img-src": [_csp.SELF, "data:", "blob:"],
        "font-src": [_csp.SELF, "data:"],
        "connect-src": [_csp.SELF],
        "frame-src": [_csp.SELF],
        "media-src": [_csp.SELF],
        "object-src": [_csp.NONE],
        "base-uri": [_csp.SELF],
        "form-action": [_csp.SELF],
        "frame-ancestors": [_csp.SELF],
    }
}
# Nothing in the admin may talk to other origins: no avatars from Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A machine translation backend that needs no key (it reverses the words): the flow can be
# tried, and tested, on a fresh machine.
CITYGUIDE_MT_BACKENDS = {
    **CITYGUIDE_MT_BACKENDS,  # noqa: F405
    "demo": {"CLASS": "localization.mt.backends.DemoTranslator"},
}

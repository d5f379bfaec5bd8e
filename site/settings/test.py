import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # A publish only queues its bundle build here: a test that wants a bundle builds it.
    "bundles": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
}
API_BUNDLE_TASK_BACKEND = "bundles"
if "API_PREBUILT_ROOT" not in os.environ:  # a benchmark names its own (or "": off)
    API_PREBUILT_ROOT = tempfile.mkdtemp(prefix="cityguide-test-prebuilt-")
    atexit.register(shutil.rmtree, API_PREBUILT_ROOT, ignore_errors=True)

# A machine translation backend that needs no key (it reverses the words): the flow can be
# tried, and tested, on a fresh machine.
CITYGUIDE_MT_BACKENDS = {
    **CITYGUIDE_MT_BACKENDS,  # noqa: F405
    "demo": {"CLASS": "localization.mt.backends.DemoTranslator"},
}

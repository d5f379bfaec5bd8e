from .base import *  # noqa: F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# A machine translation backend that needs no key (it reverses the words): the flow can be
# tried, and tested, on a fresh machine.
CITYGUIDE_MT_BACKENDS = {
    **CITYGUIDE_MT_BACKENDS,  # noqa: F405
    "demo": {"CLASS": "localization.mt.backends.DemoTranslator"},
}

"""The public site's own sentences (the home page's intro, the 404 page), through gettext.

Their msgids are English. A language without a catalog yet shows the English text, and
`reader_text` says so, so that the template marks it `lang="en"` for screen readers.
"""

from django.conf import settings
from django.utils.translation import get_language, gettext, gettext_noop

TEXTS = {
    "intro": gettext_noop("Everyday guides for newcomers, city by city, in their languages."),
    "not_found": gettext_noop("Page not found"),
    "not_found_help": gettext_noop(
        "This page does not exist (any more). Start again from the list of cities:"
    ),
}
MSGID_LANGUAGE = "en"


def reader_text(key: str) -> tuple[str, str]:
    """(text in the active language, the language it is really in)."""
    msgid = TEXTS[key]
    text = gettext(msgid)
    active = get_language() or settings.LANGUAGE_CODE
    if text == msgid and active.split("-")[0] != MSGID_LANGUAGE:
        return text, MSGID_LANGUAGE
    return text, active

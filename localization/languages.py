"""Facts about languages that templates, the API and XLIFF files need."""

from django.utils.translation import get_language_info


def text_direction(language_code: str) -> str:
    """ "rtl" for right-to-left scripts (Arabic, Persian…), else "ltr"."""
    return "rtl" if get_language_info(language_code)["bidi"] else "ltr"

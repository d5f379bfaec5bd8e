"""How many words a translator would have to read: the words in the translatable segments."""

import re

from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

_WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text):
    return len(_WORD.findall(strip_tags(text or "")))


def words_in_page(page):
    """Words in every string segment wagtail-localize would send for translation."""
    total = 0
    specific = page if type(page) is not Page else page.specific
    for segment in extract_segments(specific):
        if isinstance(segment, StringSegmentValue):
            total += count_words(segment.string.data)
    return total

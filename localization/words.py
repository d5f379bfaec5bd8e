r"""How many words a translator would have to read: the words in the translatable segments.

The one word-count rule of the project (status reports, XLIFF analysis): tags are removed, then
every run of word characters between Unicode word boundaries (`\w+`: letters, digits, marks
and connectors of any script) is one word, except that Chinese and Japanese characters (Han
ideographs, Hiragana, Katakana), which are written without spaces, count one word each.
Korean Hangul is written with spaces and counts by words.
"""

import re

from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+", re.UNICODE)


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

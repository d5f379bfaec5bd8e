"""Demo snippets (locations, events, news): publish, and translate through wagtail-localize.

Translations go through wagtail-localize (translate_object), so they appear in its status and
XLIFF flow like pages; the demo then fills in real translated text and publishes.
"""

from wagtail.models import Locale
from wagtail_localize.operations import translate_object


def publish_demo(obj):
    obj.save_revision().publish()


def translate_demo(source, languages, texts, pending):
    """Copies of source in each language through wagtail-localize, with the given texts."""
    locales = list(Locale.objects.filter(language_code__in=languages).exclude(pk=source.locale_id))
    translate_object(source, locales)
    source_code = source.locale.language_code

    def fill_in():
        for locale in locales:
            copy = source.get_translation_or_none(locale)
            if copy is None:
                continue
            code = locale.language_code
            for field, values in texts.items():
                setattr(copy, field, values.get(code, values[source_code]))
            copy.save()
            publish_demo(copy)

    pending.append(fill_in)

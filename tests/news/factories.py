"""Small builders for news (published, in the source locale)."""

import datetime as dt

from django.utils import timezone

from guides.news.models import NewsItem


def make_news(city, title="Neue Öffnungszeiten", *, publish=True, **fields):
    values = {
        "content": "<p>Das Bürgerbüro öffnet <b>ab Montag</b> um 8 Uhr.</p><p>Bitte Termin.</p>",
        "date": timezone.make_aware(dt.datetime(2026, 3, 2, 9, 30)),
    }
    values.update(fields)
    item = NewsItem(city=city, locale=city.locale, title=title, live=publish, **values)
    item.full_clean()
    item.save()
    if publish:
        item.save_revision().publish()
        item.refresh_from_db()
    return item


def translate_news(item, code, on_commit):
    """The item's copy in another of its city's languages, every segment translated ("[en] …"
    as in wagtail-localize's editor) and published."""
    from wagtail_localize.models import Translation, TranslationSource
    from wagtail_localize.operations import translate_object

    from tests.localization.conftest import loc, translate_strings

    with on_commit():
        translate_object(item, [loc(code)])
    source = TranslationSource.objects.get_for_instance(item)
    with on_commit():
        source.update_from_db()
        translate_strings(item, code)
        Translation.objects.get(source=source, target_locale=loc(code)).save_target(publish=True)
    return NewsItem.objects.get(translation_key=item.translation_key, locale__language_code=code)

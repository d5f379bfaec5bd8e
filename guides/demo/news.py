"""Demo local news: one item per city that has news texts in its data files.

The texts are in guides/demo/data/<city>/<language>.yaml under `news`; the date is here.
A language whose file has no news text gets no copy (never the German text). Idempotent:
an item is found again by its source-language title.
"""

import datetime as dt

from django.utils import timezone

from guides.demo.snippets import publish_demo, translate_demo
from guides.models import CityPage
from guides.news.models import NewsItem

DAYS_AGO = {"courses": 2}


def load_demo_news(cities, texts, pending):
    """cities: DemoCity objects; texts: their CityData by slug; pending: translation fill-ins
    run after commit."""
    for demo in cities:
        data = texts[demo.slug]
        if not data.news:
            continue
        city = CityPage.objects.filter(slug=demo.slug, locale__language_code="de").first()
        if city is None:
            continue
        source_code = city.locale.language_code
        for key, fields in data.news.items():
            title = fields["title"][source_code]
            if NewsItem.objects.filter(city=city, locale=city.locale, title=title).exists():
                continue
            day = timezone.localdate() - dt.timedelta(days=DAYS_AGO[key])
            item = NewsItem(
                city=city,
                locale=city.locale,
                date=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                **{name: values[source_code] for name, values in fields.items()},
            )
            item.full_clean()
            item.save()
            publish_demo(item)
            languages = [code for code in demo.languages if code in fields["title"]]
            translate_demo(item, languages, fields, pending)

"""Demo news: each demo city has a current news item in every language its files translate."""

from guides.demo.datafiles import read_demo_data
from guides.demo.events import load_demo_events
from guides.demo.loader import DemoCity
from guides.news.models import NewsItem


def test_demo_news_is_translated_published_and_turns_push_notifications_on(
    city_factory, on_commit, client
):
    city_factory("augsburg", "Augsburg", ("de", "en", "ar", "fa"))
    demo = DemoCity("augsburg", ["de", "en", "ar", "fa"], "Bayern", 48.37, 10.9)
    texts = [data for data in read_demo_data() if data.demo.slug == "augsburg"]
    with on_commit():
        load_demo_events([demo], texts=texts)
        load_demo_events([demo], texts=texts)  # idempotent

    source = NewsItem.objects.get(locale__language_code="de")
    assert source.title == "Neue Integrationskurse ab Januar" and source.live
    copies = NewsItem.objects.filter(translation_key=source.translation_key, live=True)
    languages = sorted(copies.values_list("locale__language_code", flat=True))
    assert languages == ["ar", "de", "en", "fa"]  # the city's languages, not every file's
    [persian] = client.get("/api/v3/augsburg/fa/news/").json()
    assert persian["title"] == "دوره‌های ادغام جدید از ژانویه"
    assert persian["message"].startswith("مرکز آموزش بزرگسالان")
    [region] = [r for r in client.get("/api/v3/regions/").json() if r["path"] == "/augsburg/"]
    assert region["push_notifications"] is True

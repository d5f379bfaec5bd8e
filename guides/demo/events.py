"""Demo events and locations for both demo cities, translated into each city's languages.

Translations go through wagtail-localize (translate_object), so they appear in its status and
XLIFF flow like pages; the demo then fills in real translated text and publishes.
"""

import datetime as dt

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from guides.events.models import Event, Location
from guides.models import CityPage

T = dict  # a text in several languages: T(de=..., en=..., ...)

CAFE_TITLE = T(
    de="Sprachcafé",
    en="Language café",
    ar="مقهى اللغة",
    fa="کافه زبان",
    uk="Мовне кафе",
    tr="Dil kafesi",
    fr="Café des langues",
    ru="Языковое кафе",
)
CAFE_TEASER = T(
    de="Jeden Dienstag Deutsch sprechen üben, bei Tee und Kaffee. Ohne Anmeldung, kostenlos.",
    en="Practise speaking German every Tuesday over tea and coffee. Free, no registration.",
    ar="تدرّب على التحدث بالألمانية كل يوم ثلاثاء مع الشاي والقهوة. مجانًا وبدون تسجيل.",
    fa="هر سه‌شنبه با چای و قهوه صحبت کردن به آلمانی را تمرین کنید. رایگان و بدون ثبت‌نام.",
    uk="Щовівторка практикуйте німецьку за чаєм і кавою. Безкоштовно, без реєстрації.",
    tr="Her salı çay ve kahve eşliğinde Almanca konuşma pratiği. Ücretsiz, kayıt gerekmez.",
    fr="Pratiquez l'allemand chaque mardi autour d'un thé ou d'un café. Gratuit, sans inscription.",
    ru="Каждый вторник практикуйте немецкий за чаем и кофе. Бесплатно, без записи.",
)
LIBRARY = T(
    de="Stadtbücherei",
    en="City library",
    ar="مكتبة المدينة",
    fa="کتابخانه شهر",
    uk="Міська бібліотека",
    tr="Şehir kütüphanesi",
    fr="Bibliothèque municipale",
    ru="Городская библиотека",
)
ADVICE = T(
    de="Migrationsberatung",
    en="Migration counselling",
    ar="استشارات الهجرة",
    fa="مشاوره مهاجرت",
    uk="Консультації для мігрантів",
    tr="Göç danışmanlığı",
    fr="Conseil en migration",
    ru="Консультации для мигрантов",
)
ADVICE_TEXT = T(
    de="<p>Beratung zu Aufenthalt, Sprachkursen, Arbeit und Wohnen.</p>",
    en="<p>Advice on residence, language courses, work and housing.</p>",
    ar="<p>استشارات حول الإقامة ودورات اللغة والعمل والسكن.</p>",
    fa="<p>مشاوره درباره اقامت، کلاس‌های زبان، کار و مسکن.</p>",
    uk="<p>Консультації щодо перебування, мовних курсів, роботи та житла.</p>",
    tr="<p>Oturum, dil kursları, iş ve konut konularında danışmanlık.</p>",
    fr="<p>Conseils sur le séjour, les cours de langue, le travail et le logement.</p>",
    ru="<p>Консультации по вопросам пребывания, языковых курсов, работы и жилья.</p>",
)
OFFICE_HOURS = T(
    de="Termine nach Vereinbarung",
    en="Appointments by arrangement",
    ar="المواعيد بالاتفاق",
    fa="وقت ملاقات با هماهنگی",
    uk="Прийом за домовленістю",
    tr="Randevu ile",
    fr="Rendez-vous sur demande",
    ru="Приём по договорённости",
)
JOB_TITLE = T(
    de="Jobbörse für Zugewanderte",
    en="Job fair for newcomers",
    ar="معرض الوظائف للقادمين الجدد",
    fa="نمایشگاه کار برای تازه‌واردان",
    uk="Ярмарок вакансій для новоприбулих",
    tr="Yeni gelenler için iş fuarı",
    fr="Salon de l'emploi pour les nouveaux arrivants",
    ru="Ярмарка вакансий для приезжих",
)
JOB_TEASER = T(
    de="Arbeitgeber aus der Region stellen Stellen und Ausbildungsplätze vor.",
    en="Employers from the region present jobs and apprenticeships.",
    ar="أصحاب العمل من المنطقة يعرضون الوظائف وفرص التدريب المهني.",
    fa="کارفرمایان منطقه مشاغل و دوره‌های کارآموزی را معرفی می‌کنند.",
    uk="Роботодавці регіону представляють вакансії та місця для навчання.",
    tr="Bölgedeki işverenler iş ve meslek eğitimi olanaklarını tanıtıyor.",
    fr="Des employeurs de la région présentent des emplois et des apprentissages.",
    ru="Работодатели региона представляют вакансии и места для обучения.",
)
PARENTS_TITLE = T(
    de="Elterntreff",
    en="Parents' meeting",
    ar="لقاء الأهالي",
    fa="دیدار والدین",
    uk="Зустріч для батьків",
    tr="Veli buluşması",
    fr="Rencontre des parents",
    ru="Встреча родителей",
)
PARENTS_TEASER = T(
    de="Jeden zweiten Donnerstag im Monat: Fragen zu Kita und Schule, mit Kinderbetreuung.",
    en="Every second Thursday of the month: questions about daycare and school, with childcare.",
    ar="كل يوم خميس ثانٍ من الشهر: أسئلة حول الحضانة والمدرسة، مع رعاية للأطفال.",
    fa="دومین پنجشنبه هر ماه: پرسش‌هایی درباره مهدکودک و مدرسه، همراه با نگهداری از کودکان.",
    uk="Щодругого четверга місяця: питання про садочок і школу, з доглядом за дітьми.",
    tr="Her ayın ikinci perşembesi: kreş ve okul hakkında sorular, çocuk bakımı ile.",
    fr="Chaque deuxième jeudi du mois : questions sur la crèche et l'école, avec garde d'enfants.",
    ru="Каждый второй четверг месяца: вопросы о детском саде и школе, с присмотром за детьми.",
)

CITY_PLACES = {
    "augsburg": {
        "library": dict(
            address="Ernst-Reuter-Platz 1",
            postcode="86150",
            town="Augsburg",
            latitude=48.3669,
            longitude=10.8936,
            category="language",
            website="https://www.stadtbuecherei.augsburg.de/",
            phone="+49 821 324-2756",
        ),
        "advice": dict(
            address="Wertachstraße 29",
            postcode="86153",
            town="Augsburg",
            latitude=48.3781,
            longitude=10.8888,
            category="counselling",
            email="beratung@example.org",
            phone="+49 821 000000",
        ),
    },
    "nuernberg": {
        "library": dict(
            address="Gewerbemuseumsplatz 4",
            postcode="90403",
            town="Nürnberg",
            latitude=49.4520,
            longitude=11.0845,
            category="language",
            website="https://www.nuernberg.de/internet/stadtbibliothek/",
            phone="+49 911 231-2790",
        ),
        "advice": dict(
            address="Allersberger Straße 185",
            postcode="90461",
            town="Nürnberg",
            latitude=49.4339,
            longitude=11.0860,
            category="counselling",
            email="beratung@example.org",
            phone="+49 911 000000",
        ),
    },
}
WEEKDAY_HOURS = [
    {
        "type": "slot",
        "value": {
            "days": ["0", "1", "2", "3", "4"],
            "opens": "09:00",
            "closes": "12:30",
            "appointment_only": False,
        },
    },
    {
        "type": "slot",
        "value": {
            "days": ["1", "3"],
            "opens": "14:00",
            "closes": "17:00",
            "appointment_only": True,
        },
    },
]


def _next_weekday(today, weekday):
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _publish(obj):
    obj.save_revision().publish()


def _translate(source, languages, texts, pending):
    """Copies of source in each language through wagtail-localize, with the given texts."""
    locales = list(Locale.objects.filter(language_code__in=languages).exclude(pk=source.locale_id))
    translate_object(source, locales)

    def fill_in():
        for locale in locales:
            copy = source.get_translation_or_none(locale)
            if copy is None:
                continue
            code = locale.language_code
            for field, values in texts.items():
                setattr(copy, field, values.get(code, values["de"]))
            copy.save()
            _publish(copy)

    pending.append(fill_in)


def _location(city, key, name, languages, pending, **texts):
    source = Location.objects.filter(city=city, locale=city.locale, name=name["de"]).first()
    if source is not None:
        return source
    source = Location(
        city=city,
        locale=city.locale,
        name=name["de"],
        opening_hours=WEEKDAY_HOURS if key == "advice" else [],
        **{f: v["de"] for f, v in texts.items()},
        **CITY_PLACES[city.slug][key],
    )
    source.full_clean()
    source.save()
    _publish(source)
    _translate(source, languages, {"name": name, **texts}, pending)
    return source


def _event(city, title, teaser, languages, pending, **fields):
    if Event.objects.filter(city=city, locale=city.locale, title=title["de"]).exists():
        return
    event = Event(city=city, locale=city.locale, title=title["de"], teaser=teaser["de"], **fields)
    event.full_clean()
    event.save()
    _publish(event)
    _translate(event, languages, {"title": title, "teaser": teaser}, pending)


def load_demo_events(cities=None):
    """Idempotent: existing demo events and locations (by German name) are kept."""
    from guides.demo.loader import DEMO_CITIES

    today = dt.date.today()
    pending = []
    for demo in cities or DEMO_CITIES:
        city = CityPage.objects.filter(slug=demo.slug, locale__language_code="de").first()
        if city is None:
            continue
        langs = (demo.languages, pending)
        library = _location(city, "library", LIBRARY, *langs)
        advice = _location(
            city, "advice", ADVICE, *langs, description=ADVICE_TEXT, opening_hours_note=OFFICE_HOURS
        )
        tuesday = _next_weekday(today, 1) - dt.timedelta(weeks=4)
        _event(
            city,
            CAFE_TITLE,
            CAFE_TEASER,
            *langs,
            start_date=tuesday,
            end_date=tuesday,
            start_time=dt.time(17, 30),
            end_time=dt.time(19),
            frequency="WEEKLY",
            weekdays=[1],
            location=library,
            organiser="Freiwilligen-Netzwerk",
        )
        fair = today + dt.timedelta(days=24)
        _event(
            city,
            JOB_TITLE,
            JOB_TEASER,
            *langs,
            start_date=fair,
            end_date=fair,
            start_time=dt.time(10),
            end_time=dt.time(15),
            location=advice,
            organiser="Agentur für Arbeit",
        )
        first = today.replace(day=1)
        _event(
            city,
            PARENTS_TITLE,
            PARENTS_TEASER,
            *langs,
            start_date=first,
            end_date=first,
            start_time=dt.time(15),
            end_time=dt.time(16, 30),
            frequency="MONTHLY",
            weekdays=[3],
            week_of_month=2,
            location=advice,
            organiser="Elternbeirat",
        )

    def fill_in_all():
        for fill_in in pending:
            fill_in()

    # wagtail-localize publishes (and re-syncs related locations) on commit, with the German
    # text; the real translations go in after all of that.
    transaction.on_commit(lambda: transaction.on_commit(fill_in_all))

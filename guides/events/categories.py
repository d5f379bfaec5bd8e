"""The fixed list of location categories, with their names in every language we offer.

A fixed list keeps the app's map legend stable across cities; the names live here, in one
place, because the API must answer in the requested language without a translation round trip.
"""

from dataclasses import dataclass

from django.db import models


class LocationCategory(models.TextChoices):
    COUNSELLING = "counselling", "Beratung"
    AUTHORITY = "authority", "Behörde"
    HEALTH = "health", "Gesundheit"
    LANGUAGE = "language", "Sprache und Bildung"
    WORK = "work", "Arbeit"
    CHILDREN = "children", "Kinder und Familie"
    LEISURE = "leisure", "Freizeit und Treffpunkte"
    SHOPPING = "shopping", "Einkaufen"
    OTHER = "other", "Sonstiges"


# How the app draws each category: a stable integer id (the app filters by it), the icon and
# colour names of integreat-cms's POI categories (its `poicategory` constants, which the app's
# map sprite knows), and `icon_color` = "<icon>_<colour>" as integreat-cms writes it.
# Never renumber an id: the app keeps the chosen filter across updates.
@dataclass(frozen=True)
class CategoryStyle:
    id: int
    icon: str
    color: str

    @property
    def icon_color(self) -> str:
        return f"{self.icon}_{self.color}"

    @property
    def icon_static_path(self) -> str:
        return f"guides/poi-category-icons/{self.icon}.svg"


CATEGORY_STYLE = {
    "counselling": CategoryStyle(1, "advice", "#2E98FB"),
    "authority": CategoryStyle(2, "office", "#3700D2"),
    "health": CategoryStyle(3, "health", "#FF3333"),
    "language": CategoryStyle(4, "education", "#FF7C32"),
    "work": CategoryStyle(5, "service", "#3F8F01"),
    "children": CategoryStyle(6, "house", "#C38E03"),
    "leisure": CategoryStyle(7, "leisure", "#A258FF"),
    "shopping": CategoryStyle(8, "shopping", "#1DC6C6"),
    "other": CategoryStyle(9, "other", "#585858"),
}

CATEGORY_NAMES = {
    "counselling": {
        "en": "Counselling",
        "ar": "استشارة",
        "fa": "مشاوره",
        "uk": "Консультації",
        "tr": "Danışmanlık",
        "fr": "Conseil",
        "ru": "Консультации",
    },
    "authority": {
        "en": "Public authority",
        "ar": "دائرة حكومية",
        "fa": "اداره دولتی",
        "uk": "Установа",
        "tr": "Resmi daire",
        "fr": "Administration",
        "ru": "Учреждение",
    },
    "health": {
        "en": "Health",
        "ar": "صحة",
        "fa": "سلامت",
        "uk": "Здоров'я",
        "tr": "Sağlık",
        "fr": "Santé",
        "ru": "Здоровье",
    },
    "language": {
        "en": "Language and education",
        "ar": "اللغة والتعليم",
        "fa": "زبان و آموزش",
        "uk": "Мова та освіта",
        "tr": "Dil ve eğitim",
        "fr": "Langue et formation",
        "ru": "Язык и образование",
    },
    "work": {
        "en": "Work",
        "ar": "عمل",
        "fa": "کار",
        "uk": "Робота",
        "tr": "İş",
        "fr": "Travail",
        "ru": "Работа",
    },
    "children": {
        "en": "Children and family",
        "ar": "الأطفال والأسرة",
        "fa": "کودک و خانواده",
        "uk": "Діти та сім'я",
        "tr": "Çocuk ve aile",
        "fr": "Enfants et famille",
        "ru": "Дети и семья",
    },
    "leisure": {
        "en": "Leisure and meeting places",
        "ar": "أوقات الفراغ وأماكن اللقاء",
        "fa": "اوقات فراغت و محل دیدار",
        "uk": "Дозвілля та зустрічі",
        "tr": "Boş zaman ve buluşma yerleri",
        "fr": "Loisirs et rencontres",
        "ru": "Досуг и встречи",
    },
    "shopping": {
        "en": "Shopping",
        "ar": "تسوق",
        "fa": "خرید",
        "uk": "Покупки",
        "tr": "Alışveriş",
        "fr": "Achats",
        "ru": "Покупки",
    },
    "other": {
        "en": "Other",
        "ar": "أخرى",
        "fa": "سایر",
        "uk": "Інше",
        "tr": "Diğer",
        "fr": "Autre",
        "ru": "Другое",
    },
}


def category_name(key, language_code):
    """The category's name in a language, German when no name is known."""
    if not key:
        return ""
    return CATEGORY_NAMES.get(key, {}).get(language_code) or LocationCategory(key).label

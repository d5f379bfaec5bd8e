"""The few fixed words of the public event pages, PDFs and feeds, in every language we offer.

A table instead of gettext catalogues: eight languages times a dozen words, checked in one
place, and no compile step in deployment. German is the fallback.
"""

LABELS = {
    "events": {"de": "Veranstaltungen", "en": "Events", "ar": "الفعاليات", "fa": "رویدادها",
               "uk": "Події", "tr": "Etkinlikler", "fr": "Événements", "ru": "События"},
    "no_events": {"de": "Zurzeit sind keine Veranstaltungen geplant.",
                  "en": "No events are planned at the moment.",
                  "ar": "لا توجد فعاليات مخطط لها حاليًا.",
                  "fa": "در حال حاضر رویدادی برنامه‌ریزی نشده است.",
                  "uk": "Наразі подій не заплановано.",
                  "tr": "Şu anda planlanmış etkinlik yok.",
                  "fr": "Aucun événement n'est prévu pour le moment.",
                  "ru": "Сейчас мероприятий не запланировано."},
    "next_dates": {"de": "Nächste Termine", "en": "Next dates", "ar": "المواعيد القادمة",
                   "fa": "تاریخ‌های بعدی", "uk": "Наступні дати", "tr": "Sonraki tarihler",
                   "fr": "Prochaines dates", "ru": "Ближайшие даты"},
    "location": {"de": "Ort", "en": "Location", "ar": "المكان", "fa": "مکان", "uk": "Місце",
                 "tr": "Yer", "fr": "Lieu", "ru": "Место"},
    "organiser": {"de": "Veranstalter", "en": "Organiser", "ar": "المنظم", "fa": "برگزارکننده",
                  "uk": "Організатор", "tr": "Düzenleyen", "fr": "Organisateur",
                  "ru": "Организатор"},
    "all_day": {"de": "ganztägig", "en": "all day", "ar": "طوال اليوم", "fa": "تمام روز",
                "uk": "весь день", "tr": "tüm gün", "fr": "toute la journée",
                "ru": "весь день"},
    "calendar": {"de": "Kalender abonnieren (iCal)", "en": "Subscribe to the calendar (iCal)",
                 "ar": "الاشتراك في التقويم (iCal)", "fa": "اشتراک در تقویم (iCal)",
                 "uk": "Підписатися на календар (iCal)", "tr": "Takvime abone ol (iCal)",
                 "fr": "S'abonner au calendrier (iCal)", "ru": "Подписаться на календарь (iCal)"},
    "repeats": {"de": "Wiederholt sich", "en": "Repeats", "ar": "يتكرر", "fa": "تکرار",
                "uk": "Повторюється", "tr": "Tekrarlanır", "fr": "Se répète",
                "ru": "Повторяется"},
    "DAILY": {"de": "täglich", "en": "daily", "ar": "يوميًا", "fa": "روزانه", "uk": "щодня",
              "tr": "her gün", "fr": "tous les jours", "ru": "ежедневно"},
    "WEEKLY": {"de": "wöchentlich", "en": "weekly", "ar": "أسبوعيًا", "fa": "هفتگی",
               "uk": "щотижня", "tr": "her hafta", "fr": "chaque semaine",
               "ru": "еженедельно"},
    "MONTHLY": {"de": "monatlich", "en": "monthly", "ar": "شهريًا", "fa": "ماهانه",
                "uk": "щомісяця", "tr": "her ay", "fr": "chaque mois", "ru": "ежемесячно"},
    "YEARLY": {"de": "jährlich", "en": "yearly", "ar": "سنويًا", "fa": "سالانه",
               "uk": "щороку", "tr": "her yıl", "fr": "chaque année", "ru": "ежегодно"},
    "opening_hours": {"de": "Öffnungszeiten", "en": "Opening hours", "ar": "أوقات العمل",
                      "fa": "ساعات کاری", "uk": "Години роботи", "tr": "Açılış saatleri",
                      "fr": "Horaires d'ouverture", "ru": "Часы работы"},
    "closed": {"de": "vorübergehend geschlossen", "en": "temporarily closed",
               "ar": "مغلق مؤقتًا", "fa": "موقتاً بسته", "uk": "тимчасово зачинено",
               "tr": "geçici olarak kapalı", "fr": "temporairement fermé",
               "ru": "временно закрыто"},
    "by_appointment": {"de": "nur mit Termin", "en": "by appointment only",
                       "ar": "بموعد مسبق فقط", "fa": "فقط با وقت قبلی",
                       "uk": "лише за записом", "tr": "yalnızca randevuyla",
                       "fr": "sur rendez-vous uniquement", "ru": "только по записи"},
    "print": {"de": "Drucken / PDF", "en": "Print / PDF", "ar": "طباعة / PDF",
              "fa": "چاپ / PDF", "uk": "Друк / PDF", "tr": "Yazdır / PDF",
              "fr": "Imprimer / PDF", "ru": "Печать / PDF"},
    "online": {"de": "Online lesen", "en": "Read online", "ar": "اقرأ على الإنترنت",
               "fa": "آنلاین بخوانید", "uk": "Читати онлайн", "tr": "Çevrimiçi oku",
               "fr": "Lire en ligne", "ru": "Читать онлайн"},
    "as_of": {"de": "Stand", "en": "As of", "ar": "بتاريخ", "fa": "تاریخ", "uk": "Станом на",
              "tr": "Tarih", "fr": "État au", "ru": "По состоянию на"},
}


def label(key, language_code):
    words = LABELS[key]
    return words.get(language_code) or words["de"]


def labels_for(language_code):
    """Every label in one language, for templates: {{ labels.next_dates }}."""
    return {key: label(key, language_code) for key in LABELS}

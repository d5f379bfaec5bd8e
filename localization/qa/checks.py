"""Translation QA checks: the one place that compares a segment's translation with its source.

Each check reads the plain text of both (inline tags dropped, entities decoded, bidi control
marks removed, Arabic-Indic ٠-٩ and Persian ۰-۹ digits read as 0-9) and yields the facts of the
source that the translation lost. Facts are taken out of the text in this order, each masked
before the next looks: URLs, e-mail addresses, dates, phone numbers (the rule of
`guides.phone_links`, through `localization.registry`), then the remaining numbers, so that
one fact gives one finding.

Which checks block publishing (`BLOCKING`) and which only warn (`WARNING`):

- blocking: a number, phone number (missing, or its digits in another order, as right-to-left
  text mangled by a tool leaves it), e-mail address, URL or date of the source missing from the
  translation; inline codes that do not match; an empty translation; a "do not translate"
  glossary term that is missing or changed. Each is a fact a reader acts on.
- warning: leftover source text (a run of `LEFTOVER_RUN` source words in a segment of at least
  `LONG_SEGMENT_WORDS` words). Names, addresses and quotes are left in the source language on
  purpose often enough that blocking would be wrong.

How numbers compare: a number's digits with its group and decimal separators removed
("1.500,50", "1,500.50" and "1 500,50" with a no-break space are all 150050; "8.30" and "8:30"
are 830), leading zeros dropped. A plain space is no group separator (it separates numbers). A
date ("12.03.2024", "2024-03-12", "12/03/2024", "12.03.") is present when the translation has the
same date in any of these shapes, or its day and year as numbers ("12 March 2024").
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from localization.registry import phone_numbers_in_text
from localization.xliff.codes import parse_segment_html

BLOCKING = "blocking"
WARNING = "warning"
SEVERITIES = (BLOCKING, WARNING)

LONG_SEGMENT_WORDS = 8
LEFTOVER_RUN = 5

#: code -> (severity, message naming the fact)
CHECKS = {
    "empty": (BLOCKING, _("the translation is empty")),
    "codes": (BLOCKING, _("the inline codes do not match the source: %(fact)s")),
    "url": (BLOCKING, _("the URL %(fact)s is missing")),
    "email": (BLOCKING, _("the e-mail address %(fact)s is missing")),
    "date": (BLOCKING, _("the date %(fact)s is missing")),
    "phone": (BLOCKING, _("the phone number %(fact)s is missing")),
    "phone_order": (
        BLOCKING,
        _("the phone number %(fact)s has its digits in another order than in the source"),
    ),
    "number": (BLOCKING, _("the number %(fact)s is missing")),
    "do_not_translate": (
        BLOCKING,
        _("the term %(fact)s must stay untranslated, but it is missing or changed"),
    ),
    "leftover_source": (WARNING, _("source text is left untranslated: %(fact)s")),
}


@dataclass(frozen=True)
class Finding:
    """One fact of the source that a translation lost."""

    code: str
    fact: str = ""

    @property
    def severity(self):
        return CHECKS[self.code][0]

    @property
    def blocking(self):
        return self.severity == BLOCKING

    @property
    def message(self):
        return message_for(self.code, self.fact)


def message_for(code, fact):
    """The message of a finding, in the active language."""
    return str(CHECKS[code][1]) % {"fact": fact}


_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"), None)
_BIDI_MARKS.update(dict.fromkeys(range(0x2066, 0x206A), None))

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»“”]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATES = (
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.]\d)"), ("d", "m", "y")),
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?!\d)"), ("d", "m")),
    (re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])"), ("y", "m", "d")),
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])"), ("d", "m", "y")),
)
# Digits with group or decimal separators between them (a plain space separates numbers).
_NUMBER = re.compile(r"\d(?:[\d]|[.,:'\u00a0\u202f\u2009\u066b\u066c](?=\d))*")
_WORD = re.compile(r"[^\W\d_]{2,}")
_TRAILING = ".,;:!?)]}»”’'"


_NEEDS_TRANSLATE = re.compile(
    "[\u0660-\u0669\u06f0-\u06f9\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
_DIGIT = re.compile(r"\d")


def plain_text(segment):
    """A segment's text as a reader sees it, digits in ASCII, without bidi control marks."""
    text = segment.plain_text()
    if _NEEDS_TRANSLATE.search(text):  # most texts have neither: str.translate is slow
        text = text.translate(_BIDI_MARKS).translate(_TO_ASCII)
    return text


def _has_facts(check, source):
    """Whether the source can hold what `check` looks for (cheap tests first)."""
    if check is _check_urls:
        return "://" in source or "www." in source.lower()
    if check is _check_emails:
        return "@" in source
    return _DIGIT.search(source) is not None


def check_segment(source_html, target_html, *, source_language, target_language, terms=()):
    """The findings of a translated segment against its source, in a stable order.

    `terms`: glossary terms (each with `.source` and `.do_not_translate`); only the terms
    marked "do not translate" are checked."""
    source_segment = parse_segment_html(source_html or "")
    target_segment = parse_segment_html(target_html or "")
    source, target = plain_text(source_segment), plain_text(target_segment)
    if not source.strip():
        return []
    if not target.strip():
        return [Finding("empty")]
    findings = list(_check_codes(source_segment, target_segment))
    protected = [t.source for t in terms if t.do_not_translate and (t.source or "").strip()]
    findings += _check_terms(source, target, protected)
    source_rest, target_rest = source, target
    for check in (_check_urls, _check_emails, _check_dates, _check_phones, _check_numbers):
        if _has_facts(check, source_rest):
            found, source_rest, target_rest = check(source_rest, target_rest)
            findings += found
    findings += _check_leftover(source_rest, target_rest, protected)
    return findings


def _mask(text, spans):
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _check_codes(source_segment, target_segment):
    """Inline codes as codes.py maps them (b1, a1 for a link with id a1, br1…)."""
    source = Counter(code.id for code in source_segment.iter_codes())
    target = Counter(code.id for code in target_segment.iter_codes())
    dropped, added = sorted((source - target).elements()), sorted((target - source).elements())
    if dropped or added:
        parts = [f"-{code}" for code in dropped] + [f"+{code}" for code in added]
        yield Finding("codes", " ".join(parts))


def _term_pattern(term):
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")


def _check_terms(source, target, terms):
    for term in terms:
        pattern = _term_pattern(term)
        if pattern.search(source) and not pattern.search(target):
            yield Finding("do_not_translate", f"“{term}”")


def _url_key(url):
    """(as written, what must match): scheme and a trailing slash aside, host in any case."""
    url = url.rstrip(_TRAILING)
    host, _slash, path = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).partition("/")
    return url, f"{host.lower()}/{path}".rstrip("/")


def _check_urls(source, target):
    return _check_matches(_URL, "url", source, target, _url_key)


def _check_emails(source, target):
    return _check_matches(
        _EMAIL,
        "email",
        source,
        target,
        lambda m: (m.rstrip(_TRAILING), m.rstrip(_TRAILING).lower()),
    )


def _check_matches(pattern, code, source, target, key):
    source_matches = list(pattern.finditer(source))
    target_matches = list(pattern.finditer(target))
    present = {key(m.group(0))[1] for m in target_matches}
    found = []
    for match in source_matches:
        written, wanted = key(match.group(0))
        if wanted not in present:
            found.append(Finding(code, written))
    return (
        _unique(found),
        _mask(source, [m.span() for m in source_matches]),
        _mask(target, [m.span() for m in target_matches]),
    )


def _dates(text):
    """[(span, as written, (day, month, year or None))] of the dates in a text."""
    dates, taken = [], []
    for pattern, order in _DATES:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            year = parts.get("y")
            if year is not None and year < 100:
                year += 2000
            if not (1 <= parts["d"] <= 31 and 1 <= parts["m"] <= 12):
                continue
            taken.append(match.span())
            dates.append((match.span(), match.group(0), (parts["d"], parts["m"], year)))
    return dates


def _check_dates(source, target):
    source_dates, target_dates = _dates(source), _dates(target)
    present = {value for _span, _written, value in target_dates}
    # A US reading of a slashed date (month first) counts as the same date.
    present |= {(m, d, y) for _s, written, (d, m, y) in target_dates if "/" in written}
    target_rest = _mask(target, [span for span, _w, _v in target_dates])
    target_numbers = set(_numbers(target_rest))
    found = []
    for _span, written, (day, month, year) in source_dates:
        if (day, month, year) in present:
            continue
        spelled = str(day) in target_numbers and (year is None or str(year) in target_numbers)
        if not spelled:
            found.append(Finding("date", written))
    return (
        _unique(found),
        _mask(source, [span for span, _w, _v in source_dates]),
        target_rest,
    )


def _check_phones(source, target):
    source_phones = phone_numbers_in_text(source)
    target_phones = phone_numbers_in_text(target)
    present = {href for _number, href in target_phones}
    target_groups = Counter(re.findall(r"\d+", target))
    found = []
    for number, href in source_phones:
        if href in present:
            continue
        groups = Counter(re.findall(r"\d+", number))
        code = "phone_order" if not groups - target_groups and len(groups) > 1 else "phone"
        found.append(Finding(code, number))
    return (
        _unique(found),
        _mask_all(source, [number for number, _href in source_phones]),
        _mask_all(target, [number for number, _href in target_phones]),
    )


def _mask_all(text, written):
    for number in written:
        text = text.replace(number, " ", 1)
    return text


def _number_key(written):
    return re.sub(r"\D", "", written).lstrip("0") or "0"


def _numbers(text):
    return [_number_key(match.group(0)) for match in _NUMBER.finditer(text)]


def _check_numbers(source, target):
    present = set(_numbers(target))
    found = [
        Finding("number", match.group(0))
        for match in _NUMBER.finditer(source)
        if _number_key(match.group(0)) not in present
    ]
    return _unique(found), source, target


def _check_leftover(source, target, terms):
    for term in terms:
        source, target = _term_pattern(term).sub(" ", source), _term_pattern(term).sub(" ", target)
    source_words = _WORD.findall(source)
    if len(source_words) < LONG_SEGMENT_WORDS:
        return []
    target_words = [word.casefold() for word in _WORD.findall(target)]
    runs = {
        tuple(target_words[i : i + LEFTOVER_RUN])
        for i in range(len(target_words) - LEFTOVER_RUN + 1)
    }
    for i in range(len(source_words) - LEFTOVER_RUN + 1):
        run = source_words[i : i + LEFTOVER_RUN]
        if tuple(word.casefold() for word in run) in runs:
            return [Finding("leftover_source", "“" + " ".join(run) + "…”")]
    return []


def _unique(findings):
    return list(dict.fromkeys(findings))

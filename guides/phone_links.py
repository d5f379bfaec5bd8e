"""Phone numbers in rendered rich text become `tel:` links, in every script.

The rule, in one place:

- A number is a run of digits (ASCII 0-9, Arabic-Indic ٠-٩ or Persian ۰-۹) with single
  spaces, hyphens, one slash or parentheses between its groups, e.g. "0821 324-0",
  "+49 (821) 324 0", "٠٨٢١ ٣٢٤٠".
- It is a phone number when it starts with "+" or "0" and has 6 to 15 digits (E.164 allows
  at most 15), or when it is one of the short public numbers every phone in Germany can call:
  110, 112, 115 and the European 116 xxx numbers (116 117, 116 006…).
- Dates ("01/02/2024", "05-01-2024"), years, postcodes ("86150", "01067") and times are no
  phone numbers: they do not start with + or 0, have fewer than 6 digits, have two slashes or
  the shape of a date.

The href has ASCII digits and a leading "+" only; the link text stays as written, marked
`dir="ltr"` so that a number keeps its order inside right-to-left text. Text already inside
a link (or a script, a style) is left alone.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString
from django.utils.html import escape

DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# A candidate: digit groups joined by one separator (" ", "-", "/", " - ") with an optional
# leading "+" and parentheses around a group, not glued to a word, a time or a dotted date.
_CANDIDATE = re.compile(
    rf"(?<![\w+/.:-])"
    rf"(\+?\(?[{DIGITS}]+\)?(?:(?: - | ?[-/] ?| )\(?[{DIGITS}]+\)?)*)"
    rf"(?![\w/:-])(?!\.[{DIGITS}])"
)
_DATE = re.compile(r"^\d{1,4}[-/ ]\d{1,2}[-/ ]\d{1,4}$")
SHORT_NUMBERS = re.compile(r"^(?:110|112|115|116\d{3})$")
MIN_DIGITS, MAX_DIGITS = 6, 15
_SKIP_PARENTS = {"a", "script", "style", "code", "pre", "time"}


def tel_href(text: str, *, marked: bool = False) -> str | None:
    """The `tel:` URL of a phone number as written, or None if the text is none by the rule.

    marked: the text is known to be a phone number (a phone field): any 3 or more digits
    are dialled, whatever else it says ("0821 324-0 (Zentrale)")."""
    text = text.strip().translate(_TO_ASCII)
    digits = re.sub(r"\D", "", text)
    if marked:
        if len(digits) < 3:
            return None
        return f"tel:+{digits}" if text.startswith("+") else f"tel:{digits}"
    if not digits or re.search(r"[^\d+\s()/-]", text) or text.count("/") > 1:
        return None
    if SHORT_NUMBERS.match(digits) and text.replace(" ", "") == digits:
        return f"tel:{digits}"
    plus = text.startswith("+")
    if not (plus or text.lstrip("(").startswith("0")):
        return None
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or _DATE.match(text):
        return None
    return f"tel:+{digits}" if plus else f"tel:{digits}"


def phone_numbers_in_text(text: str) -> list[tuple[str, str]]:
    """[(the number as written, its `tel:` URL)] of the phone numbers in a plain text, in
    order (the translation QA checks compare a translation's numbers with its source's)."""
    found = []
    for match in _CANDIDATE.finditer(text):
        number = match.group(1).strip()
        href = tel_href(number)
        if href is not None:
            found.append((number, href))
    return found


def link_phone_numbers_in_text(text: str) -> str | None:
    """HTML for a plain text with its phone numbers linked, or None when it has none."""
    pieces, last, found = [], 0, False
    for match in _CANDIDATE.finditer(text):
        number = match.group(1).strip()
        href = tel_href(number)
        if href is None:
            continue
        start = match.start(1)
        pieces.append(escape(text[last:start]))
        pieces.append(f'<a href="{href}" dir="ltr">{escape(number)}</a>')
        last = start + len(number)
        found = True
    if not found:
        return None
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def link_phone_numbers(html: str) -> str:
    """Rich-text HTML with the phone numbers in its text (outside links) as `tel:` links."""
    if not html or not re.search(rf"[{DIGITS}]{{3}}", html):
        return html  # most rich text has no number: no parsing
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for node in list(soup.find_all(string=True)):
        if type(node) is not NavigableString:
            continue  # comments, CDATA, a doctype
        if any(parent.name in _SKIP_PARENTS for parent in node.parents):
            continue
        linked = link_phone_numbers_in_text(str(node))
        if linked is not None:
            node.replace_with(BeautifulSoup(linked, "html.parser"))
            changed = True
    return str(soup) if changed else html

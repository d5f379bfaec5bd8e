"""Export-side leverage: the translation memory's matches for the units of a batch of XLIFF
files that have no current translation, as proposals (`alt`) or also pre-filled into the
target for review (`prefill`). One lookup per city and language pair, whatever the size."""

from __future__ import annotations

from collections import defaultdict

from localization.registry import city_model
from localization.scope import source_locale_id
from localization.tm.lookup import find_matches
from localization.xliff.codes import parse_segment_html
from localization.xliff.document import LEVERAGED_EXACT, LEVERAGED_FUZZY

NONE, ALT, PREFILL = "none", "alt", "prefill"
LEVERAGE_MODES = (NONE, ALT, PREFILL)
DEFAULT_LEVERAGE = ALT


def apply_leverage(files, mode: str = DEFAULT_LEVERAGE) -> None:
    """Attach matches to the units of [(object, locale, XliffFile)] in place."""
    if mode == NONE or not files:
        return
    groups = defaultdict(list)
    for obj, _locale, xfile in files:
        meta = xfile.meta
        for unit in xfile.units:
            if unit.target is None:
                groups[(meta.city, meta.source_language, meta.target_language)].append(
                    (unit, unit.source.to_html(), obj.translation_key)
                )
    if not groups:
        return
    cities = {
        city.slug: city
        for city in city_model().objects.filter(
            locale_id=source_locale_id(), slug__in={key[0] for key in groups}
        )
    }
    for (slug, source_language, target_language), units in groups.items():
        found = find_matches(
            [(html, key) for _unit, html, key in units],
            city=cities[slug],
            source_language=source_language,
            target_language=target_language,
        )
        for unit, html, key in units:
            unit.matches = found.get((html, key), [])
            if mode == PREFILL and unit.matches:
                best = unit.matches[0]
                unit.target = parse_segment_html(best.target_text)
                unit.state = LEVERAGED_EXACT if best.exact else LEVERAGED_FUZZY

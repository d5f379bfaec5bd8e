"""The analysis of an export, as an agency quotes it: segments and words by match category.

Each unit falls in one category, decided in the files' order:
- **100 % same page**: the page already has a translation of this text (a current one, or an
  exact match from the memory of this same page);
- **repetitions**: the same source text came earlier in the export (same target language);
- **exact (TM)**: an exact match from another page of the city or of a sharing city;
- **fuzzy 95–99 %, 85–94 %, 75–84 %**: the best fuzzy match's similarity;
- **new**: no match.
Words follow the project's one rule (`localization.words.count_words`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from localization.tm.lookup import SAME_OBJECT
from localization.words import count_words
from localization.xliff.document import LEVERAGED_EXACT, LEVERAGED_FUZZY

REPETITIONS, SAME_PAGE, EXACT = "repetitions", "same_page", "exact"
FUZZY_95, FUZZY_85, FUZZY_75, NEW = "fuzzy_95", "fuzzy_85", "fuzzy_75", "new"
#: (key, label, 1.2 count-type), in the order reports show them.
CATEGORIES = [
    (REPETITIONS, _("Repetitions"), "repetition"),
    (SAME_PAGE, _("Same page, 100 %"), "x-same-page"),
    (EXACT, _("Exact (TM)"), "exact-match"),
    (FUZZY_95, _("Fuzzy 95–99 %"), "x-fuzzy-95-99"),
    (FUZZY_85, _("Fuzzy 85–94 %"), "x-fuzzy-85-94"),
    (FUZZY_75, _("Fuzzy 75–84 %"), "x-fuzzy-75-84"),
    (NEW, _("New"), "x-new"),
]
KEYS = [key for key, _label, _type in CATEGORIES]


@dataclass
class Analysis:
    segments: dict = field(default_factory=lambda: dict.fromkeys(KEYS, 0))
    words: dict = field(default_factory=lambda: dict.fromkeys(KEYS, 0))

    def add(self, category: str, words: int) -> None:
        self.segments[category] += 1
        self.words[category] += words

    def merge(self, other: Analysis) -> None:
        for key in KEYS:
            self.segments[key] += other.segments[key]
            self.words[key] += other.words[key]

    def rows(self):
        """[(label, segments, words)] in report order."""
        return [(label, self.segments[key], self.words[key]) for key, label, _t in CATEGORIES]

    @property
    def total_segments(self) -> int:
        return sum(self.segments.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def as_json(self) -> dict:
        return {"segments": dict(self.segments), "words": dict(self.words)}

    @classmethod
    def from_json(cls, data: dict | None) -> Analysis:
        analysis = cls()
        for key in KEYS:
            analysis.segments[key] = (data or {}).get("segments", {}).get(key, 0)
            analysis.words[key] = (data or {}).get("words", {}).get(key, 0)
        return analysis


def _fuzzy_band(quality):
    if quality >= 95:
        return FUZZY_95
    if quality >= 85:
        return FUZZY_85
    return FUZZY_75


def category_of(unit, seen: set, language: str) -> str:
    """The unit's category; `seen` collects (language, source) of the units before it."""
    source = unit.source.to_html()
    key = (language, source)
    translated = unit.target is not None and unit.state not in (LEVERAGED_EXACT, LEVERAGED_FUZZY)
    best = unit.matches[0] if unit.matches else None
    if translated or (best is not None and best.exact and best.place == SAME_OBJECT):
        seen.add(key)
        return SAME_PAGE
    if key in seen:
        return REPETITIONS
    seen.add(key)
    if best is None:
        return NEW
    return EXACT if best.exact else _fuzzy_band(best.quality)


def analyse(files) -> Analysis:
    """Attach an Analysis to every XliffFile of [(object, locale, XliffFile)]; return the
    export's total."""
    total, seen = Analysis(), set()
    for _obj, _locale, xfile in files:
        analysis = Analysis()
        for unit in xfile.units:
            category = category_of(unit, seen, xfile.meta.target_language)
            analysis.add(category, count_words(unit.source.to_html()))
        xfile.analysis = analysis
        total.merge(analysis)
    return total


def as_record(exported) -> dict:
    """What an ExportJob keeps of its analysis (JSON): the total and each file's."""
    total = Analysis()
    files = []
    for item in exported:
        if item.analysis is not None:
            total.merge(item.analysis)
            files.append([item.filename, item.analysis.as_json()])
    return {"total": total.as_json(), "files": files}


def from_record(record: dict) -> tuple[Analysis, list[tuple[str, Analysis]]]:
    files = [(name, Analysis.from_json(data)) for name, data in (record or {}).get("files", [])]
    return Analysis.from_json((record or {}).get("total")), files


def as_csv(total: Analysis, per_file: list[tuple[str, Analysis]]) -> str:
    """One row per file and category, then the totals: file, category, segments, words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["file", "category", "segments", "words"])
    for name, analysis in [*per_file, ("total", total)]:
        for key, label, _type in CATEGORIES:
            writer.writerow([name, str(label), analysis.segments[key], analysis.words[key]])
    return buffer.getvalue()


def as_text(total: Analysis) -> str:
    """The table export_xliff prints at the end."""
    lines = [f"{_('Category'):<20} {_('Segments'):>9} {_('Words'):>9}"]
    lines += [f"{label!s:<20} {segments:>9} {words:>9}" for label, segments, words in total.rows()]
    lines.append(f"{_('Total')!s:<20} {total.total_segments:>9} {total.total_words:>9}")
    return "\n".join(lines)

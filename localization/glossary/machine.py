"""The glossary a machine translation backend gets (DeepL's glossaries): for a city and a
language pair, {source term: translation}.

It is built from what translators and the QA checks see (`lookup.terms_for`: the city's terms
plus the shared ones, the city's term winning where both have the same source). A term marked
"do not translate" maps to itself; a term without a translation into the target language is
left out. `digest` names the entries, so that a backend can keep one copy per content and tell
when a city's glossary changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from localization.glossary.lookup import terms_for

if TYPE_CHECKING:
    from django.db.models import Model


@dataclass(frozen=True)
class MachineGlossary:
    city_id: int | None  # None: the shared glossary alone
    source_language: str
    target_language: str
    entries: tuple[tuple[str, str], ...]  # (source term, translation), sorted by source

    @property
    def digest(self) -> str:
        """A short hash of the entries: equal entries, equal digest."""
        text = "\n".join(f"{source}\t{target}" for source, target in self.entries)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def as_dict(self) -> dict[str, str]:
        return dict(self.entries)


def machine_glossary(
    city: Model | None, source_language: str, target_language: str
) -> MachineGlossary | None:
    """The city's glossary from source_language into target_language for a backend, or None
    when it has no entries. One query."""
    entries = {}
    for term in terms_for(city, source_language, target_language):
        source = _one_line(term.source)
        target = source if term.do_not_translate else _one_line(term.target)
        if source and target:
            entries[source] = target
    if not entries:
        return None
    return MachineGlossary(
        getattr(city, "pk", None),
        source_language,
        target_language,
        tuple(sorted(entries.items())),
    )


def _one_line(text: str) -> str:
    # A backend's glossary entry is one line (DeepL: tab-separated values).
    return " ".join((text or "").split())

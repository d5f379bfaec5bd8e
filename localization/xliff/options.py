"""What an export writes into each unit: the choices shared by the command, the admin forms and
the export jobs, so the three offer the same options with the same names.

prefill (what a unit's <target> holds):
    existing  the current translation, if any; units without one have no target (the default).
    source    a copy of the source with state `new`, in every unit, for tools such as OmegaT that
              translate what is inside <target>. Current translations are not written; a unit the
              translator leaves as the copy is skipped on import, so its translation stays.
    none      no unit has a target; a unit left without one on import keeps its translation.

units (which units the file holds):
    all       every unit of the page (the default).
    changed   only units without a current translation in the target language: new units, units
              whose source changed since the last sync (a changed source string has no translation
              yet) and units whose translation has an error. The import accepts such a file: a
              unit that is not in it keeps its translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PREFILL_CHOICES = [
    ("existing", _("Existing translations")),
    ("source", _("Copy of the source (for OmegaT)")),
    ("none", _("No targets")),
]
UNITS_CHOICES = [
    ("all", _("All units")),
    ("changed", _("Only new and changed units")),
]
PREFILLS = tuple(value for value, _label in PREFILL_CHOICES)
UNIT_SELECTIONS = tuple(value for value, _label in UNITS_CHOICES)


class ExportOptionError(ValueError):
    """An option has a value that is not one of its choices."""


@dataclass(frozen=True)
class ExportOptions:
    prefill: str = "existing"
    units: str = "all"

    def __post_init__(self):
        if self.prefill not in PREFILLS:
            raise ExportOptionError(
                _("prefill must be one of %(choices)s; got %(value)r.")
                % {"choices": ", ".join(PREFILLS), "value": self.prefill}
            )
        if self.units not in UNIT_SELECTIONS:
            raise ExportOptionError(
                _("units must be one of %(choices)s; got %(value)r.")
                % {"choices": ", ".join(UNIT_SELECTIONS), "value": self.units}
            )


DEFAULT_OPTIONS = ExportOptions()

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

leverage (translation-memory matches for units without a current translation; the modes are
localization.tm.leverage's):
    none      no matches.
    alt       matches as proposals: <alt-trans> (1.2), <mtc:matches> (2.0) (the default).
    prefill   the best match also in the target, marked for review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from localization.tm.leverage import ALT, LEVERAGE_MODES, NONE, PREFILL

PREFILL_CHOICES = [
    ("existing", _("Existing translations")),
    ("source", _("Copy of the source (for OmegaT)")),
    ("none", _("No targets")),
]
UNITS_CHOICES = [
    ("all", _("All units")),
    ("changed", _("Only new and changed units")),
]
LEVERAGE_CHOICES = [
    (NONE, _("No matches")),
    (ALT, _("Matches as proposals (alt-trans, mtc:matches)")),
    (PREFILL, _("Best match in the target, for review")),
]
PREFILLS = tuple(value for value, _label in PREFILL_CHOICES)
UNIT_SELECTIONS = tuple(value for value, _label in UNITS_CHOICES)


class ExportOptionError(ValueError):
    """An option has a value that is not one of its choices; `field` names the option."""

    def __init__(self, message, *, field=""):
        super().__init__(message)
        self.field = field


def _check(field: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ExportOptionError(
            _("%(field)s must be one of %(choices)s; got %(value)r.")
            % {"field": field, "choices": ", ".join(choices), "value": value},
            field=field,
        )


def check_leverage(value: str) -> str:
    """The leverage mode, or ExportOptionError naming the modes."""
    _check("leverage", value, LEVERAGE_MODES)
    return value


@dataclass(frozen=True)
class ExportOptions:
    prefill: str = "existing"
    units: str = "all"

    def __post_init__(self):
        _check("prefill", self.prefill, PREFILLS)
        _check("units", self.units, UNIT_SELECTIONS)


DEFAULT_OPTIONS = ExportOptions()

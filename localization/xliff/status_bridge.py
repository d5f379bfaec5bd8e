"""Transitional: the importer's last call through here (helper B replaces it with a direct,
in-transaction `localization.tracking.mark_in_translation`); delete this module then."""

from localization.tracking import mark_in_translation

__all__ = ["mark_in_translation"]

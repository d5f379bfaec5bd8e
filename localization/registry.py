"""What localization knows about the project's content, filled in by the apps that own it.

`localization` never imports `guides`' models: `GuidesConfig.ready` registers the city model
here, and each app registers its translatable kinds (see `localization.kinds`). Modules ask
here at call time, so importing them never needs a city or a kind to exist yet.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

_city_model: type[Model] | None = None


def register_city_model(model: type[Model]) -> None:
    """The page model of a city's root (one per locale); called from an AppConfig.ready."""
    global _city_model
    _city_model = model


def city_model() -> type[Model]:
    if _city_model is None:
        raise ImproperlyConfigured(
            "No city model is registered: the app that owns it must call "
            "localization.registry.register_city_model() in its AppConfig.ready()."
        )
    return _city_model

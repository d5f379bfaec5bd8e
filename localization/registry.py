"""What localization knows about the project's content, filled in by the apps that own it.

`localization` never imports `guides`' models: `GuidesConfig.ready` registers the city model
and the page kind here, `EventsConfig.ready` the event and location kinds (news will be one
more `register_kind` call). Tracking, XLIFF and the reports ask a kind how to find an object's
city, its source, its live state and its URL instead of branching on model classes. Modules
ask at call time, so importing them never needs a city or a kind to exist yet.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Manager, Model

_city_model: type[Model] | None = None
_kinds: dict[str, TranslatableKind] = {}
_phone_numbers: Callable[[str], list[tuple[str, str]]] | None = None


def register_city_model(model: type[Model]) -> None:
    """The page model of a city's root (one per locale); called from an AppConfig.ready."""
    global _city_model
    _city_model = model


def register_phone_numbers(finder: Callable[[str], list[tuple[str, str]]]) -> None:
    """The rule that finds phone numbers in a text ([(as written, tel: URL)]), owned by the
    app that links them for readers; the translation QA checks compare them."""
    global _phone_numbers
    _phone_numbers = finder


def phone_numbers_in_text(text: str) -> list[tuple[str, str]]:
    if _phone_numbers is None:
        raise ImproperlyConfigured(
            "No phone number rule is registered: call "
            "localization.registry.register_phone_numbers() in an AppConfig.ready()."
        )
    return _phone_numbers(text)


def city_model() -> type[Model]:
    if _city_model is None:
        raise ImproperlyConfigured(
            "No city model is registered: the app that owns it must call "
            "localization.registry.register_city_model() in its AppConfig.ready()."
        )
    return _city_model


@dataclass(frozen=True)
class TranslatableKind:
    """One kind of content translated city by city: pages, events, locations (news next).

    An object of the kind is a translation source when it is in the source locale and inside a
    city; its copies in the city's other languages share its translation key.
    """

    #: What the status command, the reports and XLIFF files call it: "page", "event"…
    name: str
    #: The model whose instances (and subclasses' instances) are of this kind.
    model: type[Model]
    #: The city root an object belongs to (may cost a query).
    city_of: Callable[[Model], Model | None]
    #: A cheap handle on that city, read from the object itself (a tree path, a city id);
    #: None outside any city. Objects with the same key are in the same city.
    city_key: Callable[[Model], Hashable | None]
    #: {city key: city root} for many keys at once, the cities' languages prefetched.
    cities_by_key: Callable[[Iterable[Hashable]], dict[Hashable, Model]]
    #: Where an editor edits an object of this kind.
    url_of: Callable[[Model], str]
    #: Pages live in the page tree: their status rows carry page ids, they move with their
    #: subtree (`post_page_move`) and are deleted with it (a cascade). Other kinds name their
    #: city with a foreign key and have their rows deleted by tracking.
    in_page_tree: bool = False
    #: The public site's URL of a page-tree object, from its url_path and language code
    #: (XLIFF files name it for translators); None where the kind has none.
    public_url: Callable[[str, str], str] | None = None

    @property
    def manager(self) -> Manager:
        return self.model._default_manager

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def owns(self, obj_or_model: Model | type[Model]) -> bool:
        model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
        return issubclass(model, self.model)

    def in_city(self, obj: Model) -> bool:
        return self.city_key(obj) is not None

    def is_live(self, obj: Model) -> bool:
        """Readers see it: published, and not an alias standing in for a translation."""
        return bool(obj.live) and not getattr(obj, "alias_of_id", None)

    def source_of(self, obj: Model, source_locale_id: int) -> Model | None:
        """The source-locale object this one translates (itself for a source)."""
        if obj.locale_id == source_locale_id:
            return obj
        return self.manager.filter(
            translation_key=obj.translation_key, locale_id=source_locale_id
        ).first()


def register_kind(kind: TranslatableKind) -> None:
    """Add a translatable kind (from the owning app's AppConfig.ready); the name is its key."""
    _kinds[kind.name] = kind


def kinds() -> list[TranslatableKind]:
    return list(_kinds.values())


def kind_named(name: str) -> TranslatableKind | None:
    return _kinds.get(name)


def kind_of(obj_or_model: Model | type[Model] | None) -> TranslatableKind | None:
    """The kind an object (or model) is of; None for content that is not translated by city."""
    if obj_or_model is None:
        return None
    return next((kind for kind in _kinds.values() if kind.owns(obj_or_model)), None)


def kind_for_content_type(content_type_id: int) -> TranslatableKind | None:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return kind_of(model)


def page_kind() -> TranslatableKind:
    """The kind of the page tree (every page type of it)."""
    return next(kind for kind in _kinds.values() if kind.in_page_tree)


def snippet_kinds() -> list[TranslatableKind]:
    """Kinds outside the page tree (events, locations): tracked by their city foreign key."""
    return [kind for kind in _kinds.values() if not kind.in_page_tree]

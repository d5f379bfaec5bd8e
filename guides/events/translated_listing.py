"""The events and locations listings show one row per event or location, with its languages.

Each row is the source-language copy (or, for one made in another language only, that copy);
a "Languages" column links to every copy, and the "Language" filter keeps the rows that exist
in a language. The copies of a listing page are fetched in one query, whatever its length, and
so are the facts behind wagtail-localize's "Translate" and "Sync" row buttons (its own hook
asks four queries per row).
"""

from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BaseColumn
from wagtail.admin.widgets.button import BaseButton, Button, ButtonWithDropdown
from wagtail.models import Locale
from wagtail.snippets.views.snippets import IndexView
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationSource

from guides.tenancy import scope_to_user
from localization.scope import source_locale_id


def one_row_per_object(queryset):
    """The source copy of each object, or its only copies where none is in the source."""
    model = queryset.model
    in_source = model._default_manager.filter(
        translation_key=OuterRef("translation_key"), locale_id=source_locale_id()
    )
    return queryset.filter(Q(locale_id=source_locale_id()) | ~Exists(in_source))


class LanguageFilter(ChoiceFilter):
    """Rows whose object has a copy in the chosen language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Language"))
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, choices=self.language_choices, **kwargs)

    @staticmethod
    def language_choices():
        return [
            (locale.language_code, locale.get_display_name())
            for locale in Locale.objects.order_by("language_code")
        ]

    def filter(self, qs, value):
        if not value:
            return qs
        copies = qs.model._default_manager.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=value
        )
        return qs.filter(Exists(copies))


def translated_filterset(model, fields):
    """A filterset of `fields` plus the language filter (in place of Wagtail's locale one)."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(
        f"{model.__name__}TranslationsFilterSet",
        (WagtailFilterSet,),
        {"Meta": meta, "locale": LanguageFilter()},
    )


class TranslationsColumn(BaseColumn):
    """The languages an object exists in, each linking to that copy's edit view."""

    cell_template_name = "events/admin/translations_cell.html"

    def __init__(self, name="translations", **kwargs):
        kwargs.setdefault("label", _("Languages"))
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["copies"] = getattr(instance, "cityguide_copies", [])
        return context


class TranslatedIndexView(IndexView):
    """Wagtail's snippet listing, one row per object, its copies attached to each row."""

    def get_base_queryset(self):
        return one_row_per_object(super().get_base_queryset())

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        attach_copies(object_list, self.model, self.edit_url_name)
        self.synced_sources = synced_source_ids(object_list)
        return paginator, page, object_list, is_paginated

    def search_queryset(self, queryset):
        """Search every language copy of the user's objects, and list each match's row.

        Wagtail's search backends cannot search the one-row-per-object queryset (its filter
        is an expression), and a match in a translation should find its object too."""
        if not self.is_searching:
            return queryset
        copies = scope_to_user(self.model._default_manager.all(), self.request.user)
        keys = {obj.translation_key for obj in super().search_queryset(copies)}
        return queryset.filter(translation_key__in=keys)

    @cached_property
    def locale_ids(self):
        return set(Locale.objects.values_list("pk", flat=True))

    def get_list_buttons(self, instance):
        """Wagtail's snippet row buttons, with wagtail-localize's made from the page's data.

        The same steps as wagtail.snippets' IndexView.get_list_buttons, except that
        wagtail-localize's hook is replaced by `translation_buttons`."""
        next_url = self.request.path
        list_buttons, more_buttons = [], []
        buttons = self.get_list_more_buttons(instance)
        for hook in hooks.get_hooks("register_snippet_listing_buttons"):
            if hook is localize_hooks.register_snippet_listing_buttons:
                buttons.extend(self.translation_buttons(instance, next_url))
            else:
                buttons.extend(hook(instance, self.request.user, next_url))
        for button in buttons:
            if isinstance(button, BaseButton) and not button.allow_in_dropdown:
                list_buttons.append(button)
            elif isinstance(button, MenuItem):
                if button.is_shown(self.request.user):
                    more_buttons.append(Button.from_menu_item(button))
            elif button.show:
                more_buttons.append(button)
        for hook in hooks.get_hooks("construct_snippet_listing_buttons"):
            hook(more_buttons, instance, self.request.user)
        if more_buttons:
            list_buttons.append(
                ButtonWithDropdown(
                    buttons=more_buttons,
                    icon_name="dots-horizontal",
                    attrs={
                        "aria-label": _("More options for '%(title)s'") % {"title": str(instance)}
                    },
                )
            )
        return list_buttons

    def translation_buttons(self, instance, next_url):
        """wagtail-localize's "Translate" and "Sync translated snippets", same rules."""
        if not self.request.user.has_perm("wagtail_localize.submit_translation"):
            return
        model = type(instance)
        copies = {copy["locale_id"] for copy in instance.cityguide_copies}
        if self.locale_ids - copies:
            url = reverse(
                "wagtail_localize:submit_snippet_translation",
                args=[model._meta.app_label, model._meta.model_name, quote(instance.pk)],
            )
            yield Button(
                _("Translate"),
                url,
                attrs={"aria-label": _("Translate '%(title)s'") % {"title": str(instance)}},
                icon_name="wagtail-localize-language",
                priority=100,
            )
        source_id = self.synced_sources.get((instance.translation_key, instance.locale_id))
        if source_id is not None:
            url = reverse("wagtail_localize:update_translations", args=[source_id])
            yield Button(
                _("Sync translated snippets"),
                f"{url}?{urlencode({'next': next_url})}",
                attrs={
                    "aria-label": _("Sync translations of '%(title)s'") % {"title": str(instance)}
                },
                icon_name="resubmit",
                priority=106,
            )


def synced_source_ids(objects):
    """{(translation key, locale id): translation source id} of the objects that are the
    source of an enabled translation (wagtail-localize's condition for "Sync")."""
    objects = list(objects)
    if not objects:
        return {}
    model = type(objects[0]).get_translation_model()
    sources = TranslationSource.objects.filter(
        object__content_type=ContentType.objects.get_for_model(model),
        object_id__in={obj.translation_key for obj in objects},
        translations__enabled=True,
    ).values_list("object_id", "locale_id", "pk")
    return {(key, locale_id): pk for key, locale_id, pk in sources}


def attach_copies(objects, model, edit_url_name):
    """Set `cityguide_copies` on each object: [{code, language, url}] of all its copies."""
    objects = list(objects)
    copies = (
        model._default_manager.filter(translation_key__in={obj.translation_key for obj in objects})
        .select_related("locale")
        .order_by("locale__language_code")
        .only("pk", "translation_key", "locale")
    )
    by_key = {}
    for copy in copies:
        by_key.setdefault(copy.translation_key, []).append(
            {
                "locale_id": copy.locale_id,
                "code": copy.locale.language_code,
                "language": copy.locale.get_display_name(),
                "url": reverse(edit_url_name, args=[copy.pk]),
            }
        )
    for obj in objects:
        obj.cityguide_copies = by_key.get(obj.translation_key, [])

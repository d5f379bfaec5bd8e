"""Who may read and change which glossary, in one place.

A city editor reads and changes the terms of their own cities and reads the shared glossary;
the shared glossary is changed only by superusers and by translation managers (users or groups
given the permission "Can edit the shared glossary", `glossary.manage_shared_glossary`). Users
who work on no city see no glossary. Tenancy (which cities a user works on) is
`guides.tenancy`'s; the permission policy below is what Wagtail's views and menus ask.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.permission_policies import BasePermissionPolicy

from guides.tenancy import city_ids_for_user, user_works_on_a_city
from localization.glossary.models import Term

MANAGE_SHARED = "glossary.manage_shared_glossary"
READ_ACTIONS = frozenset({"view", "inspect"})


def can_manage_shared(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(MANAGE_SHARED)))


def uses_glossary(user) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        user_works_on_a_city(user) or can_manage_shared(user)
    )


def can_edit(user, term) -> bool:
    if term.city_id is None:
        return can_manage_shared(user)
    ids = city_ids_for_user(user)
    return ids is None or term.city_id in ids


def can_read(user, term) -> bool:
    if term.city_id is None:
        return uses_glossary(user)
    return can_edit(user, term)


def readable_terms(user):
    """The user's cities' terms and the shared ones."""
    if not uses_glossary(user):
        return Term.objects.none()
    ids = city_ids_for_user(user)
    if ids is None:
        return Term.objects.all()
    return Term.objects.filter(Q(city__isnull=True) | Q(city_id__in=ids))


def editable_terms(user):
    if not uses_glossary(user):
        return Term.objects.none()
    ids = city_ids_for_user(user)
    if ids is None:
        return Term.objects.all()
    terms = Term.objects.filter(city_id__in=ids)
    if can_manage_shared(user):
        terms = terms | Term.objects.filter(city__isnull=True)
    return terms


class GlossaryPermissionPolicy(BasePermissionPolicy):
    """Model-wide: anyone who uses a glossary; per term: the rules above."""

    def user_has_permission(self, user, action):
        return uses_glossary(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in READ_ACTIONS:
            return can_read(user, instance)
        return can_edit(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) <= READ_ACTIONS:
            return readable_terms(user)
        return editable_terms(user)

"""The doors through which events and locations of other cities stay shut.

The rule is tenancy's (`guides.tenancy.user_can_access`); here are the doors that apply it: a
permission policy that Wagtail's own views and bulk actions consult per object, querysets for
listings and choosers, and a guard around every admin URL that names an object, for views
that never ask the policy (history, usage, revisions, locking, workflow, wagtail-localize's
translation views).
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import URLPattern, URLResolver
from wagtail.permission_policies import ModelPermissionPolicy

from guides.tenancy import scope_to_user, user_can_access


class CityPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from the editors group, narrowed to objects of the user's cities."""

    def user_has_permission_for_instance(self, user, action, instance):
        return user_can_access(user, instance) and super().user_has_permission_for_instance(
            user, action, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return user_can_access(user, instance) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return scope_to_user(super().instances_user_has_any_permission_for(user, actions), user)


def deny_other_cities(view, load_instance):
    """Wrap a view: 403 when load_instance(**kwargs) is an event/location of another city.

    load_instance returns None when the URL names nothing we guard (or nothing at all);
    the view then answers as it would have, e.g. with its own 404.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        instance = load_instance(**kwargs)
        if instance is not None and not user_can_access(request.user, instance):
            raise PermissionDenied("This belongs to another city.")
        return view(request, *args, **kwargs)

    return guarded


def guard_patterns(patterns, load_instance):
    """Apply deny_other_cities to every view in a list of URL patterns (recursively)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guard_patterns(pattern.url_patterns, load_instance)
        elif isinstance(pattern, URLPattern):
            pattern.callback = deny_other_cities(pattern.callback, load_instance)
    return patterns


def instance_loader(model, kwarg="pk"):
    """Loads the object a URL names by its pk kwarg; None for a missing or malformed pk."""

    def load(**kwargs):
        if kwarg not in kwargs:
            return None
        try:
            return (
                model._default_manager.filter(pk=unquote(str(kwargs[kwarg])))
                .only("pk", "city_id")
                .first()
            )
        except (ValueError, ValidationError):
            return None

    return load

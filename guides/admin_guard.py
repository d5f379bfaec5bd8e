"""Tenant isolation for every admin URL that names a page.

Wagtail checks page permissions view by view, and a few views (the explorer and page chooser
of any page, the move confirmation, the workflow cancellation check) render for pages the
user has no rights on. This guard answers 404 for any admin URL whose page id lies outside
the user's cities, so new views are covered too.

Wagtail's tag autocomplete offers every tag of every city (taggit's tags are global): the
guard answers with `guides.admin_views.city_tag_autocomplete` instead.

Page bulk actions take their pages from the query string (`?id=…`, or `?id=all&childOf=…` for
a whole listing), and Wagtail's confirmation lists the pages the user may not act on by title:
their ids are checked the same way. So are the ids of every other bulk action (images and
documents by the user's collections, events and locations by city, users by the editors groups
of the user's cities): an id outside them is a 404, before Wagtail names it.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from wagtail.models import CollectionMember, Page
from wagtail.permissions import policy_registry

from guides.admin_views import city_tag_autocomplete
from guides.tenancy import cities_for_user, restrict_pages_to_user_cities, scope_to_user

PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
PAGES_NAMESPACE = "wagtailadmin_pages"  # its routes' <pk> is a page id
BULK_ACTION_URL_NAME = "wagtail_bulk_action"
TAG_AUTOCOMPLETE_URL_NAMES = (
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_tag_model_autocomplete",
)


class CityAdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not request.path.startswith("/admin/") or user is None or user.is_superuser:
            return None
        if not user.is_authenticated:
            return None
        page_ids = {view_kwargs[name] for name in PAGE_ID_KWARGS if name in view_kwargs}
        match = getattr(request, "resolver_match", None)
        if match is not None and match.namespace == PAGES_NAMESPACE and "pk" in view_kwargs:
            page_ids.add(view_kwargs["pk"])  # e.g. the revision comparison: <pk>, a page id
        if page_ids:
            visible = restrict_pages_to_user_cities(Page.objects.filter(pk__in=page_ids), user)
            if visible.count() != len(page_ids):
                raise Http404("No such page in your cities.")
        model = bulk_action_model(request, view_kwargs)
        if model is not None and issubclass(model, Page):
            check_bulk_action_pages(request, user)
        elif model is not None:
            check_bulk_action_objects(request, user, model)
        if (
            match is not None
            and match.url_name in TAG_AUTOCOMPLETE_URL_NAMES
            and user.has_perm("wagtailadmin.access_admin")
        ):
            return city_tag_autocomplete(request, **view_kwargs)
        return None


def bulk_action_model(request, view_kwargs):
    """The model of a bulk-action URL, or None for any other URL."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != BULK_ACTION_URL_NAME:
        return None
    try:
        return apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
    except (KeyError, LookupError):
        return None  # Wagtail's dispatcher answers 404 itself


def objects_in_users_reach(model, user):
    """The objects of a (non-page) bulk-action model that lie in the user's cities, or None
    for a model that belongs to no city."""
    manager = model._default_manager
    if any(field.name == "city" for field in model._meta.get_fields()):
        return scope_to_user(manager.all(), user)  # events, locations
    if issubclass(model, CollectionMember):  # images, documents: the city's collection
        policy = policy_registry.get_by_type(model)
        return policy.instances_user_has_any_permission_for(user, ["change", "choose", "delete"])
    if model is get_user_model():  # the editors of the user's own cities
        groups = cities_for_user(user).values("editors_group")
        return manager.filter(groups__in=groups).distinct()
    return None


def check_bulk_action_objects(request, user, model):
    """404 unless every id a non-page bulk action names lies in the user's reach."""
    in_reach = objects_in_users_reach(model, user)
    if in_reach is None:
        return
    ids = [pk for pk in request.GET.getlist("id") if pk != "all"]
    try:
        wanted = {model._meta.pk.to_python(pk) for pk in ids}
    except ValidationError:
        raise Http404("No such object in your cities.") from None
    if in_reach.filter(pk__in=wanted).count() != len(wanted):
        raise Http404("No such object in your cities.")


def check_bulk_action_pages(request, user):
    """404 unless every page the bulk action would list lies in the user's cities."""
    not_yours = Http404("No such page in your cities.")
    ids = request.GET.getlist("id")
    if "all" in ids:
        parent_id = request.GET.get("childOf")
        if parent_id is None:
            pages = Page.objects.all()
        else:
            parent = Page.objects.filter(pk=parent_id).first() if parent_id.isdigit() else None
            if parent is None:
                raise not_yours
            pages = Page.objects.descendant_of(parent)
        visible = restrict_pages_to_user_cities(pages, user)
        if pages.exclude(pk__in=visible.values("pk")).exists():
            raise not_yours
        return
    if not all(pk.isdigit() for pk in ids):
        raise not_yours
    wanted = {int(pk) for pk in ids}
    visible = restrict_pages_to_user_cities(Page.objects.filter(pk__in=wanted), user)
    if visible.count() != len(wanted):
        raise not_yours

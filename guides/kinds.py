"""The content of a city guide that is translated city by city, as `localization` sees it.

One entry per kind; `GuidesConfig.ready` registers them with `localization.registry`. A new
kind (news, for the app API) is one more entry here: tracking, XLIFF and the reports then
handle it like the others.
"""

from django.db.models import Model
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page

from guides import tenancy
from guides.api.content import public_page_url
from guides.events.models import Event, Location
from guides.news.models import NewsItem
from localization.registry import TranslatableKind


def admin_edit_url(obj: Model) -> str:
    """The object's edit view in the Wagtail admin (page editor or snippet editor)."""
    return AdminURLFinder().get_edit_url(obj)


def _city_id(obj: Model) -> int | None:
    return obj.city_id


PAGE = TranslatableKind(
    name="page",
    model=Page,
    city_of=tenancy.city_for_page,
    city_key=tenancy.city_path,
    cities_by_key=tenancy.cities_by_path,
    url_of=admin_edit_url,
    in_page_tree=True,
    public_url=public_page_url,
)


def _city_snippet(name: str, model: type[Model]) -> TranslatableKind:
    """A snippet that names its (source-locale) city by a foreign key."""
    return TranslatableKind(
        name=name,
        model=model,
        city_of=tenancy.city_of_snippet,
        city_key=_city_id,
        cities_by_key=tenancy.cities_by_id,
        url_of=admin_edit_url,
    )


EVENT = _city_snippet("event", Event)
LOCATION = _city_snippet("location", Location)
NEWS = _city_snippet("news", NewsItem)

KINDS = [PAGE, LOCATION, EVENT, NEWS]

"""The explorer's filters name only the people of the editor's cities (guides.explorer_filters)."""

from django.urls import reverse
from wagtail.models import PageLogEntry

from tests.conftest import make_page, make_user


def test_explorer_filters_name_only_the_people_of_the_editors_cities(client, augsburg, nuernberg):
    anna = make_user("anna-augsburg", city=augsburg)
    bernd = make_user("bernd-nuernberg", city=nuernberg)
    for city, user in ((augsburg, anna), (nuernberg, bernd)):
        page = make_page(city, f"Seite von {user.username}", owner=user)
        PageLogEntry.objects.log_action(page, "wagtail.edit", user=user)
    client.force_login(make_user("lena", city=augsburg))

    response = client.get(reverse("wagtailadmin_explore", args=[augsburg.pk]))

    assert response.status_code == 200
    fields = response.context["filters"].form.fields
    for name in ("owner", "edited_by"):
        offered = set(fields[name].queryset.values_list("username", flat=True))
        assert anna.username in offered and bernd.username not in offered, (name, offered)
    assert bernd.username not in response.content.decode()
    assert "site" not in fields  # the one Site

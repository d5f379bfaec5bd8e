"""The translation panel is a Wagtail panel at the top of the page editor: each status links
to its action, "What changed" and "Edit translation" are separate buttons, and its queries do
not grow with the city's languages."""

import re

from django.urls import reverse

from localization.panel import panel_context
from tests.conftest import make_page


def edit_html(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def actions(html, code):
    """{action: url} of one language's row in the panel."""
    row = re.search(rf'<li data-language="{code}" data-status="\w+">(.*?)</li>', html, re.S)
    links = re.findall(
        r'<a class="button[^"]*" href="([^"]+)" data-cityguide-action="(\w+)"', row.group(1)
    )
    return {action: url.replace("&amp;", "&") for url, action in links}


def export_url(page):
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "export_xliff"])
    return f"{bulk}?id={page.pk}&next=%2Fadmin%2Fpages%2F{page.pk}%2Fedit%2F"


def test_panel_is_the_first_panel_of_the_form_with_the_one_minor_edit_checkbox(
    client, augsburg, page_factory, flow, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg)
    flow.translate(page, "en")

    html = edit_html(client, page)

    form = html[html.index('id="page-edit-form"') :]
    panels = re.findall(r'<section class="w-panel[^"]*"[^>]*id="([^"]+)"', form)
    first_panel = form[form.index(f'id="{panels[0]}"') : form.index(f'id="{panels[1]}"')]
    assert 'id="cityguide-translations"' in first_panel
    assert html.count('name="minor_edit"') == 1
    assert 'name="minor_edit"' in first_panel


def test_each_status_links_to_its_action(client, augsburg, page_factory, flow, user_factory):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg)
    flow.translate(page, "en")
    flow.edit(page)  # en is now outdated; ar and fa are missing
    english = page.get_translations().get(locale__language_code="en")

    html = edit_html(client, page)

    assert actions(html, "en") == {
        "edit": reverse("wagtailadmin_pages:edit", args=[english.pk]),
        "diff": reverse("cityguide_translation_diff", args=[page.pk, "en"]),
        "export": export_url(page),
    }
    translate = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert actions(html, "ar") == {"translate": translate, "export": export_url(page)}


def test_up_to_date_translation_offers_only_its_editor(
    client, augsburg, page_factory, flow, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    page = page_factory(augsburg)
    flow.translate(page, "en")
    english = page.get_translations().get(locale__language_code="en")

    assert actions(edit_html(client, page), "en") == {
        "edit": reverse("wagtailadmin_pages:edit", args=[english.pk])
    }


def test_panel_queries_do_not_grow_with_the_languages(
    city_factory, flow, user_factory, django_assert_max_num_queries
):
    few = city_factory("kempten", "Kempten", ("de", "en"))
    many = city_factory("ulm", "Ulm", ("de", "en", "ar", "fa", "uk", "tr", "ru"))
    user = user_factory("lena", city=few)
    pages = []
    for city, codes in ((few, ("en",)), (many, ("en", "ar", "fa", "uk", "tr", "ru"))):
        page = make_page(city)
        flow.translate(page, *codes)
        flow.edit(page)  # every translation outdated: each row has all its links
        pages.append(page)

    for page in pages:
        with django_assert_max_num_queries(2):
            context = panel_context(page, user)
        assert len(context["entries"]) == len(page.get_translations())

"""A page is validated once per edit (guides.page_validation): what the form checked is not
checked again by `save_revision` and the publish, and anything else still is."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.conftest import make_page, make_user
from tests.shared import run_on_commit

SLUG_CHECK = '"wagtailcore_page"."slug" ='


def _publish_data(page, **fields):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "teaser": page.teaser,
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
            **fields,
        }
    )


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("zweite", "wird innerhalb der übergeordneten Seite bereits verwendet"),
        ("kein slug!", "Bitte ein gültiges Kürzel eingeben"),
    ],
)
def test_a_taken_or_invalid_slug_gets_the_forms_message(client, augsburg, slug, message):
    section = make_page(augsburg, "Bereich")
    page = make_page(section, "Erste")
    make_page(section, "Zweite")
    client.force_login(make_user("lena", city=augsburg))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    with run_on_commit():
        response = client.post(url, _publish_data(page, slug=slug))

    assert response.status_code == 200
    assert message in str(response.context["form"].errors["slug"])
    page.refresh_from_db()
    assert page.slug == "erste"


def test_a_publish_checks_the_slug_only_in_the_form(client, augsburg):
    """Wagtail's form and the model's `clean` in it ask once each; `save_revision` and the
    publish ask no more (a publish used to ask twice again)."""
    page = make_page(make_page(augsburg, "Bereich"), "Erste")
    client.force_login(make_user("lena", city=augsburg))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    with run_on_commit(), CaptureQueriesContext(connection) as queries:
        response = client.post(url, _publish_data(page, teaser="Neu."))

    assert response.status_code == 302
    assert len([q for q in queries if SLUG_CHECK in q["sql"]]) == 2
    page.refresh_from_db()
    assert page.teaser == "Neu." and page.live


def test_a_validated_page_is_validated_again_once_a_value_changes(augsburg):
    section = make_page(augsburg, "Bereich")
    page = make_page(section, "Erste")
    make_page(section, "Zweite")
    page.full_clean()

    page.slug = "zweite"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "slug" in error.value.message_dict


def test_a_field_left_out_of_the_last_validation_is_validated(augsburg):
    page = make_page(augsburg, "Erste")
    page.title = ""
    page.full_clean(exclude=["title"])

    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "title" in error.value.message_dict


def test_an_older_revision_is_validated_when_it_is_published(augsburg):
    """A revision saved before a sibling took its slug does not publish on the validation of
    the page's current content."""
    section = make_page(augsburg, "Bereich")
    page = make_page(section, "Erste")
    page.slug = "neu"
    older = page.save_revision()
    page.slug = "erste"
    page.save_revision()  # validated with its own slug
    make_page(section, "Neu")

    with pytest.raises(ValidationError) as error:
        older.publish()
    assert "slug" in error.value.message_dict


def test_the_citys_languages_are_checked_when_a_revision_is_published(augsburg):
    """The city's rule (guides.models.GuidePage.clean) still guards a publish that the page
    editor did not validate, e.g. a scheduled revision."""
    ukrainian = Locale.objects.get(language_code="uk")
    page = make_page(augsburg, "Erste")
    revision = page.save_revision()
    type(page).objects.filter(pk=page.pk).update(locale=ukrainian)  # Augsburg offers no uk

    with pytest.raises(ValidationError) as error:
        Revision.objects.get(pk=revision.pk).publish()  # as the scheduler loads it
    assert "Augsburg bietet" in str(error.value)

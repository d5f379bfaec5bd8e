"""Status badges in the page explorer, counted in the listing's own query."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("in_english")


def test_explorer_shows_a_badge_for_pages_needing_translation(
    client, augsburg, page_factory, flow, user_factory
):
    client.force_login(user_factory("lena", city=augsburg))
    outdated = page_factory(augsburg, "Arzt")
    flow.translate(outdated, "en", "ar", "fa")
    flow.edit(outdated)
    done = page_factory(augsburg, "Schule")
    flow.translate(done, "en", "ar", "fa")
    html = client.get(reverse("wagtailadmin_explore", args=[augsburg.pk])).content.decode()
    assert 'data-cityguide-badge="outdated"' in html
    assert "3 outdated" in html
    assert html.count("data-cityguide-badge") == 1

"""The demo fills both cities' emergency boxes (112, 110, 116117) in all their languages."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Revision

from guides.demo.loader import load_demo_data
from guides.models import CityPage
from tests.shared import run_on_commit

NUMBERS = ["tel:112", "tel:110", "tel:116117"]


@pytest.mark.django_db
def test_demo_cities_have_tappable_emergency_numbers_in_every_language(client):
    with run_on_commit():
        load_demo_data(sections=())

    roots = CityPage.objects.filter(slug__in=["augsburg", "nuernberg"], live=True)
    assert roots.count() == 8 + 4
    for root in roots:
        soup = BeautifulSoup(client.get(root.url).content, "html.parser")
        box = soup.select_one("main section.emergency")
        assert box is not None, root.url
        assert [a["href"] for a in box.select("a")] == NUMBERS, root.url

    revisions = Revision.objects.count()
    with run_on_commit():
        load_demo_data(sections=())
    assert Revision.objects.count() == revisions, "a second load changes nothing"

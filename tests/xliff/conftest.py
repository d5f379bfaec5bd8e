"""Fixtures for XLIFF tests: a city with a richly marked-up page."""

from tests.conftest import make_page
from tests.shared import shared_fixture
from tests.xliff.helpers import RICH_BODY, make_image


@shared_fixture("augsburg")
def rich_page(augsburg):
    image = make_image()
    return make_page(
        augsburg,
        "Wohnen",
        teaser="Alles über Miete & Wohnen",
        body=[
            {"type": "heading", "value": "Miete"},
            {"type": "paragraph", "value": RICH_BODY},
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Ein Haus", "decorative": False},
            },
        ],
    )

"""Icons of the demo's top-level pages: shipped files, one image per city, added once."""

from wagtail.images.models import Image
from wagtail.models import Locale

from guides.demo.icons import ICON_DIR, add_missing_icons, demo_icon
from localization.tracking import get_status
from tests.api.conftest import translate
from tests.conftest import make_page


def test_every_top_level_demo_page_has_a_shipped_icon():
    from guides.demo.datafiles import read_demo_data

    for city in read_demo_data():
        for spec in city.pages:
            path = ICON_DIR / f"{spec['key']}.png"
            assert path.exists(), path
            assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size < 4096


def test_an_older_demo_page_gets_its_icon_in_every_language_once(augsburg):
    page = make_page(augsburg, "Ankommen")
    english = translate(page, "en", title="Arrival")
    en = Locale.objects.get(language_code="en")
    status = get_status(page, en)

    add_missing_icons(augsburg, [({"key": "arrival"}, page)])
    add_missing_icons(augsburg, [({"key": "arrival"}, page)])

    page.refresh_from_db()
    english.refresh_from_db()
    image = demo_icon(augsburg, "arrival")
    assert page.icon_id == english.icon_id == image.pk
    assert image.collection_id == augsburg.collection_id
    assert Image.objects.filter(title="Demo icon: arrival").count() == 1
    assert get_status(page, en) == status  # a minor edit
    assert demo_icon(augsburg, "no-such-section") is None

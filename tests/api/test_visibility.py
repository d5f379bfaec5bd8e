"""Nothing hidden leaks: random trees with drafts, unpublished and private pages, two cities."""

import random
from urllib.parse import quote

import pytest
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from guides.models import GuidePage
from tests.api.conftest import make_private, translate, unpublish
from tests.conftest import city_translation, make_page


def random_tree(rng, city, size, prefix="P"):
    """size pages under city; each is live, a never-published draft, unpublished or private."""
    pages = []
    for index in range(size):
        parent = rng.choice([city, *pages]) if pages else city
        kind = rng.choices(["live", "draft", "unpublished", "private"], [6, 1, 1, 1])[0]
        page = make_page(
            parent, f"{prefix}{index}", slug=f"{prefix.lower()}{index}", publish=kind != "draft"
        )
        if kind == "unpublished":
            unpublish(page)
        elif kind == "private":
            make_private(page)
        pages.append(page)
    return pages


def expected_visible(root):
    """Independent rule via Wagtail's querysets: live, public, and every ancestor too."""
    candidates = GuidePage.objects.descendant_of(root).live().public()
    visible = set()
    for page in candidates.order_by("path"):
        ancestors = page.get_ancestors().filter(depth__gt=root.depth)
        if all(a.live for a in ancestors) and all(a.id in visible for a in ancestors):
            visible.add(page.id)
    return visible


@pytest.mark.parametrize("seed", range(4))
def test_random_trees_show_exactly_the_visible_pages(augsburg, nuernberg, client, seed):
    rng = random.Random(seed)
    pages = random_tree(rng, augsburg, 14)
    other_city = random_tree(rng, nuernberg, 4, prefix="N")
    en_root = city_translation(augsburg, "en")
    for page in pages:  # translate what can be translated, sometimes only as a draft
        parent = page.get_parent().specific
        if (
            parent.id == augsburg.id
            or parent.get_translations().filter(locale=en_root.locale).exists()
        ):
            translate(page, "en", publish=rng.random() < 0.7)

    visible = expected_visible(augsburg)
    visible_en = expected_visible(en_root)
    data = client.get("/api/v3/augsburg/de/pages/").json()
    assert {item["id"] for item in data} == visible
    english = client.get("/api/v3/augsburg/en/pages/").json()
    assert {item["id"] for item in english} == visible_en
    for item in data:
        for code, link in item["available_languages"].items():
            assert code == "en" and link["id"] in visible_en

    hidden = [page for page in pages if page.id not in visible] + other_city
    body = client.get("/api/v3/augsburg/de/pages/").content.decode()
    for page in hidden:
        assert f'"title":"{page.title}"' not in body
        assert client.get(f"/api/v3/augsburg/de/page/?id={page.id}").status_code == 404
        assert client.get(f"/api/v3/augsburg/de/children/?id={page.id}").status_code == 404
    top = client.get("/api/v3/augsburg/de/children/?depth=100").json()
    assert {item["id"] for item in top} == visible


def test_cities_never_show_each_others_pages(augsburg, nuernberg, client):
    a = make_page(augsburg, "Nur Augsburg")
    n = make_page(nuernberg, "Nur Nürnberg")
    augsburg_ids = {item["id"] for item in client.get("/api/v3/augsburg/de/pages/").json()}
    nuernberg_ids = {item["id"] for item in client.get("/api/v3/nuernberg/de/pages/").json()}
    assert augsburg_ids == {a.id} and nuernberg_ids == {n.id}
    for url in [
        f"/api/v3/augsburg/de/page/?id={n.id}",
        f"/api/v3/augsburg/de/parents/?id={n.id}",
        "/api/v3/augsburg/de/page/?url=/nuernberg/de/nur-nurnberg/",
        "/api/v3/augsburg/uk/pages/",
    ]:  # uk is Nürnberg's language, not Augsburg's
        assert client.get(url).status_code == 404, url


def test_a_private_or_unpublished_city_is_not_served(augsburg, nuernberg, client):
    make_private(nuernberg)
    unpublish(city_translation(augsburg, "ar"))
    assert [r["path"] for r in client.get("/api/v3/regions/").json()] == ["/augsburg/"]
    assert client.get("/api/v3/nuernberg/de/pages/").status_code == 404
    assert client.get("/api/v3/augsburg/ar/pages/").status_code == 404
    codes = [lang["code"] for lang in client.get("/api/v3/augsburg/languages/").json()]
    assert codes == ["de", "en", "fa"]


def test_content_links_and_images_become_absolute_public_urls(augsburg, client):
    target = make_page(augsburg, "Ziel")
    draft = make_page(augsburg, "Entwurf", publish=False)
    image = Image.objects.create(title="Karte", file=get_test_image_file())
    document = Document.objects.create(title="Antrag")
    page = make_page(
        augsburg,
        "Quelle",
        body=[
            {"type": "heading", "value": "Wichtig <sofort>"},
            {
                "type": "paragraph",
                "value": (
                    f'<p><a linktype="page" id="{target.id}">Ziel</a> '
                    f'<a linktype="page" id="{draft.id}">Entwurf</a> '
                    f'<a linktype="document" id="{document.id}">Antrag</a> '
                    f'<a href="https://example.org">extern</a></p>'
                ),
            },
            {
                "type": "image",
                "value": {"image": image.id, "alt_text": "Stadtplan", "decorative": False},
            },
            {
                "type": "link_list",
                "value": [
                    {"type": "item", "value": {"title": "Zum Ziel", "page": target.id, "url": ""}},
                    {
                        "type": "item",
                        "value": {"title": "Extern", "page": None, "url": "https://example.org/x"},
                    },
                ],
            },
            {
                "type": "info_box",
                "value": {
                    "kind": "warning",
                    "title": "Achtung",
                    "text": (f'<p><a linktype="page" id="{target.id}">hier</a></p>'),
                },
            },
        ],
        icon=image,
    )
    url = quote("/augsburg/de/quelle/")
    data = client.get(f"/api/v3/augsburg/de/page/?url={url}").json()
    content = data["content"]
    assert "<h2>Wichtig &lt;sofort&gt;</h2>" in content
    assert '<a href="https://cityguide.example/de/augsburg/ziel/">Ziel</a>' in content
    assert "<a>Entwurf</a>" in content  # a draft's address is not revealed
    assert f'href="https://cityguide.example/documents/{document.id}/' in content
    assert '<a href="https://example.org">extern</a>' in content
    assert 'src="https://cityguide.example/media/' in content and 'alt="Stadtplan"' in content
    assert '<li><a href="https://cityguide.example/de/augsburg/ziel/">Zum Ziel</a></li>' in content
    assert 'class="info-box info-box--warning"><strong>Achtung</strong>' in content
    assert "linktype" not in content
    assert data["thumbnail"].startswith("https://cityguide.example/media/")
    assert data["id"] == page.id

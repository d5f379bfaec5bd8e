"""A page with every kind of context a translator needs: paragraphs, a list, links."""

from tests.conftest import make_page


def list_page(city, linked):
    """Two paragraphs around a list with an external and an internal link, then a heading."""
    body = (
        "<p>Erster Absatz.</p>"
        '<ul><li>Siehe <a href="https://example.org/miete">Mietspiegel</a></li>'
        f'<li>Mehr unter <a linktype="page" id="{linked.pk}">Wohnen</a></li></ul>'
        "<p>Zweiter Absatz.</p>"
    )
    return make_page(
        city,
        "Liste",
        body=[{"type": "paragraph", "value": body}, {"type": "heading", "value": "Kopf"}],
    )

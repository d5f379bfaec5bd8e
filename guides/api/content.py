"""Page bodies as HTML for apps: internal links, documents and images become absolute URLs.

Wagtail's own rendering looks links and images up once per rich text value or stream, so a
list of 1,000 pages would cost thousands of queries. Here the raw stream data of all pages is
scanned first, every referenced page, document and image is fetched in one query per kind,
and then each body is rendered from memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    FIND_EMBED_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)

from guides.contacts.models import Contact

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wagtail.images.models import AbstractImage

RICH_TEXT_BLOCKS = {"paragraph"}


def absolute(url: str) -> str:
    """An absolute URL on the public site for a site-relative URL."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.CITYGUIDE_PUBLIC_URL + url


def public_page_url(url_path: str, language_code: str) -> str:
    """/{lang}/{city}/{slug path}/ as an absolute URL; url_path starts with the home slug."""
    rest = url_path.strip("/").split("/", 1)[1:] if url_path else []
    suffix = f"{rest[0]}/" if rest else ""
    return absolute(f"/{language_code}/{suffix}")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _blocks(raw_body):
    for block in raw_body or ():
        if isinstance(block, dict):
            yield block.get("type"), block.get("value")


def _list_items(value):
    for item in value or ():
        # ListBlock stores {"type": "item", "value": ..., "id": ...} since Wagtail 5.0.
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield item["value"]
        elif isinstance(item, dict):
            yield item


def _image_ref(value):
    """(image id, alt text or None for the image's own) of an ImageBlock or chooser value."""
    if isinstance(value, dict):
        alt = "" if value.get("decorative") else value.get("alt_text")
        return _int(value.get("image")), alt
    return _int(value), None


class BodyRenderer:
    """Renders many pages' bodies with one query per kind of referenced object."""

    def __init__(self, raw_bodies: Iterable[Iterable[Any] | None]) -> None:
        self.page_ids, self.document_ids, self.image_ids = set(), set(), set()
        self.contact_ids = set()
        for raw_body in raw_bodies:
            self._collect(raw_body)
        self.pages = self._load_pages()
        self.documents = self._load_documents()
        self.images = self._load_images()
        self.contacts = self._load_contacts()
        self.rewrite = MultiRuleRewriter(
            [
                LinkRewriter(rules={"page": self._page_link, "document": self._document_link}),
                EmbedRewriter(rules={"image": self._embedded_image}),
            ]
        )

    # -- collecting references -------------------------------------------------------------
    def _collect_rich_text(self, html):
        if not isinstance(html, str):
            return
        for attr_string in FIND_A_TAG.findall(html):
            attrs = extract_attrs(attr_string)
            target = {"page": self.page_ids, "document": self.document_ids}.get(
                attrs.get("linktype")
            )
            if target is not None and _int(attrs.get("id")) is not None:
                target.add(_int(attrs["id"]))
        for attr_string in FIND_EMBED_TAG.findall(html):
            attrs = extract_attrs(attr_string)
            if attrs.get("embedtype") == "image" and _int(attrs.get("id")) is not None:
                self.image_ids.add(_int(attrs["id"]))

    def _collect(self, raw_body):
        for block_type, value in _blocks(raw_body):
            if block_type in RICH_TEXT_BLOCKS:
                self._collect_rich_text(value)
            elif block_type == "info_box" and isinstance(value, dict):
                self._collect_rich_text(value.get("text"))
            elif block_type == "image":
                image_id, _alt = _image_ref(value)
                if image_id is not None:
                    self.image_ids.add(image_id)
            elif block_type == "link_list":
                for link in _list_items(value):
                    if _int(link.get("page")) is not None:
                        self.page_ids.add(_int(link["page"]))
            elif block_type == "contact" and _int(value) is not None:
                self.contact_ids.add(_int(value))

    # -- loading them, one query each -------------------------------------------------------
    def _load_pages(self):
        if not self.page_ids:
            return {}
        rows = Page.objects.filter(id__in=self.page_ids, live=True).values_list(
            "id", "url_path", "locale__language_code"
        )
        return {page_id: public_page_url(url_path, code) for page_id, url_path, code in rows}

    def _load_documents(self):
        if not self.document_ids:
            return {}
        return {
            doc.id: absolute(doc.url)
            for doc in get_document_model().objects.filter(id__in=self.document_ids)
        }

    def _load_images(self):
        if not self.image_ids:
            return {}
        return {
            image.id: image for image in get_image_model().objects.filter(id__in=self.image_ids)
        }

    def _load_contacts(self):
        if not self.contact_ids:
            return {}
        return {card.id: card for card in Contact.objects.filter(id__in=self.contact_ids)}

    # -- rendering ---------------------------------------------------------------------------
    def _page_link(self, attrs):
        url = self.pages.get(_int(attrs.get("id")))
        return format_html('<a href="{}">', url) if url else "<a>"

    def _document_link(self, attrs):
        url = self.documents.get(_int(attrs.get("id")))
        return format_html('<a href="{}">', url) if url else "<a>"

    def _img(self, image_id, alt):
        image = self.images.get(image_id)
        if image is None:
            return ""
        alt = image.default_alt_text if alt is None else alt
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}">',
            image_url(image),
            alt,
            image.width,
            image.height,
        )

    def _embedded_image(self, attrs):
        return self._img(_int(attrs.get("id")), attrs.get("alt"))

    def rich_text(self, html: str | None) -> str:
        return self.rewrite(html) if isinstance(html, str) else ""

    def render(self, raw_body: Iterable[Any] | None) -> str:
        parts = []
        for block_type, value in _blocks(raw_body):
            if block_type == "heading":
                parts.append(f"<h2>{escape(value or '')}</h2>")
            elif block_type in RICH_TEXT_BLOCKS:
                parts.append(self.rich_text(value))
            elif block_type == "image":
                img = self._img(*_image_ref(value))
                if img:
                    parts.append(f"<figure>{img}</figure>")
            elif block_type == "link_list":
                parts.append(self._link_list(value))
            elif block_type == "info_box" and isinstance(value, dict):
                parts.append(self._info_box(value))
            elif block_type == "contact":
                parts.append(self._contact(self.contacts.get(_int(value))))
        return "".join(parts)

    def _contact(self, card):
        """A contact card as the public page shows it (nothing for a deleted card)."""
        if card is None:
            return ""
        return render_to_string("contacts/blocks/contact.html", {"value": card}).strip()

    def _link_list(self, value):
        items = []
        for link in _list_items(value):
            page_id = _int(link.get("page"))
            url = self.pages.get(page_id) if page_id is not None else link.get("url")
            title = escape(link.get("title") or "")
            items.append(
                format_html('<li><a href="{}">{}</a></li>', url, title)
                if url
                else f"<li>{title}</li>"
            )
        return f'<ul class="link-list">{"".join(items)}</ul>'

    def _info_box(self, value):
        kind = value.get("kind") if value.get("kind") in ("info", "warning") else "info"
        title = f"<strong>{escape(value['title'])}</strong>" if value.get("title") else ""
        return (
            f'<aside class="info-box info-box--{kind}">{title}'
            f"{self.rich_text(value.get('text'))}</aside>"
        )


def image_url(image: AbstractImage) -> str:
    """The original file's absolute URL: no renditions are generated while serving the API."""
    return absolute(image.file.url)


def file_url(name: str) -> str:
    """Absolute URL of an image file stored under name (as the image model's storage says)."""
    return absolute(get_image_model()._meta.get_field("file").storage.url(name))

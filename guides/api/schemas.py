"""OpenAPI documentation of the Integreat shapes (the answers are built in guides.api.integreat)."""

from typing import Any

from ninja import Schema


class Error(Schema):
    """Every 400 and 404 answer of /api/v3."""

    error: str


class ValidationIssue(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrors(Schema):
    """A 422 answer: a query parameter does not fit its declared type or range."""

    detail: list[ValidationIssue]


class Language(Schema):
    id: int
    code: str
    bcp47_tag: str
    native_name: str
    dir: str


class Region(Schema):
    id: int
    name: str
    path: str
    live: bool
    prefix: str | None
    name_without_prefix: str
    plz: int | None
    extras: bool
    events: bool
    pois: bool
    push_notifications: bool
    longitude: float | None
    latitude: float | None
    bounding_box: list[list[float]]
    aliases: dict[str, Any] | None
    tunews: bool
    external_news: bool
    languages: list[Language]
    is_chat_enabled: bool


class PageLink(Schema):
    id: int
    url: str | None
    path: str | None


class Page(Schema):
    id: int
    url: str
    path: str
    title: str
    modified_gmt: str
    last_updated: str
    excerpt: str
    content: str
    parent: PageLink
    order: int
    available_languages: dict[str, PageLink]
    thumbnail: str | None
    organization: dict[str, Any] | None
    hash: str
    embedded_offers: list[dict[str, Any]]


class Imprint(Schema):
    id: int
    url: str
    path: str
    title: str
    modified_gmt: str | None
    last_updated: str | None
    excerpt: str
    content: str
    parent: None
    available_languages: dict[str, PageLink]
    thumbnail: None
    hash: None


class NewsItem(Schema):
    id: int
    title: str
    message: str
    timestamp: str
    last_updated: str
    display_date: str
    channel: str
    available_languages: dict[str, dict[str, Any]]
    source: str
    link: str | None


class FeedbackCreated(Schema):
    """A stored feedback submission (201), as integreat-cms answers."""

    success: str

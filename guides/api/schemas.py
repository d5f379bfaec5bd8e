"""OpenAPI documentation of the Integreat shapes (the answers are built in guides.api.integreat)."""

from typing import Any

from ninja import Field, Schema


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
    zammad_privacy_policy: str | None


class PageLink(Schema):
    id: int
    url: str | None
    path: str | None


class Organization(Schema):
    """integreat-cms's organization of a page, event or location."""

    id: int
    slug: str | None
    name: str
    logo: str | None = Field(description="Absolute URL of the logo image")
    website: str | None


class TimeSlot(Schema):
    start: str = Field(description="HH:MM, wall-clock time in `timezone`")
    end: str
    timezone: str = Field(description="The city's IANA time zone, e.g. Europe/Berlin")


class OpeningHoursDay(Schema):
    """One weekday (Monday first, seven in all)."""

    allDay: bool  # Integreat's field names
    closed: bool
    appointmentOnly: bool
    timeSlots: list[TimeSlot]


class Contact(Schema):
    """One of a location's contact cards (integreat-cms's shape)."""

    name: str | None
    area_of_responsibility: str | None
    email: str | None
    phone_number: str | None
    mobile_number: str | None
    website: str | None
    opening_hours: list[OpeningHoursDay] | None
    appointment_url: str | None


class LocationCategory(Schema):
    id: int
    name: str
    color: str = Field(description="Hex colour of integreat-cms's palette, e.g. #2E98FB")
    icon: str = Field(description="integreat-cms's icon name, e.g. advice")
    icon_url: str = Field(description="Absolute URL of the category's SVG icon")
    icon_color: str = Field(description="<icon>_<color>, as integreat-cms writes it")


class PoiAddress(Schema):
    """A location's address block (every field null for an event without a location)."""

    id: int | None
    name: str | None
    address: str | None
    town: str | None
    state: str | None
    postcode: str | None
    region: str | None
    country: str | None
    latitude: float | None
    longitude: float | None


class Location(Schema):
    id: int
    url: str
    path: str
    title: str
    modified_gmt: str
    last_updated: str
    meta_description: str
    excerpt: str
    content: str
    available_languages: dict[str, PageLink]
    icon: str | None
    thumbnail: str | None
    website: str | None
    email: str | None
    phone_number: str | None
    contacts: list[Contact] = Field(description="Always a list, empty when there are none")
    category: LocationCategory | None
    temporarily_closed: bool
    opening_hours: list[OpeningHoursDay] | None
    opening_hours_note: str | None
    appointment_url: str | None
    location: PoiAddress
    hash: None
    organization: Organization | None
    barrier_free: bool | None


class Page(Schema):
    id: int
    url: str
    path: str
    title: str
    modified_gmt: str
    last_updated: str
    published_at: str | None
    excerpt: str
    content: str
    parent: PageLink
    order: int
    available_languages: dict[str, PageLink]
    thumbnail: str | None
    organization: Organization | None
    hash: str
    embedded_offers: list[dict[str, Any]]


class PagesDelta(Schema):
    """`pages/?since=<version>`: what changed in a city-language since that version."""

    since: int = Field(description="The version asked for")
    version: int = Field(description="The version of this answer (also `Cityguide-Version`)")
    pages: list[Page] = Field(
        description="Pages added or changed since then (whole objects, in tree order)"
    )
    removed: list[int] = Field(description="Ids of pages that left the list since then")


class BundleManifest(Schema):
    """`manifest.json`, the first member of an offline bundle (`bundle/`)."""

    format: int = Field(description="The bundle format's version (1)")
    kind: str = Field(description="`full`, or `delta` for `bundle/?since=`")
    city: str
    language: str
    version: int = Field(
        description="The city-language version of the content (`Cityguide-Version`): the "
        "`since` of the next delta"
    )
    since: int | None = Field(description="A delta's base version; null in a full bundle")
    image_size: str = Field(description="The Wagtail filter spec of the images (max 800 px)")
    files: dict[str, str] = Field(
        description="Every other member of the archive: 16 base64url characters of its SHA-256"
    )
    images: dict[str, str] = Field(
        description="Image URL as the JSON files say it -> its path in the archive (a delta: "
        "the new images only)"
    )
    removed_files: list[str] | None = Field(
        None, description="A delta only: files of the `since` bundle that are gone"
    )


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
    published_at: str | None
    display_date: str
    channel: str
    available_languages: dict[str, dict[str, Any]]
    source: str
    link: str | None


class ChatStatus(Schema):
    is_chat_enabled: bool


class Offer(Schema):
    """integreat-cms's offer (extra); Cityguide serves none, so the lists are empty."""

    alias: str
    name: str
    url: str
    thumbnail: str
    post: dict[str, Any] | None


class EventTimes(Schema):
    id: int
    start: str
    start_date: str
    start_time: str
    end: str
    end_date: str
    end_time: str
    all_day: bool
    only_weekdays: bool
    recurrence_id: int | None
    timezone: str


class ImageSize(Schema):
    url: str
    width: int
    height: int


class FeaturedImage(Schema):
    """integreat-cms's featured image: every size a one-element list."""

    description: str
    mimetype: str
    thumbnail: list[ImageSize]
    medium: list[ImageSize]
    large: list[ImageSize]
    full: list[ImageSize]


class ObjectLink(Schema):
    """A language copy of an event or location; `id` is null for one occurrence."""

    id: int | None
    url: str
    path: str


class Event(Schema):
    """An event. `path` is the app path /{city}/{lang}/events/{slug}/ ({slug}${date}/ for one
    occurrence of a recurring event); `url` is the public site's page. `recurrence_rule` is
    `DTSTART:<first start in UTC, no Z>\\nRRULE:…`, as integreat-cms writes it."""

    id: int
    url: str
    path: str
    title: str
    modified_gmt: str
    last_updated: str
    published_at: str | None
    excerpt: str
    content: str
    available_languages: dict[str, ObjectLink]
    thumbnail: str | None
    featured_image: FeaturedImage | None
    location: PoiAddress
    location_path: str | None
    meeting_url: str | None
    event: EventTimes
    hash: None
    recurrence_rule: str | None
    organiser: str | None
    organization: Organization | None


class FeedbackCreated(Schema):
    """A stored feedback submission (201), as integreat-cms answers."""

    success: str


class SearchResult(Schema):
    """One page found by the city's search (not an Integreat shape: integreat-cms has none)."""

    id: int
    title: str
    excerpt: str = Field(description="The page's teaser")
    url: str = Field(
        description="Absolute public URL in the reader's language: a fallback page is served "
        "there in its own language, with a notice"
    )
    path: str = Field(description="App path /{city}/{lang}/…/ in the page's own language")
    language: str = Field(description="The language the page is written in")
    fallback: bool = Field(
        description="True when the page has no translation in the asked language and is "
        "shown in the source language instead"
    )

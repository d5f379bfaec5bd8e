"""Headless preview: signed, expiring tokens that show a draft to the app's preview client.

wagtail-headless-preview stores a draft as a PagePreview under a TimestampSigner token. Its
README endpoint neither verifies the signature nor survives a missing token; here both are
checked before anything is looked up, and each failure is a 4xx with a reason.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils.http import urlencode
from wagtail.models import Page, Site
from wagtail_headless_preview.models import (
    HeadlessPreviewMixin,
    PagePreview,
    get_client_root_url_from_site,
)


class PreviewError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def signer():
    """The signer wagtail-headless-preview's mixin uses, so tokens from either work here."""
    return HeadlessPreviewMixin.get_preview_signer()


def content_type_label(page):
    return f"{page._meta.app_label}.{page._meta.model_name}"


def create_preview(page):
    """Store page (typically a draft revision as an object) and return its PagePreview."""
    identifier = (
        f"id={page.pk}"
        if page.pk
        else (f"parent_id={page.get_parent().pk};page_type={page._meta.label}")
    )
    token = signer().sign(identifier)
    preview, _created = PagePreview.objects.update_or_create(
        token=token,
        defaults={
            "content_type": ContentType.objects.get_for_model(page),
            "content_json": page.to_json(),
        },
    )
    return preview


def preview_client_url(page, request, token):
    """Where the headless client shows the preview (WAGTAIL_HEADLESS_PREVIEW CLIENT_URLS)."""
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    query = urlencode({"content_type": content_type_label(page), "token": token})
    return f"{get_client_root_url_from_site(site)}?{query}"


def _page_content_type(label):
    app_label, _dot, model = (label or "").partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model.lower())
    except ContentType.DoesNotExist:
        raise PreviewError(
            400, "unknown_content_type", f"Unknown content_type {label!r}; use app_label.model."
        ) from None
    model_class = content_type.model_class()
    if model_class is None or not issubclass(model_class, Page):
        raise PreviewError(400, "unknown_content_type", f"{label!r} is not a page type.")
    return content_type


def page_for_token(content_type_label_value, token):
    """The previewed page for a request's content_type and token, or a PreviewError."""
    if not content_type_label_value or not token:
        raise PreviewError(
            400, "missing_parameter", "Both content_type and token query parameters are required."
        )
    content_type = _page_content_type(content_type_label_value)
    try:
        signer().unsign(token, max_age=settings.CITYGUIDE_PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewError(
            403, "expired_token", "The preview token has expired; open the preview again."
        ) from None
    except signing.BadSignature:
        raise PreviewError(403, "invalid_token", "The preview token is not valid.") from None
    preview = PagePreview.objects.filter(content_type=content_type, token=token).first()
    if preview is None:
        raise PreviewError(
            404, "no_preview", "No preview is stored for this token and content type."
        )
    page = preview.as_page()
    if not page.pk:
        page.pk = 0  # a new page has no id yet; the serializer needs one
    return page

"""Firebase Cloud Messaging's HTTP v1 API: one message to a topic, with bounded retries.

Credentials are a Google service account (its JSON key, from the environment: see README,
"Push notifications"); google-auth turns it into a short-lived OAuth2 bearer token at the
key's `token_uri`. FCM answers 429 and 5xx when it wants us to come back later: we retry
those (and network errors) a few times with exponential backoff, honouring a Retry-After of
up to `MAX_WAIT` seconds. Any other answer is final, and its error message is kept.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from google.auth import exceptions as auth_exceptions
from google.auth.transport.requests import Request
from google.oauth2 import service_account

logger = logging.getLogger(__name__)

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_WAIT = 60.0  # seconds: the longest pause between two attempts
MAX_REASON = 1000


class FcmNotConfigured(Exception):
    """No Firebase credentials or project: push notifications are switched off."""


@dataclass(frozen=True)
class FcmConfig:
    project_id: str
    service_account_info: dict[str, Any]
    base_url: str
    max_attempts: int
    backoff: float
    timeout: float

    @property
    def send_url(self) -> str:
        return f"{self.base_url.rstrip('/')}/v1/projects/{self.project_id}/messages:send"


@dataclass(frozen=True)
class SendResult:
    ok: bool
    attempts: int
    name: str = ""
    reason: str = ""


def _service_account_info() -> dict[str, Any]:
    text = getattr(settings, "CITYGUIDE_FCM_CREDENTIALS_JSON", "") or ""
    path = getattr(settings, "CITYGUIDE_FCM_CREDENTIALS_FILE", "") or ""
    if not text and not path:
        raise FcmNotConfigured(
            _(
                "Push notifications are not configured: set FCM_CREDENTIALS_FILE (or "
                "FCM_CREDENTIALS_JSON) to a Firebase service account key."
            )
        )
    try:
        if not text:
            with open(path, encoding="utf-8") as file:
                text = file.read()
        info = json.loads(text)
    except (OSError, ValueError) as error:
        raise FcmNotConfigured(
            _("The Firebase service account key cannot be read: %(error)s") % {"error": error}
        ) from error
    if not isinstance(info, dict) or not {"client_email", "private_key", "token_uri"} <= set(info):
        raise FcmNotConfigured(
            _(
                "The Firebase credentials are not a service account key (client_email, "
                "private_key and token_uri are required)."
            )
        )
    return info


def load_config() -> FcmConfig:
    """The FCM settings, or FcmNotConfigured naming what is missing."""
    info = _service_account_info()
    project_id = getattr(settings, "CITYGUIDE_FCM_PROJECT_ID", "") or info.get("project_id", "")
    if not project_id:
        raise FcmNotConfigured(
            _("Push notifications are not configured: set FCM_PROJECT_ID to the Firebase project.")
        )
    return FcmConfig(
        project_id=project_id,
        service_account_info=info,
        base_url=settings.CITYGUIDE_FCM_BASE_URL,
        max_attempts=max(1, int(settings.CITYGUIDE_FCM_MAX_ATTEMPTS)),
        backoff=float(settings.CITYGUIDE_FCM_BACKOFF_SECONDS),
        timeout=float(settings.CITYGUIDE_FCM_TIMEOUT_SECONDS),
    )


def _error_text(response: requests.Response) -> str:
    """FCM's own words for a refusal: `status: message` from its JSON error, else the body."""
    try:
        error = response.json().get("error", {})
        detail = ": ".join(part for part in (error.get("status"), error.get("message")) if part)
    except (ValueError, AttributeError):
        detail = response.text.strip()
    return f"HTTP {response.status_code} {detail}".strip()[:MAX_REASON]


def _retry_after(response: requests.Response | None) -> float | None:
    if response is None:
        return None
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


class FcmClient:
    """Sends messages for one project, reusing one access token while it is valid."""

    def __init__(self, config: FcmConfig) -> None:
        self.config = config
        self.session = requests.Session()
        self.credentials = service_account.Credentials.from_service_account_info(
            config.service_account_info, scopes=[SCOPE]
        )

    def _token(self, *, renew: bool = False) -> str:
        if renew or not self.credentials.valid:
            self.credentials.refresh(Request(self.session))
        return self.credentials.token

    def _wait(self, attempt: int, response: requests.Response | None) -> None:
        delay = self.config.backoff * 2 ** (attempt - 1)
        requested = _retry_after(response)
        if requested is not None:
            delay = max(delay, requested)
        time.sleep(min(delay, MAX_WAIT))

    def send(self, message: dict[str, Any]) -> SendResult:
        """POST one message; retried on 429, 5xx and network errors, and once on a 401."""
        renewed = False
        reason = ""
        for attempt in range(1, self.config.max_attempts + 1):
            response = None
            try:
                token = self._token(renew=False)
                response = self.session.post(
                    self.config.send_url,
                    json={"message": message},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=self.config.timeout,
                )
            except auth_exceptions.GoogleAuthError as error:
                reason = _("Could not get an access token: %(error)s") % {"error": error}
                retryable = getattr(error, "retryable", False) or isinstance(
                    error, auth_exceptions.TransportError
                )
                if not retryable:
                    return SendResult(False, attempt, reason=reason[:MAX_REASON])
            except requests.RequestException as error:
                reason = _("FCM did not answer: %(error)s") % {"error": error}
            else:
                if response.status_code == 200:
                    return SendResult(True, attempt, name=response.json().get("name", ""))
                reason = _error_text(response)
                if response.status_code == 401 and not renewed:
                    renewed = True
                    self.credentials.token = None  # the token was refused: get a new one
                    continue
                if response.status_code not in RETRY_STATUSES:
                    return SendResult(False, attempt, reason=reason)
            logger.warning("FCM attempt %s failed: %s", attempt, reason)
            if attempt < self.config.max_attempts:
                self._wait(attempt, response)
        return SendResult(
            False,
            self.config.max_attempts,
            reason=(
                _("Gave up after %(n)s attempts: %(reason)s")
                % {"n": self.config.max_attempts, "reason": reason}
            )[:MAX_REASON],
        )

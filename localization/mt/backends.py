"""Machine translation backends, behind wagtail-localize's machine translator interface.

Which backends exist, and their keys and URLs, come from `settings.CITYGUIDE_MT_BACKENDS`
(filled from the environment, never from the database): {name: {"CLASS": dotted path,
"OPTIONS": {…}}}. A city chooses one of them per target language in the admin
(`localization.mt.models.MachineTranslationConfig`). Production offers none until configured.

Every backend takes segment HTML (wagtail-localize's StringValue: inline tags without
attributes, links as `<a id="a1">`) and answers the same. A backend that cannot translate,
is out of quota or keeps being rate-limited raises `BackendError` with a message an editor can
act on; `localization.mt.checks` then decides per segment whether a reply can be used.

A backend that supports glossaries has `prepare_glossary(MachineGlossary)` (the city's terms,
`localization.glossary.machine`): it answers what its `translate(…, glossary=…)` takes, or
None to translate without one. DeepL keeps one glossary per city, language pair and content
on the account (see `DeepLTranslator.prepare_glossary`); LibreTranslate has none.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import TYPE_CHECKING

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.machine_translators.dummy import DummyTranslator
from wagtail_localize.strings import StringValue

if TYPE_CHECKING:
    from wagtail.models import Locale

    from localization.glossary.machine import MachineGlossary

logger = logging.getLogger(__name__)


class BackendError(RuntimeError):
    """The backend refused or failed the request; the message says why."""

    def __init__(self, message, *, quota=False):
        super().__init__(message)
        self.quota = quota


def configured_backends() -> dict[str, dict]:
    return dict(getattr(settings, "CITYGUIDE_MT_BACKENDS", {}) or {})


def backend_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in configured_backends()]


def get_translator(name: str) -> BaseMachineTranslator:
    """The configured backend `name`, or BackendError when it is not configured."""
    config = configured_backends().get(name)
    if config is None:
        raise BackendError(
            _(
                "The machine translation backend “%(name)s” is not configured on this "
                "installation (configured: %(known)s)."
            )
            % {"name": name, "known": ", ".join(configured_backends()) or _("none")}
        )
    return import_string(config["CLASS"])(config.get("OPTIONS", {}))


def base_language(code: str) -> str:
    return code.split("-")[0].lower()


def _language_name(code: str) -> str:
    """The language's name in the active language ("German", „Deutsch“), else its code."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class DemoTranslator(DummyTranslator):
    """wagtail-localize's dummy translator (it reverses the words, keeping inline tags): needs
    no key, so the dev settings, the demo and the flow tests can machine-translate."""

    display_name = gettext_lazy("Demo translator (reverses words)")


class DeepLTranslator(BaseMachineTranslator):
    """DeepL through its client library (`deepl`). OPTIONS: AUTH_KEY, SERVER_URL (optional,
    e.g. a test server), MAX_RETRIES (the library retries 429 and 5xx with backoff),
    GLOSSARY_PREFIX (default "cityguide": the start of the names of the glossaries this
    installation keeps on the account; give each installation sharing an account its own)."""

    display_name = "DeepL"
    GLOSSARY_PAIRS_SECONDS = 24 * 3600  # how long DeepL's glossary language pairs are cached

    def __init__(self, options):
        super().__init__(options)
        import deepl

        self._deepl = deepl
        if "MAX_RETRIES" in options:
            # The library's retry count is module-wide; it is set from settings only.
            deepl.http_client.max_network_retries = int(options["MAX_RETRIES"])
        self.client = deepl.Translator(
            options.get("AUTH_KEY", ""),
            server_url=options.get("SERVER_URL") or None,
            send_platform_info=False,
        )

    def can_translate(self, source_locale: Locale, target_locale: Locale) -> bool:
        return base_language(source_locale.language_code) != base_language(
            target_locale.language_code
        )

    def translate(self, source_locale, target_locale, strings, *, glossary=None):
        deepl = self._deepl
        target = target_locale.language_code.upper()
        if target == "EN":
            target = "EN-GB"
        try:
            results = self.client.translate_text(
                [string.data for string in strings],
                source_lang=base_language(source_locale.language_code).upper(),
                target_lang=target,
                tag_handling="html",
                glossary=glossary,
            )
        except deepl.QuotaExceededException:
            raise BackendError(
                _("DeepL's character quota for this account is used up."), quota=True
            ) from None
        except deepl.TooManyRequestsException:
            raise BackendError(
                _("DeepL is rate-limiting requests (429) and did not recover; try again later.")
            ) from None
        except deepl.AuthorizationException:
            raise BackendError(_("DeepL refused the API key (403).")) from None
        except deepl.DeepLException as error:
            raise BackendError(_("DeepL failed: %(error)s") % {"error": error}) from None
        if not isinstance(results, list):
            results = [results]
        return {
            string: StringValue(result.text)
            for string, result in zip(strings, results, strict=True)
        }

    def prepare_glossary(self, glossary: MachineGlossary):
        """DeepL's glossary holding `glossary`'s entries (a GlossaryInfo for `translate`), or
        None when DeepL has no glossaries for the language pair.

        It is named from the city, the pair and the entries' digest
        (`cityguide-<city id>-de-en-<digest>`): while the city's terms stay the same, the
        glossary made for an earlier job is used again; when they change, a new one is made
        and the city's old ones for the pair are deleted. A failure is a BackendError: the
        job stops before any text is sent."""
        deepl = self._deepl
        source = base_language(glossary.source_language)
        target = base_language(glossary.target_language)
        try:
            if (source, target) not in self._glossary_pairs():
                return None
            prefix = self.options.get("GLOSSARY_PREFIX") or "cityguide"
            stem = f"{prefix}-{glossary.city_id or 'shared'}-{source}-{target}-"
            name = stem + glossary.digest
            existing = self.client.list_glossaries()
            current = next(
                (
                    found
                    for found in existing
                    if found.name == name
                    and (found.source_lang, found.target_lang) == (source.upper(), target.upper())
                ),
                None,
            )
            if current is None:
                current = self.client.create_glossary(
                    name, source.upper(), target.upper(), glossary.as_dict()
                )
        except (deepl.DeepLException, ValueError) as error:
            # ValueError: the library refused an entry (a control character) before sending.
            raise BackendError(
                _(
                    "DeepL could not set up the glossary for %(source)s → %(target)s, so "
                    "nothing was translated: %(error)s"
                )
                % {
                    "source": _language_name(source),
                    "target": _language_name(target),
                    "error": error,
                }
            ) from None
        for stale in existing:
            if stale.name.startswith(stem) and stale.name != name:
                self._delete_glossary(stale)
        return current

    def _glossary_pairs(self) -> set[tuple[str, str]]:
        """The (source, target) base language codes DeepL has glossaries for, cached."""
        url = self.client.server_url
        key = "cityguide-deepl-glossary-pairs-" + hashlib.sha256(url.encode()).hexdigest()[:16]
        pairs = cache.get(key)
        if pairs is None:
            pairs = {
                (pair.source_lang.lower(), pair.target_lang.lower())
                for pair in self.client.get_glossary_languages()
            }
            cache.set(key, pairs, self.GLOSSARY_PAIRS_SECONDS)
        return pairs

    def _delete_glossary(self, stale) -> None:
        """Delete an outdated glossary of the city; failing to is only logged (the job goes
        on with the current one, and the next job tries again)."""
        try:
            self.client.delete_glossary(stale)
        except self._deepl.GlossaryNotFoundException:
            pass  # another job deleted it first
        except self._deepl.DeepLException:
            logger.warning("DeepL glossary %s (%s) could not be deleted", stale.name, stale)

    def remaining_characters(self) -> int | None:
        """What the DeepL account has left this period (/v2/usage), None when unlimited."""
        try:
            usage = self.client.get_usage()
        except self._deepl.DeepLException as error:
            raise BackendError(_("DeepL failed: %(error)s") % {"error": error}) from None
        if usage.character is None or not usage.character.valid:
            return None
        return usage.character.limit - usage.character.count


class LibreTranslateTranslator(BaseMachineTranslator):
    """A self-hosted LibreTranslate (POST /translate, JSON). OPTIONS: URL, API_KEY (optional),
    TIMEOUT, MAX_ATTEMPTS and BACKOFF_SECONDS (429 and 5xx are retried, honouring
    Retry-After)."""

    display_name = "LibreTranslate"

    def can_translate(self, source_locale, target_locale):
        return base_language(source_locale.language_code) != base_language(
            target_locale.language_code
        )

    def translate(self, source_locale, target_locale, strings, *, glossary=None):
        payload = {
            "q": [string.data for string in strings],
            "source": base_language(source_locale.language_code),
            "target": base_language(target_locale.language_code),
            "format": "html",
        }
        if self.options.get("API_KEY"):
            payload["api_key"] = self.options["API_KEY"]
        body = self._post(payload)
        texts = body.get("translatedText") if isinstance(body, dict) else None
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or len(texts) != len(strings):
            raise BackendError(_("LibreTranslate answered with an unexpected reply."))
        return {string: StringValue(text) for string, text in zip(strings, texts, strict=True)}

    def _post(self, payload):
        url = self.options["URL"].rstrip("/") + "/translate"
        attempts = int(self.options.get("MAX_ATTEMPTS", 3))
        backoff = float(self.options.get("BACKOFF_SECONDS", 1.0))
        for attempt in range(1, attempts + 1):
            try:
                response = requests.post(
                    url, json=payload, timeout=float(self.options.get("TIMEOUT", 30))
                )
            except requests.RequestException as error:
                if attempt == attempts:
                    raise BackendError(
                        _("LibreTranslate at %(url)s cannot be reached: %(error)s")
                        % {"url": url, "error": error}
                    ) from None
                time.sleep(backoff * 2 ** (attempt - 1))
                continue
            if response.status_code == 429 or response.status_code >= 500:
                if attempt == attempts:
                    raise BackendError(
                        _(
                            "LibreTranslate answered %(status)s %(attempts)s times in a row; "
                            "try again later."
                        )
                        % {"status": response.status_code, "attempts": attempts}
                    )
                time.sleep(min(_retry_after(response, backoff * 2 ** (attempt - 1)), 30.0))
                continue
            if response.status_code != 200:
                raise BackendError(
                    _("LibreTranslate refused the request (%(status)s): %(error)s")
                    % {"status": response.status_code, "error": _error_text(response)}
                )
            try:
                return response.json()
            except ValueError:
                raise BackendError(_("LibreTranslate answered with an unexpected reply.")) from None
        raise AssertionError("unreachable")


def _retry_after(response, default):
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return default


def _error_text(response):
    try:
        return str(response.json().get("error", ""))[:200]
    except ValueError:
        return response.text[:200]

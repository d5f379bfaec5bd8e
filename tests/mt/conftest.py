"""Fixtures for machine translation tests: a city set up for MT, and local HTTP servers that
speak the documented DeepL and LibreTranslate APIs (DeepL's with its v2 glossaries)."""

import itertools
import json
import re
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from localization.mt.models import MachineTranslationConfig, TranslationBudget


def set_up_mt(city, code="en", backend="demo", characters=100_000, top_up=0):
    MachineTranslationConfig.objects.update_or_create(
        city=city, language=Locale.objects.get(language_code=code), defaults={"backend": backend}
    )
    TranslationBudget.objects.update_or_create(
        city=city,
        defaults={"monthly_characters": characters, "top_up_characters": top_up},
    )


class StubServer:
    """A threaded HTTP server on 127.0.0.1 whose answers a test scripts: `replies` is a list
    of (status, body dict, headers) used in turn (the last one repeats); `translate(texts)`
    builds the translated texts of a 200 answer. Every request is recorded as (method, path,
    headers, body). A body dict is sent as JSON, a str as tab-separated values, None as no
    body."""

    def __init__(self, translate):
        self.translate = translate
        self.replies = []
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self._answer(None)

            def do_DELETE(self):
                self._answer(None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = parse_qs(raw)
                self._answer(body)

            def _answer(self, body):
                stub.requests.append((self.command, self.path, dict(self.headers), body))
                status, payload, headers = stub.answer(self.command, self.path, body)
                self.send_response(status)
                if payload is None:
                    data = b""
                elif isinstance(payload, str):
                    data = payload.encode()
                    self.send_header("Content-Type", "text/tab-separated-values")
                else:
                    data = json.dumps(payload).encode()
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, method, path, body):
        translate_requests = [r for r in self.requests if r[1].endswith("translate")]
        if path.endswith("translate") and self.replies:
            index = min(len(translate_requests) - 1, len(self.replies) - 1)
            status, payload, headers = self.replies[index]
            if status == 200 and payload is None:
                return 200, self.translate(body), headers
            return status, payload, headers
        if path.endswith("translate"):
            return 200, self.translate(body), {}
        if path.endswith("usage"):
            return 200, {"character_count": 1000, "character_limit": 500000}, {}
        return 404, {"message": "not found"}, {}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class DeepLStubServer(StubServer):
    """DeepL's API as documented: /v2/translate (applying a glossary given as `glossary_id`),
    /v2/usage, and the v2 glossaries: /v2/glossary-language-pairs (the pairs in
    `glossary_pairs`), create (entries as TSV or CSV) / list / get / entries / delete on
    /v2/glossaries. `glossaries` holds the stored ones by id; `failures` scripts an answer
    for a (method, path) instead of the real one."""

    def __init__(self, translate):
        super().__init__(translate)
        self.glossary_pairs = [("de", "en"), ("de", "ar"), ("de", "uk")]
        self.glossaries = {}  # id -> {"info": {...}, "entries": {source: target}}
        self.failures = {}  # (method, path) -> (status, body dict, headers)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def answer(self, method, path, body):
        path = urlsplit(path).path
        if (method, path) in self.failures:
            return self.failures[(method, path)]
        if path == "/v2/glossary-language-pairs" and method == "GET":
            pairs = [{"source_lang": s, "target_lang": t} for s, t in self.glossary_pairs]
            return 200, {"supported_languages": pairs}, {}
        if path == "/v2/glossaries":
            if method == "POST":
                return self._create_glossary(body)
            if method == "GET":
                infos = [glossary["info"] for glossary in self.glossaries.values()]
                return 200, {"glossaries": infos}, {}
        found = re.fullmatch(r"/v2/glossaries/([^/]+)(/entries)?", path)
        if found:
            glossary = self.glossaries.get(found[1])
            if glossary is None:
                return 404, {"message": "Glossary not found"}, {}
            if method == "DELETE" and not found[2]:
                with self._lock:
                    del self.glossaries[found[1]]
                return 204, None, {}
            if method == "GET":
                if found[2]:
                    tsv = "\n".join(f"{s}\t{t}" for s, t in glossary["entries"].items())
                    return 200, tsv, {}
                return 200, glossary["info"], {}
        if path == "/v2/translate" and body.get("glossary_id"):
            problem = self._glossary_problem(body)
            if problem:
                return problem
            body = dict(body, text=self._apply_glossary(body))
        return super().answer(method, path, body)

    def _create_glossary(self, body):
        body = {key: value[0] if isinstance(value, list) else value for key, value in body.items()}
        missing = [
            key for key in ("name", "source_lang", "target_lang", "entries") if not body.get(key)
        ]
        if missing:
            return 400, {"message": f"Missing parameter: {missing[0]}"}, {}
        pair = (body["source_lang"].lower(), body["target_lang"].lower())
        if pair not in self.glossary_pairs:
            return 400, {"message": "Unsupported glossary source and target language pair"}, {}
        separator = {"tsv": "\t", "csv": ","}.get(body.get("entries_format", "tsv"))
        if separator is None:
            return 400, {"message": "Value for 'entries_format' not supported."}, {}
        entries = {}
        for line in body["entries"].splitlines():
            if not line.strip():
                continue
            source, sep, target = line.partition(separator)
            if not sep or not source.strip() or not target.strip() or source in entries:
                return 400, {"message": f"Invalid glossary entries: {line!r}"}, {}
            entries[source] = target
        with self._lock:
            glossary_id = f"glossary-{next(self._ids)}"
            info = {
                "glossary_id": glossary_id,
                "name": body["name"],
                "ready": True,
                "source_lang": pair[0],
                "target_lang": pair[1],
                "creation_time": datetime.now(UTC).isoformat(timespec="microseconds"),
                "entry_count": len(entries),
            }
            self.glossaries[glossary_id] = {"info": info, "entries": entries}
        return 201, info, {}

    def _glossary_problem(self, body):
        glossary = self.glossaries.get(body["glossary_id"])
        if glossary is None:
            return 404, {"message": "Glossary not found"}, {}
        source = (body.get("source_lang") or "").lower()
        target = (body.get("target_lang") or "").lower().split("-")[0]
        if (source, target) != (glossary["info"]["source_lang"], glossary["info"]["target_lang"]):
            return 400, {"message": "Language pair does not match the glossary"}, {}
        return None

    def _apply_glossary(self, body):
        """Each text with the glossary's source terms (whole words) put in translation."""
        entries = self.glossaries[body["glossary_id"]]["entries"]
        terms = sorted(entries, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
        return [pattern.sub(lambda m: entries[m[1]], text) for text in body.get("text", [])]

    def glossary_requests(self):
        """The requests on /v2/glossaries (create, list, get, delete), in order."""
        return [r for r in self.requests if r[1].startswith("/v2/glossaries")]


def deepl_answer(change):
    """A /v2/translate handler that answers each text as `change(text, target language)`
    makes it, in DeepL's documented shape."""

    def answer(body):
        texts = body.get("text", [])
        target = body.get("target_lang", ["?"])
        target = target[0] if isinstance(target, list) else target
        return {
            "translations": [
                {
                    "detected_source_language": "DE",
                    "text": change(text, target),
                    "billed_characters": len(text),
                }
                for text in texts
            ]
        }

    return answer


#: DeepL's /v2/translate answer: each text marked with the target language.
deepl_translate = deepl_answer(lambda text, target: f"[{target}] {text}")


def libre_translate(body):
    texts = body["q"]
    return {"translatedText": [f"[{body['target']}] {text}" for text in texts]}


@pytest.fixture
def deepl_server():
    cache.clear()  # DeepL's glossary language pairs are cached
    server = DeepLStubServer(deepl_translate)
    yield server
    server.close()
    cache.clear()


@pytest.fixture
def libre_server():
    server = StubServer(libre_translate)
    yield server
    server.close()


@pytest.fixture
def deepl(settings, deepl_server, augsburg):
    settings.CITYGUIDE_MT_BACKENDS = {
        "deepl": {
            "CLASS": "localization.mt.backends.DeepLTranslator",
            "OPTIONS": {
                "AUTH_KEY": "test-key",
                "SERVER_URL": deepl_server.url,
                "MAX_RETRIES": 1,
            },
        }
    }
    set_up_mt(augsburg, backend="deepl")
    return deepl_server


@pytest.fixture
def libre(settings, libre_server, augsburg):
    settings.CITYGUIDE_MT_BACKENDS = {
        "libretranslate": {
            "CLASS": "localization.mt.backends.LibreTranslateTranslator",
            "OPTIONS": {"URL": libre_server.url, "MAX_ATTEMPTS": 2, "BACKOFF_SECONDS": 0.05},
        }
    }
    set_up_mt(augsburg, backend="libretranslate")
    return libre_server

"""Fixtures for machine translation tests: a city set up for MT, and local HTTP servers that
speak the documented DeepL and LibreTranslate APIs."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
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
    builds the translated texts of a 200 answer. Every request is recorded."""

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
                status, payload, headers = stub.answer(self.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
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

    def answer(self, path, body):
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


def deepl_translate(body):
    """DeepL's /v2/translate answer: each text marked with the target language."""
    texts = body.get("text", [])
    target = body.get("target_lang", ["?"])
    target = target[0] if isinstance(target, list) else target
    return {
        "translations": [
            {
                "detected_source_language": "DE",
                "text": f"[{target}] {text}",
                "billed_characters": len(text),
            }
            for text in texts
        ]
    }


def libre_translate(body):
    texts = body["q"]
    return {"translatedText": [f"[{body['target']}] {text}" for text in texts]}


@pytest.fixture
def deepl_server():
    server = StubServer(deepl_translate)
    yield server
    server.close()


@pytest.fixture
def libre_server():
    server = StubServer(libre_translate)
    yield server
    server.close()

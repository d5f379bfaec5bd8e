"""A local stand-in for Google's OAuth2 token endpoint and FCM's HTTP v1 messages:send.

It speaks the documented protocol over real HTTP: the token endpoint takes a service
account's signed JWT (grant type jwt-bearer) and checks its signature with the key's public
half; messages:send takes `{"message": …}` with a bearer token it issued. Tests script the
answers of messages:send (status, headers, JSON) to make FCM fail, throttle or recover.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import jwt

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Google's documented audience of a service account's token request, wherever it is posted.
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"


def make_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class FakeFcm:
    def __init__(self, public_key, project="cityguide-test"):
        self.public_key = public_key
        self.project = project
        self.tokens = []  # issued access tokens
        self.grants = []  # the decoded JWT claims of each token request
        self.messages = []  # (authorization header, JSON body) of each messages:send
        self.script = []  # answers to give before falling back to success: (status, headers, body)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/token":
                    return self._token(parse_qs(body.decode()))
                if self.path == f"/v1/projects/{fake.project}/messages:send":
                    return self._send(self.headers.get("Authorization", ""), json.loads(body))
                return self._answer(404, {"error": {"code": 404, "status": "NOT_FOUND"}})

            def _token(self, form):
                if form.get("grant_type") != [JWT_BEARER]:
                    return self._answer(400, {"error": "unsupported_grant_type"})
                try:
                    claims = jwt.decode(
                        form["assertion"][0], certs=fake.public_key, audience=GOOGLE_TOKEN_AUDIENCE
                    )
                except (ValueError, KeyError) as error:
                    return self._answer(400, {"error": "invalid_grant", "detail": str(error)})
                with fake.lock:
                    token = f"token-{len(fake.tokens) + 1}"
                    fake.tokens.append(token)
                    fake.grants.append(claims)
                return self._answer(
                    200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}
                )

            def _send(self, authorization, payload):
                with fake.lock:
                    fake.messages.append((authorization, payload))
                    number = len(fake.messages)
                    if authorization.removeprefix("Bearer ") not in fake.tokens:
                        scripted = fcm_error(401, "UNAUTHENTICATED", "Unknown token.")
                    else:
                        scripted = fake.script.pop(0) if fake.script else None
                if scripted is not None:
                    status, headers, body = scripted
                    return self._answer(status, body, headers)
                name = f"projects/{fake.project}/messages/{number}"
                return self._answer(200, {"name": name})

        return Handler

    def service_account(self, private_key):
        return {
            "type": "service_account",
            "project_id": self.project,
            "private_key_id": "test-key",
            "private_key": private_key,
            "client_email": f"push@{self.project}.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": f"{self.url}/token",
        }


def fcm_error(status, code, message):
    return (status, {}, {"error": {"code": status, "status": code, "message": message}})

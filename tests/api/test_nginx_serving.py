"""The shipped nginx config (deploy/nginx/cityguide.conf) in front of a live server: pages lists
from their pre-built files, with Django's headers, and never stale after a publish returns.

Two nginx servers run the same config: one in front of the live server, and one in front of
a closed port, which can only answer from the files (anything that needs Django is a 502
there). Skipped without nginx, unless CITYGUIDE_REQUIRE_NGINX=1.
"""

import http.client
import importlib.util
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from guides.api import prebuilt
from tests.api.conftest import decode
from tests.api.test_prebuilt_lists import PAGES, SAME_HEADERS
from tests.tools import unavailable

ROOT = Path(__file__).resolve().parents[2]


def _render_module():
    spec = importlib.util.spec_from_file_location("nginx_render", ROOT / "deploy/nginx/render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """nginx with the shipped config, from a work directory of its own."""

    def __init__(self, workdir, upstream, prebuilt_root):
        self.port = free_port()
        self.dir = workdir
        workdir.mkdir(parents=True)
        config = _render_module().standalone(
            workdir,
            listen=f"127.0.0.1:{self.port}",
            upstreams=[upstream],
            prebuilt_root=prebuilt_root,
            static_root=workdir,
            media_root=workdir,
        )
        (workdir / "nginx.conf").write_text(config)
        self.process = subprocess.Popen(
            ["nginx", "-c", str(workdir / "nginx.conf"), "-p", str(workdir), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode()}")
            time.sleep(0.05)
        raise RuntimeError("nginx did not listen within 10 s")

    def get(self, path, **headers):
        return get(self.port, path, headers)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def get(port, path, headers):
    """(status, {header: value}, body) of a GET with exactly these headers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def every_encoding_written(path, timeout=10.0):
    """Wait for the encodings that the building request adds after its response."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = prebuilt.current(path)
        if answer and all(answer.body_path(e).exists() for e in ("identity", "gzip", "br")):
            return
        time.sleep(0.02)
    pytest.fail(f"the files of {path} were not all written within {timeout} s")


def comparable(headers, names):
    """The headers named; the policy's directives as a set (django-csp's order varies)."""
    values = {name: headers.get(name) for name in names}
    policy = values.get("Content-Security-Policy")
    if policy is not None:
        values["Content-Security-Policy"] = set(policy.split("; "))
    return values


def decoded(headers, body):
    return decode(headers.get("Content-Encoding"), body)


@pytest.fixture
def servers(live_server, settings, tmp_path):
    """(Django, nginx in front of it, nginx in front of nothing): each get(path, **headers)."""
    if shutil.which("nginx") is None:
        unavailable(
            "nginx is not installed (apt-get install nginx libnginx-mod-http-brotli-static)",
            required_by="CITYGUIDE_REQUIRE_NGINX",
        )
    settings.API_PREBUILT_ROOT = str(tmp_path / "prebuilt")
    settings.ALLOWED_HOSTS = ["*"]
    django_port = int(live_server.url.rsplit(":", 1)[1])
    proxy = Nginx(tmp_path / "proxy", f"127.0.0.1:{django_port}", settings.API_PREBUILT_ROOT)
    files_only = Nginx(tmp_path / "files", f"127.0.0.1:{free_port()}", settings.API_PREBUILT_ROOT)
    yield (lambda path, **headers: get(django_port, path, headers)), proxy, files_only
    proxy.stop()
    files_only.stop()


ENCODINGS = ["br, gzip", "gzip", "identity", "gzip;q=0, br;q=0"]


@pytest.mark.parametrize("accept", ENCODINGS)
def test_nginx_serves_a_built_list_from_its_files_with_djangos_headers(city_tree, servers, accept):
    django, proxy, files_only = servers
    assert files_only.get(PAGES)[0] == 502  # not built yet: only Django could answer
    status, _headers, _body = proxy.get(PAGES, **{"Accept-Encoding": accept})
    assert status == 200
    every_encoding_written(PAGES)
    status, from_django, django_body = django(PAGES, **{"Accept-Encoding": accept})
    status_nginx, from_nginx, nginx_body = files_only.get(PAGES, **{"Accept-Encoding": accept})
    assert status_nginx == 200
    assert comparable(from_nginx, SAME_HEADERS) == comparable(from_django, SAME_HEADERS)
    assert from_nginx["Vary"] == from_django["Vary"] == "Accept-Encoding"
    assert nginx_body == django_body


def test_a_conditional_get_is_a_304_from_nginx_with_djangos_headers(city_tree, servers):
    """Every Accept-Encoding in one test: conditional GETs change nothing, and a live-server
    test's set-up (a transactional database, the city built anew) costs seconds."""
    django, proxy, files_only = servers
    _status, first, _body = proxy.get(PAGES, **{"Accept-Encoding": "gzip"})
    every_encoding_written(PAGES)
    compared = [name for name in SAME_HEADERS if not name.startswith("Content-")]
    for accept in ENCODINGS:
        conditional = {"Accept-Encoding": accept, "If-None-Match": first["ETag"]}
        status_django, from_django, _ = django(PAGES, **conditional)
        status_nginx, from_nginx, body = files_only.get(PAGES, **conditional)
        assert status_django == status_nginx == 304, accept
        assert body == b"", accept
        assert comparable(from_nginx, compared) == comparable(from_django, compared), accept
        stale = {"Accept-Encoding": accept, "If-None-Match": '"' + "0" * 40 + '-gzip"'}
        assert files_only.get(PAGES, **stale)[0] == 200, accept


def test_an_if_modified_since_alone_and_a_query_string_go_to_django(city_tree, servers):
    django, proxy, files_only = servers
    _status, first, _body = proxy.get(PAGES)
    since = f"{PAGES}?since={first['Cityguide-Version']}"
    assert files_only.get(since)[0] == 502
    assert files_only.get(PAGES, **{"If-Modified-Since": first["Last-Modified"]})[0] == 502
    status, _headers, body = proxy.get(since, **{"Accept-Encoding": "identity"})
    assert status == 200
    assert json.loads(body) == {
        "since": int(first["Cityguide-Version"]),
        "version": int(first["Cityguide-Version"]),
        "pages": [],
        "removed": [],
    }
    ims = proxy.get(PAGES, **{"If-Modified-Since": first["Last-Modified"]})
    assert ims[0] == django(PAGES, **{"If-Modified-Since": first["Last-Modified"]})[0]


def test_gzip_and_brotli_files_decode_to_djangos_json(city_tree, servers):
    django, proxy, files_only = servers
    proxy.get(PAGES)
    every_encoding_written(PAGES)
    _status, _headers, identity = django(PAGES, **{"Accept-Encoding": "identity"})
    from_gzip = files_only.get(PAGES, **{"Accept-Encoding": "gzip"})
    from_brotli = files_only.get(PAGES, **{"Accept-Encoding": "br"})
    assert from_gzip[1]["Content-Encoding"] == "gzip"
    assert from_brotli[1]["Content-Encoding"] == "br"
    assert decoded(*from_gzip[1:]) == decoded(*from_brotli[1:]) == json.loads(identity)


def test_a_get_through_nginx_right_after_a_publish_returns_the_new_list(city_tree, servers):
    _django, proxy, files_only = servers
    welcome = city_tree["willkommen"]
    for number in range(5):
        assert proxy.get(PAGES)[0] == 200  # built and stored
        assert files_only.get(PAGES)[0] == 200  # served from the files
        welcome.title = f"Willkommen {number}"
        welcome.save_revision().publish()  # commits: live-server tests run in autocommit
        status, headers, body = proxy.get(PAGES, **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert decoded(headers, body)[0]["title"] == f"Willkommen {number}"

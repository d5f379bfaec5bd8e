"""The pages list as production serves it: gunicorn alone, and nginx with the shipped config,
against the same bytes served by nginx as a plain static file.

    REDIS_URL=redis://127.0.0.1:6379/8 \\
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cityguide_serving \\
        .venv/bin/python benchmarks/api_serving.py --pages 1000
    .venv/bin/python benchmarks/api_serving.py --smoke

gunicorn (2 sync workers, production settings, DEBUG off) on the benchmark's database and
Redis, and nginx (deploy/nginx/cityguide.conf via deploy/nginx/render.py) in front of it, on
free loopback ports; both share the run's API_PREBUILT_ROOT. `wrk` (one connection, as one
phone does) measures the median latency of:

- gunicorn alone: the cached list (gzip) and its 304 (budgets 3 ms and 1.5 ms, issue 17);
- behind nginx: the cached list (gzip) and its 304, each as a ratio to the same gzip bytes
  and a 304 of them served by nginx as a static file (budget 2x);
- the bytes: nginx's and gunicorn's gzip bodies are the stored file's, and decode to the list.

Smoke mode (CI): a small city and one-second runs; times are printed, never enforced. Without
nginx (or wrk) the figures that need it are skipped, unless CITYGUIDE_REQUIRE_NGINX=1 makes that
a failure. Without REDIS_URL a redis-server of the run's own is started.
"""

import gzip
import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import common

ROOT = common.ROOT
SCALE = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class Unavailable(Exception):
    """A tool this figure needs is not installed."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, what, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None:
            raise common.BenchmarkError(f"{what} exited with status {process.returncode}")
        time.sleep(0.1)
    raise common.BenchmarkError(f"{what} did not listen on port {port} within {timeout} s")


def render_module():
    spec = importlib.util.spec_from_file_location("nginx_render", ROOT / "deploy/nginx/render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Servers:
    """redis (when REDIS_URL is unset), gunicorn and nginx, stopped in reverse order."""

    def __init__(self, workdir):
        self.dir = workdir
        self.processes = []

    def start(self, name, command, env=None):
        log = open(self.dir / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


def start_redis(servers):
    if shutil.which("redis-server") is None:
        raise common.BenchmarkError("REDIS_URL is not set and redis-server is not installed")
    port = free_port()
    process = servers.start(
        "redis",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no"],
    )  # fmt: skip
    wait_for_port(port, "redis-server", process)
    return f"redis://127.0.0.1:{port}/0"


def start_gunicorn(servers, redis_url, port):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cityguide.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PUBLIC_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )
    process = servers.start(
        "gunicorn",
        [str(Path(sys.executable).parent / "gunicorn"), "cityguide.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
        env=env,
    )  # fmt: skip
    wait_for_port(port, "gunicorn", process)


def start_nginx(servers, workdir, upstream_port, prebuilt_root, static_root):
    if shutil.which("nginx") is None:
        raise Unavailable("nginx is not installed (apt-get install nginx)")
    port = free_port()
    render = render_module()
    config = render.standalone(
        workdir / "nginx",
        listen=f"127.0.0.1:{port}",
        upstreams=[f"127.0.0.1:{upstream_port}"],
        prebuilt_root=prebuilt_root,
        static_root=static_root,
        media_root=static_root,
    )
    (workdir / "nginx" / "nginx.conf").write_text(config)
    process = servers.start(
        "nginx",
        ["nginx", "-c", str(workdir / "nginx/nginx.conf"), "-p", str(workdir / "nginx"),
         "-g", "daemon off;"],
    )  # fmt: skip
    wait_for_port(port, "nginx", process)
    return port, render.brotli_available()


def get(port, path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wrk_median_ms(port, path, seconds, headers, status):
    """Median latency of GETs on one keep-alive connection (wrk -c1), and the request count;
    every answer must have `status`."""
    if shutil.which("wrk") is None:
        raise Unavailable("wrk is not installed (apt-get install wrk)")
    script = Path(tempfile.gettempdir()) / f"api-serving-{os.getpid()}-{status}.lua"
    script.write_text(
        "done = function(summary, latency, requests) end\n"
        f"response = function(status, headers, body) if status ~= {status} then "
        'wrk.thread:stop() error("status " .. status) end end\n'
    )
    command = ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=False
    )
    script.unlink(missing_ok=True)
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", result.stdout)
    requests = re.search(r"(\d+) requests in", result.stdout)
    if result.returncode != 0 or median is None or "error" in result.stderr:
        raise common.BenchmarkError(f"wrk failed on {path}: {result.stdout}\n{result.stderr}")
    return float(median.group(1)) * SCALE[median.group(2)], int(requests.group(1))


def measure(args, report, gunicorn_port, url, headers, stored, items, servers, workdir):
    """The timed figures: gunicorn alone, then nginx against the same bytes as a static file."""
    from guides.api import prebuilt

    gzip_headers = {"Accept-Encoding": "gzip"}
    conditional = {**gzip_headers, "If-None-Match": headers["ETag"]}
    cached, _n = wrk_median_ms(gunicorn_port, url, args.seconds, gzip_headers, 200)
    report.check(
        "gunicorn alone: cached 200",
        cached,
        3,
        unit="ms",
        timed=True,
        note=f"median, wrk -c1, {items} pages, gzip",
    )
    not_modified, _n = wrk_median_ms(gunicorn_port, url, args.seconds, conditional, 304)
    report.check(
        "gunicorn alone: 304",
        not_modified,
        1.5,
        unit="ms",
        timed=True,
        note="median, wrk -c1, If-None-Match",
    )

    static_root = workdir / "static"
    (static_root / "bench").mkdir(parents=True)
    static_path = "/static/bench/pages.json.gz"
    (static_root / "bench/pages.json.gz").write_bytes(stored)
    nginx_port, brotli = start_nginx(
        servers, workdir, gunicorn_port, prebuilt.root().parent, static_root
    )
    if not brotli:
        print("nginx has no brotli_static module: brotli clients get the gzip file")
    _s, from_nginx, body = get(nginx_port, url, **gzip_headers)
    report.check("nginx: gzip bytes differ from the stored file", int(body != stored), 0)
    report.check("nginx: ETag differs from Django's", int(from_nginx["ETag"] != headers["ETag"]), 0)
    _s, static_headers, _b = get(nginx_port, static_path)
    static_conditional = {**gzip_headers, "If-None-Match": static_headers["ETag"]}
    # Interleaved rounds, the best median of each: the machine is shared, and a busy second
    # must not decide a ratio of two figures of a tenth of a millisecond.
    timed = {}
    for _round in range(1 if args.smoke else args.rounds):
        for name, path, sent, expected in (
            ("nginx: cached 200", url, gzip_headers, 200),
            ("static file: cached 200", static_path, gzip_headers, 200),
            ("nginx: 304", url, conditional, 304),
            ("static file: 304", static_path, static_conditional, 304),
        ):
            median, _n = wrk_median_ms(nginx_port, path, args.seconds, sent, expected)
            timed[name] = min(median, timed.get(name, median))
    for kind in ("cached 200", "304"):
        ours, static = timed[f"nginx: {kind}"], timed[f"static file: {kind}"]
        rounds = f"best median of {1 if args.smoke else args.rounds} interleaved wrk -c1 runs"
        report.check(f"nginx: {kind}", ours, unit="ms", timed=True, note=rounds)
        report.check(f"static file: {kind}", static, unit="ms", timed=True, note="same bytes")
        # A ratio of two times on the same machine: never scaled by the calibration, and
        # (like every time) not enforced in smoke mode.
        report.check(
            f"nginx {kind} / static file",
            ours / static,
            2,
            unit="x",
            timed=args.smoke,
            note=f"{ours:.3f} / {static:.3f} ms",
        )


def main():
    parser = common.parser(__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=5, help="of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved nginx rounds")
    args = parser.parse_args()
    if args.smoke:
        args.seconds = 1
    run = common.setup(args, title="API serving (gunicorn, nginx)", cached_figures=True)
    run.header("api_serving")
    require_nginx = os.environ.get("CITYGUIDE_REQUIRE_NGINX") == "1"

    from generate import CitySpec, build_cities, summary

    from guides.api import prebuilt

    pages = 24 if args.smoke else args.pages
    spec = CitySpec("serving", languages=["de", "en"], translated=["en"], pages=pages,
                    sections=min(20, max(3, pages // 50)), coverage=0.95, revisions=1)  # fmt: skip
    (generated,) = build_cities([spec])
    print(summary(generated))
    url = f"/api/v3/{spec.slug}/de/pages/"

    workdir = Path(tempfile.mkdtemp(prefix="api-serving-"))
    servers = Servers(workdir)
    report = run.report
    try:
        redis_url = os.environ.get("REDIS_URL") or start_redis(servers)
        gunicorn_port = free_port()
        start_gunicorn(servers, redis_url, gunicorn_port)
        status, headers, body = get(gunicorn_port, url, **{"Accept-Encoding": "gzip"})
        if status != 200:
            raise common.BenchmarkError(f"gunicorn answered {status}: {body[:300]!r}")
        answer = prebuilt.current(url)
        if answer is None:
            raise common.BenchmarkError(f"no pre-built files under {prebuilt.root()}")
        stored = answer.body_path("gzip").read_bytes()
        items = len(json.loads(gzip.decompress(stored)))
        print(f"{url}: {items} pages, {len(stored) / 1024:.1f} KiB gzip")
        _status, _headers, again = get(gunicorn_port, url, **{"Accept-Encoding": "gzip"})
        report.check("gunicorn: gzip bytes differ from the stored file", int(again != stored), 0)

        try:
            measure(args, report, gunicorn_port, url, headers, stored, items, servers, workdir)
        except Unavailable as error:
            if require_nginx:
                raise common.BenchmarkError(f"CITYGUIDE_REQUIRE_NGINX=1, but {error}") from None
            print(f"skipped the timed figures: {error}")
    finally:
        servers.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return report.finish()


if __name__ == "__main__":
    common.main_wrapper(main)

#!/usr/bin/env python3
"""Fill in deploy/nginx/cityguide.conf for a host, or write a whole nginx.conf around it.

    python3 deploy/nginx/render.py --listen 80 --upstream 127.0.0.1:8000 \\
        --prebuilt-root /srv/cityguide/var/prebuilt --static-root /srv/cityguide/static \\
        --media-root /srv/cityguide/media > /etc/nginx/conf.d/cityguide.conf

`standalone()` is what scripts/cluster_check, benchmarks/api_serving.py and the nginx tests
run: the same config in a main file of its own (pid, logs and temporary files in a work
directory), so that nginx starts without root and without /etc/nginx. Standard library only.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

TEMPLATE = Path(__file__).with_name("cityguide.conf")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def render(
    *,
    listen: str,
    upstreams: list[str],
    prebuilt_root: Path | str,
    static_root: Path | str,
    media_root: Path | str,
    forwarded_proto: str = "$scheme",
    brotli: bool = True,
) -> str:
    """The shipped config with this host's addresses and directories."""
    text = TEMPLATE.read_text()
    if not brotli:
        text = "\n".join(line for line in text.splitlines() if "brotli_static on" not in line)
    values = {
        "LISTEN": listen,
        "UPSTREAMS": "\n".join(f"    server {address};" for address in upstreams),
        "PREBUILT_ROOT": str(Path(prebuilt_root).resolve()),
        "STATIC_ROOT": str(Path(static_root).resolve()),
        "MEDIA_ROOT": str(Path(media_root).resolve()),
        "FORWARDED_PROTO": forwarded_proto,
    }
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


def brotli_available() -> bool:
    return BROTLI_MODULE.exists()


def standalone(workdir: Path, **values) -> str:
    """A whole nginx.conf that runs from workdir (`nginx -c workdir/nginx.conf -p workdir`)."""
    for sub in ("tmp", "logs"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    brotli = values.setdefault("brotli", brotli_available())
    load = f"load_module {BROTLI_MODULE};\n" if brotli else ""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {kind}_temp_path {workdir / 'tmp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{load}{user}worker_processes 1;
pcre_jit on;
pid {workdir / "nginx.pid"};
error_log {workdir / "logs/error.log"};
events {{ worker_connections 4096; }}
http {{
  access_log off;
{temp}
{render(**values)}
}}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default="80")
    parser.add_argument("--upstream", action="append", required=True, help="host:port of gunicorn")
    parser.add_argument("--prebuilt-root", required=True, help="API_PREBUILT_ROOT")
    parser.add_argument("--static-root", required=True, help="STATIC_ROOT")
    parser.add_argument("--media-root", required=True, help="MEDIA_ROOT")
    parser.add_argument("--no-brotli", action="store_true", help="without the brotli module")
    args = parser.parse_args()
    print(
        render(
            listen=args.listen,
            upstreams=args.upstream,
            prebuilt_root=args.prebuilt_root,
            static_root=args.static_root,
            media_root=args.media_root,
            brotli=not args.no_brotli,
        )
    )


if __name__ == "__main__":
    main()

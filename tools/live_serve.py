"""Serve the site with live code (`make live`): a Jupyter server and the built pages, local.

Every build of the site carries thebe in `_thebe/` (tools/sphinx_ext/nnbook_live.py), and
its live code runs on Binder unless the site serves `_thebe/server.json`. `make live`
builds the site (`make html`) and runs this script, which

1. starts ``jupyter server`` on 127.0.0.1 at the repository root (Thebe starts each kernel
   in the chapter's folder, and chapters import the installed ``nncode``), with a fresh
   random token and CORS opened to the site's origin only;
2. writes ``_thebe/server.json`` (server URL and token) into the site, which the page
   reads when the reader clicks "Live Code" (assets/live.js), and removes it when it
   stops, so the same folder publishes as it was built;
3. serves the site with Python's http.server on 127.0.0.1 until Ctrl-C.

The browser test (tests/browser/test_live_code.py) uses `start_jupyter` and `write_settings`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def jupyter_command(port: int, token: str, site_origin: str) -> list[str]:
    """The command line of a local Jupyter server that the site at `site_origin` may use."""
    cmd = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={ROOT}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.allow_origin_pat={_origin_pattern(site_origin)}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def _origin_pattern(origin: str) -> str:
    return "^" + origin.replace(".", r"\.") + "$"


def start_jupyter(
    port: int, token: str, site_origin: str, log_path: Path, timeout: float = 60.0
) -> subprocess.Popen[bytes]:
    """Start the Jupyter server and wait until its API answers (or raise RuntimeError)."""
    with open(log_path, "wb") as log:  # the child keeps its own copy of the handle
        proc = subprocess.Popen(
            jupyter_command(port, token, site_origin),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/api/status?token={token}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter server exited early; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"jupyter server did not answer within {timeout:.0f} s; see {log_path}")


def write_settings(site: Path, port: int, token: str, timeout: float | None = None) -> Path:
    """Write `_thebe/server.json`, which assets/live.js reads when the reader starts live
    code: the server's URL and token, and how many seconds to wait for a kernel before the
    page offers the other ways to run the chapter (its default when None)."""
    target = site / "_thebe" / "server.json"
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{target.parent} is missing: build the site with `make html`")
    base = f"http://127.0.0.1:{port}/"
    settings: dict[str, object] = {
        "baseUrl": base,
        "wsUrl": base.replace("http", "ws", 1),
        "token": token,
    }
    if timeout is not None:
        settings["timeout"] = timeout
    target.write_text(json.dumps(settings), encoding="utf-8")
    return target


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML site (_build/html, with _thebe/)")
    parser.add_argument("--port", type=int, default=8000, help="port of the site")
    parser.add_argument("--jupyter-port", type=int, default=8888, help="port of Jupyter")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops both servers, like Ctrl-C
    token = secrets.token_hex(24)
    origin = f"http://127.0.0.1:{args.port}"
    log_path = args.site.parent / "jupyter-server.log"  # _build/jupyter-server.log
    jupyter = start_jupyter(args.jupyter_port, token, origin, log_path)
    settings = args.site / "_thebe" / "server.json"
    try:
        settings = write_settings(args.site, args.jupyter_port, token)
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.site)
        with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as httpd:
            print(f"Live site: {origin}/index.html  (Jupyter log: {log_path})", flush=True)
            print("Open a chapter, then the rocket menu > Live Code. Ctrl-C stops both.")
            httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        settings.unlink(missing_ok=True)
        jupyter.terminate()
        jupyter.wait(timeout=20)


if __name__ == "__main__":
    main()

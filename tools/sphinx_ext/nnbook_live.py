"""Sphinx extension: run the book's live code on a local Jupyter server (`make live`).

The published site runs live code on Binder through sphinx-thebe, which loads thebe 0.8.2
from a CDN. For local work and for the browser test, `make live` sets the environment
variable ``NNBOOK_THEBE_LIB`` to the ``lib/`` folder of thebe 0.9.x (fetched with
``npm pack`` by ``mk/live.mk``). Then this extension

* copies thebe's JavaScript and CSS into ``_thebe/`` of the HTML output (not into
  ``_static/``, so no page loads it before the reader asks for live code);
* points sphinx-thebe's ``THEBE_JS_URL`` at that copy, so thebe is still loaded only when
  the reader clicks "Live Code";
* wraps ``thebe.bootstrap`` so that thebe connects to the Jupyter server described in
  ``_thebe/server.json`` (base URL and token, written by ``tools/live_serve.py`` when the
  server starts) instead of forcing Binder, which thebe 0.9's ``bootstrap()`` does.

Without the variable the extension does nothing and the site uses Binder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

ENV_VAR = "NNBOOK_THEBE_LIB"
OUT_DIR = "_thebe"

# Where sphinx-thebe's loader finds thebe: relative to the page's content root.
THEBE_URL_JS = 'document.documentElement.dataset.content_root + "_thebe/index.js"'

# Installed before sphinx-thebe runs; acts only once thebe sets `window.thebelab`.
WRAPPER_JS = """
(() => {
  const root = document.documentElement.dataset.content_root || "./";
  let current;
  const wrap = (thebe) => {
    if (!thebe || thebe.nnbookLocal || typeof thebe.bootstrap !== "function") return;
    const original = thebe.bootstrap;
    thebe.nnbookLocal = true;
    thebe.bootstrap = async (options = {}) => {
      // thebe 0.9 pairs the n-th cell with the n-th output placeholder: give every cell
      // one (cells without output have none), or outputs land under the wrong cell.
      document.querySelectorAll("[data-executable]").forEach((source) => {
        const next = source.nextElementSibling;
        if (!next || !next.hasAttribute("data-output")) {
          const output = document.createElement("div");
          output.className = "cell_output docutils container";
          output.setAttribute("data-output", "");
          source.insertAdjacentElement("afterend", output);
        }
      });
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = root + "_thebe/thebe.css";
      document.head.appendChild(css);
      const reply = await fetch(root + "_thebe/server.json", { cache: "no-store" });
      if (!reply.ok) {
        throw new Error("live code: no _thebe/server.json; start the server with `make live`");
      }
      const server = await reply.json();
      thebe.on("status", () => {
        document.querySelectorAll(".thebe-launch-button .launch_msg").forEach((el) => {
          el.textContent = "Local Jupyter server: ";
        });
      });
      return original({
        ...options,
        useBinder: false,
        useJupyterLite: false,
        requestKernel: true,
        mathjaxUrl: "",
        kernelOptions: { kernelName: window.kernelName || "python3" },
        serverSettings: {
          baseUrl: server.baseUrl,
          wsUrl: server.wsUrl,
          token: server.token,
          appendToken: true,
        },
      });
    };
  };
  Object.defineProperty(window, "thebelab", {
    configurable: true,
    get: () => current,
    set: (value) => {
      current = value;
      wrap(value);
    },
  });
})();
"""


def thebe_lib() -> Path | None:
    """The thebe ``lib/`` folder named by the environment, or None (Binder mode)."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    lib = Path(value).resolve()
    if not (lib / "index.js").is_file():
        raise ConfigError(f"{ENV_VAR}={value!r}: expected thebe's lib/ folder with index.js")
    return lib


def use_local_thebe(app: Sphinx, env, docnames) -> None:
    """Replace sphinx-thebe's CDN URL and add the bootstrap wrapper (after sphinx-thebe)."""
    if thebe_lib() is None or app.builder.format != "html":
        return
    # sphinx-thebe registers its inline script with the app (the builder copies the app's
    # scripts again before writing): rewrite it in both lists, and add the wrapper once.
    found = False
    registry = app.registry.js_files
    for i, (filename, attrs) in enumerate(registry):
        if not filename and "THEBE_JS_URL" in attrs.get("body", ""):
            registry[i] = (filename, {**attrs, "body": _local_url(attrs["body"])})
            found = True
    files = app.builder._js_files
    for i, js in enumerate(files):
        if not js.filename and "THEBE_JS_URL" in js.attributes.get("body", ""):
            attrs = {**js.attributes, "body": _local_url(js.attributes["body"])}
            files[i] = type(js)(js.filename, **attrs)
    if not found:
        raise ConfigError("nnbook_live: sphinx-thebe's THEBE_JS_URL script was not found")
    if not any(attrs.get("body") == WRAPPER_JS for _, attrs in registry):
        app.registry.add_js_file(None, priority=200, body=WRAPPER_JS)


def drop_duplicate_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Keep one copy of each inline script (the builder re-adds the app's with filename '')."""
    if thebe_lib() is None or "script_files" not in context:
        return
    kept, seen = [], set()
    for js in context["script_files"]:
        key = (js.filename or "", js.attributes.get("body", ""))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    context["script_files"][:] = kept


def _local_url(body: str) -> str:
    parts = [p for p in body.split("; ") if "THEBE_JS_URL" not in p]
    return "; ".join([f"const THEBE_JS_URL = {THEBE_URL_JS}", *parts])


def copy_thebe(app: Sphinx, exception: Exception | None) -> None:
    """Copy thebe's bundle (JavaScript chunks and CSS, no source maps) into the output."""
    lib = thebe_lib()
    if exception is not None or lib is None or app.builder.format != "html":
        return
    target = Path(app.outdir) / OUT_DIR
    target.mkdir(parents=True, exist_ok=True)
    for path in lib.iterdir():
        if path.suffix in {".js", ".css"} and path.is_file():
            shutil.copy2(path, target / path.name)


def stamp_config(app: Sphinx, config) -> None:
    """Record the mode and the wrapper in the config, so that changing them rewrites pages."""
    lib = thebe_lib()
    mark = f"{lib}|{WRAPPER_JS}" if lib else ""
    config.nnbook_live_stamp = hashlib.sha256(mark.encode()).hexdigest()[:16] if mark else ""


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("nnbook_live_stamp", "", "html")
    app.connect("config-inited", stamp_config)
    app.connect("env-before-read-docs", use_local_thebe, priority=900)
    app.connect("html-page-context", drop_duplicate_scripts)
    app.connect("build-finished", copy_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: the formulas are rendered when the book is built, by KaTeX, so that no
page runs a TeX engine in the reader's browser; and the notation's macros are written once.

- **Macros.** ``nnbook_macros`` (``sphinx.config`` of ``_config.yml``) maps a macro's name
  to ``[body, number of arguments]``. The HTML renderer gets them as KaTeX macros and the
  PDF as ``\\providecommand``/``\\renewcommand`` lines put before the rest of
  ``latex_elements["preamble"]``: the two outputs cannot drift apart.
- **HTML.** Every ``math`` and ``math_block`` node is handed to KaTeX (npm ``katex``,
  ``package.json``), running in one ``node`` process for the whole build
  (``katex_render.mjs``). The page gets KaTeX's HTML, which the fonts served from
  ``_static/katex/`` draw, and its MathML, which screen readers read. Numbered equations
  keep Sphinx's number and permalink, so ``{eq}`` references work as before. TeX that
  KaTeX cannot parse is a build warning (the strict build fails), not a red formula.
- Only a page that holds a formula links ``katex.min.css`` and preloads the two fonts
  every formula uses (the others load when a formula needs them).

The LaTeX builder (the PDF) is untouched but for the preamble.
Loaded through ``sphinx.local_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "katex"
SCRIPT = Path(__file__).with_name("katex_render.mjs")
KATEX_CSS = "katex/katex.min.css"
PRELOADED_FONTS = ("katex/fonts/KaTeX_Main-Regular.woff2", "katex/fonts/KaTeX_Math-Italic.woff2")
"""The fonts of nearly every formula (roman and italic letters, digits): fetched with the
page rather than after its style sheet."""
MACRO_NAME = re.compile(r"[A-Za-z]+")
NUMBERED_ENV = re.compile(r"\\(begin|end)\{(equation|align|alignat|gather|multline)\}")
"""Environments that KaTeX would number by itself: Sphinx numbers the labelled ones."""
ARGUMENT = re.compile(r"#([1-9])")


def checked_macros(macros: Any) -> dict[str, tuple[str, int]]:
    """``nnbook_macros`` as ``{name: (body, nargs)}``, or a ConfigError that says what is wrong."""
    if not isinstance(macros, dict):
        raise ConfigError(f"nnbook_macros must map names to [body, nargs], not {macros!r}")
    found = {}
    for name, value in macros.items():
        if not (isinstance(name, str) and MACRO_NAME.fullmatch(name)):
            raise ConfigError(f"nnbook_macros: {name!r} is not a macro name (letters only)")
        if not (isinstance(value, (list, tuple)) and len(value) == 2):
            raise ConfigError(f"nnbook_macros[{name!r}] must be [body, nargs], not {value!r}")
        body, nargs = value
        used = max((int(k) for k in ARGUMENT.findall(str(body))), default=0)
        if not isinstance(body, str) or not isinstance(nargs, int) or used != nargs:
            raise ConfigError(
                f"nnbook_macros[{name!r}] = {value!r}: the body must be a string that uses "
                f"#1 .. #{nargs} (it uses up to #{used})"
            )
        found[name] = (body, nargs)
    return found


def katex_macros(macros: dict[str, tuple[str, int]]) -> dict[str, str]:
    """The macros as KaTeX's ``macros`` option (KaTeX counts the arguments in the body)."""
    return {f"\\{name}": body for name, (body, _nargs) in macros.items()}


def latex_preamble(macros: dict[str, tuple[str, int]]) -> str:
    """The macros as LaTeX lines; ``\\providecommand`` first, so that a name a package
    already defines is redefined, not an error."""
    return "".join(
        f"\\providecommand{{\\{name}}}{{}}\\renewcommand{{\\{name}}}[{nargs}]{{{body}}}\n"
        for name, (body, nargs) in macros.items()
    )


def display_tex(text: str) -> str:
    """What Sphinx hands MathJax for a display block: paragraphs of the block are aligned
    equations; a paragraph with line breaks is one split equation."""
    parts = [part for part in text.split("\n\n") if part.strip()]
    parts = [f"\\begin{{split}}{p}\\end{{split}}" if "\\\\" in p else p for p in parts]
    if len(parts) > 1:
        return "\\begin{aligned}" + "\\\\".join(parts) + "\\end{aligned}"
    return parts[0] if parts else ""


class KaTeX:
    """One ``node`` process that renders TeX with KaTeX, started at the first formula."""

    def __init__(self, macros: dict[str, str]) -> None:
        self.macros = macros
        self.cache: dict[tuple[str, bool], tuple[str, str | None]] = {}
        self.process: subprocess.Popen[str] | None = None
        self.pid = 0

    def start(self) -> subprocess.Popen[str]:
        node = shutil.which("node")
        if node is None:
            raise ExtensionError("the formulas need Node.js (`node`) to render; run `make html`")
        process = subprocess.Popen(
            [node, str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert process.stdin is not None
        process.stdin.write(json.dumps({"macros": self.macros}) + "\n")
        self.process, self.pid = process, os.getpid()
        return process

    def render(self, tex: str, display: bool) -> tuple[str, str | None]:
        """``(html, None)``, or ``("", message)`` when KaTeX cannot parse ``tex``."""
        key = (tex, display)
        if key not in self.cache:
            # a forked writer (sphinx -j) must not share the parent's pipe
            process = self.process if self.pid == os.getpid() else None
            process = process or self.start()
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
            if not line:
                raise ExtensionError(f"the KaTeX renderer ({SCRIPT.name}) stopped")
            answer = json.loads(line)
            self.cache[key] = (answer.get("html", ""), answer.get("error"))
        return self.cache[key]

    def close(self) -> None:
        if self.process is not None and self.pid == os.getpid():
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process.stdout.close()
        self.process = None


KATEX_DISPLAY = '<span class="katex-display">'
KATEX_DISPLAY_FOCUSABLE = '<span class="katex-display" tabindex="0">'


def _render(translator: Any, node: nodes.Element, tex: str, display: bool) -> str:
    katex: KaTeX = translator.builder.nnbook_katex
    rendered, error = katex.render(tex, display)
    if error is None:
        return rendered
    logger.warning("KaTeX cannot render %r: %s", tex, error, location=node)
    return f'<span class="katex-error" title="{html.escape(error)}">{translator.encode(tex)}</span>'


def visit_math(translator: Any, node: nodes.math) -> None:
    translator.body.append(
        translator.starttag(node, "span", "", CLASS="math notranslate nohighlight")
    )
    translator.body.append(_render(translator, node, node.astext(), display=False))
    translator.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(translator: Any, node: nodes.math_block) -> None:
    amsmath = "amsmath" in node.get("classes", [])
    classes = "math notranslate nohighlight" + (" amsmath" if amsmath else "")
    translator.body.append(translator.starttag(node, "div", CLASS=classes))
    if node["number"]:
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    # an amsmath environment (MyST) or a :nowrap: block is complete TeX already
    whole = amsmath or node["nowrap"]
    tex = NUMBERED_ENV.sub(r"\\\1{\2*}", node.astext()) if whole else display_tex(node.astext())
    # a formula wider than the column scrolls sideways (nnbook_speed's CSS): tabindex puts
    # that scrollable box in the keyboard's reach (axe: scrollable-region-focusable)
    rendered = _render(translator, node, tex, display=True)
    translator.body.append(rendered.replace(KATEX_DISPLAY, KATEX_DISPLAY_FOCUSABLE, 1))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def _config_inited(app: Sphinx, config: Any) -> None:
    macros = checked_macros(config.nnbook_macros)
    elements = dict(config.latex_elements)
    elements["preamble"] = latex_preamble(macros) + elements.get("preamble", "")
    config.latex_elements = elements
    config.html_math_renderer = RENDERER


def _builder_inited(app: Sphinx) -> None:
    if getattr(app.builder, "math_renderer_name", None) != RENDERER:
        return
    macros = katex_macros(checked_macros(app.config.nnbook_macros))
    app.builder.nnbook_katex = KaTeX(macros)  # type: ignore[attr-defined]


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    katex = getattr(app.builder, "nnbook_katex", None)
    if katex is not None:
        katex.close()


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if getattr(app.builder, "math_renderer_name", None) != RENDERER:
        return
    if 'class="katex"' not in context.get("body", ""):
        return
    app.builder.add_css_file(KATEX_CSS)  # type: ignore[attr-defined]
    pathto = context["pathto"]
    preloads = "".join(
        f'<link rel="preload" href="{pathto("_static/" + font, 1)}" as="font" '
        'type="font/woff2" crossorigin />\n'
        for font in PRELOADED_FONTS
    )
    context["metatags"] = context.get("metatags", "") + preloads


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("nnbook_macros", {}, "env", types=[dict])
    app.add_html_math_renderer(
        RENDERER,
        inline_renderers=(visit_math, None),
        block_renderers=(visit_displaymath, None),
    )
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

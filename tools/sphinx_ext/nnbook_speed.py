"""Sphinx extension: pages that appear at once, on a phone too. Nothing that the first
paint does not need blocks it, and nothing is fetched that the page does not use.

- **Search.** pydata-sphinx-theme loads the whole search index (``searchindex.js``,
  ``searchtools.js``, ``language_data.js``) in the head of every page, for a search-as-you-
  type box that the book does not use (``search_as_you_type`` is off): the search field
  sends the reader to ``search.html``, the one page that loads them
  (``templates/layout.html`` drops them from the others).
- **Scripts.** Every external script of the head is deferred (they all wait for the DOM
  anyway), except ``documentation_options.js``, which the inline lines after it extend;
  sphinx-design's tab script is linked only from pages with tabs. The search page is
  left as Sphinx writes it.
- **Icons.** The theme draws its few icons (``<i class="fa-solid fa-bars">`` ...) with
  Font Awesome's 1.4 MB ``fontawesome.js``. The template drops it; instead, after the
  build, ``_static/nnbook-speed.css`` is written with one CSS mask per icon that the pages
  use, cut from the theme's own copy of that script. The buttons keep their names
  (``aria-label``); the icons themselves are decorative. The theme's style sheet also
  carries Font Awesome's web-font rules (a ``content`` glyph for each of its ~1900 icons
  and the ``@font-face`` of its fonts, ~20 KiB gzipped on every page): they are cut from
  the site's copy, so no page downloads the icon fonts either.
- **Images.** Every image of a page's body gets its ``width`` and ``height`` (so the text
  does not move when it arrives) and, but for the first, ``loading="lazy"``. A picture
  embedded in the HTML as a ``data:`` URL (the fallback drawing of an interactive figure)
  is written to ``_images/`` instead and linked, so that the page's HTML stays small and
  the picture, too, loads only when it is near the screen. After the build, each PNG of
  ``_images/`` (the plots) is stored with a palette of at most 256 colours when that
  saves a fifth of its bytes or more (the PDF keeps its own full-colour copies).

Loaded through ``sphinx.local_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
SPEED_CSS = "nnbook-speed.css"
"""Written after the build: the icons, and the rules that keep the layout still."""
KEEP_BLOCKING = {"documentation_options.js"}
"""Scripts that inline scripts after them use at once (``DOCUMENTATION_OPTIONS.pagename``)."""
TABS_JS = "design-tabs.js"
TABS_MARKER = "sd-tab-set"

# ---------------------------------------------------------------- scripts


def _basename(script: Any) -> str:
    name = getattr(script, "filename", None) or ""
    return name.split("?")[0].rsplit("/", 1)[-1]


def faster_scripts(scripts: list[Any], body: str) -> list[Any]:
    """The head's scripts with the external ones deferred (but ``KEEP_BLOCKING``), and the
    tab script only where ``body`` holds tabs."""
    out = []
    for script in scripts:
        name = _basename(script)
        attributes = dict(getattr(script, "attributes", {}))
        if name == TABS_JS and TABS_MARKER not in body:
            continue
        external = bool(getattr(script, "filename", None))
        lazy = {"defer", "async"} & set(attributes)
        if external and not lazy and name not in KEEP_BLOCKING:
            attributes["defer"] = "defer"
            script = type(script)(script.filename, priority=script.priority, **attributes)
        out.append(script)
    return out


# ---------------------------------------------------------------- images

IMG = re.compile(r"<img\b[^>]*>")
ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


def image_size(path: Path) -> tuple[int, int] | None:
    """Pixel width and height of a raster image or an SVG with width/height, else None."""
    try:
        if path.suffix.lower() == ".svg":
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
            tag = re.search(r"<svg\b[^>]*>", head)
            attrs = dict(ATTR.findall(tag.group(0))) if tag else {}
            w, h = (re.match(r"[\d.]+", attrs.get(k, "")) for k in ("width", "height"))
            return (round(float(w.group(0))), round(float(h.group(0)))) if w and h else None
        from PIL import Image

        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError):
        return None


DATA_URL = re.compile(r'\ssrc="data:image/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/=\s]+)"')
INLINE_LIMIT = 2048
"""An embedded picture larger than this (bytes) is written to a file of its own."""


def unembed(tag: str, store: Any) -> str:
    """``tag`` with a large ``data:`` picture replaced by the URL that ``store(name, bytes)``
    gives the file it writes."""
    found = DATA_URL.search(tag)
    if not found:
        return tag
    try:
        data = base64.b64decode(found.group(2), validate=False)
    except (binascii.Error, ValueError):
        return tag
    if len(data) <= INLINE_LIMIT:
        return tag
    ext = "jpg" if found.group(1) == "jpeg" else found.group(1)
    name = f"embedded-{hashlib.sha256(data).hexdigest()[:20]}.{ext}"
    return tag[: found.start()] + f' src="{html.escape(store(name, data))}"' + tag[found.end() :]


def sized_images(body: str, locate: Any, store: Any = None) -> str:
    """``body`` with width/height on every ``<img>`` whose file ``locate(src)`` finds,
    ``loading="lazy"`` on every image after the first (the first may be the largest paint),
    and large ``data:`` pictures moved to files by ``store`` (see ``unembed``)."""
    seen = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal seen
        tag = unembed(match.group(0), store) if store else match.group(0)
        attrs = dict(ATTR.findall(tag))
        seen += 1
        extra = []
        if "width" not in attrs and "height" not in attrs:
            path = locate(html.unescape(attrs.get("src", "")))
            size = image_size(path) if path else None
            if size:
                extra.append(f'width="{size[0]}" height="{size[1]}"')
        if seen > 1 and "loading" not in attrs:
            extra.append('loading="lazy"')
        if "decoding" not in attrs:
            extra.append('decoding="async"')
        if not extra:
            return tag
        end = "/>" if tag.endswith("/>") else ">"
        return tag[: -len(end)].rstrip() + " " + " ".join(extra) + " " + end

    return IMG.sub(fix, body)


PALETTE_COLOURS = 256
PALETTE_GAIN = 0.8
"""A PNG is stored with a palette when that makes it at most this fraction of its size."""
SHRUNK = ".nnbook-shrunk.json"
"""In ``_images/``: the PNGs already looked at, with their size then (a later build that
copies a new version of a file looks at it again)."""


def shrink_png(path: Path) -> bool:
    """Store the PNG at ``path`` with a palette of ``PALETTE_COLOURS`` colours if that makes
    it ``PALETTE_GAIN`` times its size or less; whether it did."""
    from PIL import Image

    with Image.open(path) as image:
        if image.mode == "P":
            return False
        image.load()
        rgba = image.convert("RGBA")
    if rgba.getextrema()[3][0] == 255:  # opaque (matplotlib's plots): median cut, no dither
        palette = rgba.convert("RGB").quantize(
            PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    else:
        palette = rgba.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
    buf = io.BytesIO()
    palette.save(buf, format="PNG", optimize=True)
    if buf.tell() > PALETTE_GAIN * path.stat().st_size:
        return False
    path.write_bytes(buf.getvalue())
    return True


def shrink_images(folder: Path) -> None:
    """``shrink_png`` on every PNG of ``folder`` not looked at before (see ``SHRUNK``)."""
    record = folder / SHRUNK
    seen = json.loads(record.read_text()) if record.exists() else {}
    for png in sorted(folder.glob("*.png")):
        if seen.get(png.name) == png.stat().st_size:
            continue
        shrink_png(png)
        seen[png.name] = png.stat().st_size
    record.write_text(json.dumps(seen, indent=0, sort_keys=True))


# ---------------------------------------------------------------- icons

PACKS = {
    "fa-solid": "fas",
    "fas": "fas",
    "fa": "fas",
    "fa-regular": "far",
    "far": "far",
    "fa-brands": "fab",
    "fab": "fab",
}
MODIFIERS = {"fa-lg", "fa-fw", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-spin", "fa-pulse"}
ICON_DATA = re.compile(
    r'[{,]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]*",("[^"]*"|\[[^\]]*\])\]'
)
PACK_DEFINED = re.compile(r'\b\w+\("(fab|far|fas)",\w+\)')
CLASS_ATTR = re.compile(r'class="([^"]*\bfa-[^"]*)"')
ALWAYS = {("fas", "xmark")}
"""Icons the theme's script adds at run time (the close button of its banners)."""

BASE_CSS = """\
/* Written by tools/sphinx_ext/nnbook_speed.py. The layout does not move as a page loads:
   images keep the ratio of their width and height attributes when they are scaled down,
   and a formula wider than a phone's screen scrolls inside its own box. */
.bd-article img[width][height] { height: auto; max-width: 100%; }
/* pydata-sphinx-theme lays a display formula out as a flex row, its number at the right
   and MathJax's box growing to fill the rest; KaTeX's box takes that place. */
div.math > .katex-display { flex-grow: 1; margin: 0.5em 0; padding-bottom: 0.2rem; overflow: auto hidden; }
/* The theme's icons as CSS masks, painted in the text colour, instead of Font Awesome's
   script. */
:where(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands)::before {
  content: "";
  display: inline-block;
  width: var(--nn-icon-width, 1em);
  height: 1em;
  vertical-align: -0.125em;
  background-color: currentcolor;
  -webkit-mask: var(--nn-icon) center / contain no-repeat;
  mask: var(--nn-icon) center / contain no-repeat;
}
@media (forced-colors: active) {
  :where(.fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands)::before {
    forced-color-adjust: none;
    background-color: CanvasText;
  }
}
.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }
.fa-fw { text-align: center; width: 1.25em; }
"""


def icon_table(script: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """``{(pack, name or alias): (width, height, path)}`` from the text of fontawesome.js,
    whose packs are each defined right after their icons."""
    table: dict[tuple[str, str], tuple[int, int, str]] = {}
    start = 0
    for defined in PACK_DEFINED.finditer(script):
        pack = defined.group(1)
        if any(key[0] == pack for key in table):
            start = defined.end()
            continue
        for m in ICON_DATA.finditer(script, start, defined.start()):
            name, w, h, aliases, path = m.groups()
            if path.startswith("["):  # duotone: [secondary, primary]; none in free packs
                path = re.findall(r'"([^"]*)"', path)[-1]
            icon = (int(w), int(h), path.strip('"'))
            table[(pack, name)] = icon
            for alias in re.findall(r'"([a-z0-9-]+)"', aliases):
                table.setdefault((pack, alias), icon)
        start = defined.end()
    return table


def used_icons(pages: Iterable[str]) -> set[tuple[str, str]]:
    """``(pack, name)`` of every Font Awesome icon named in the class attributes of ``pages``."""
    used = set()
    for text in pages:
        for classes in CLASS_ATTR.findall(text):
            tokens = classes.split()
            pack = next((PACKS[t] for t in tokens if t in PACKS), "fas")
            for token in tokens:
                if token.startswith("fa-") and token not in PACKS and token not in MODIFIERS:
                    used.add((pack, token[3:]))
    return used


def icons_css(used: set[tuple[str, str]], table: dict) -> tuple[str, list[str]]:
    """The style sheet for the ``used`` icons and the names that ``table`` lacks."""
    rules, missing = [BASE_CSS], []
    for pack, name in sorted(used):
        if (pack, name) not in table:
            missing.append(f"{pack} fa-{name}")
            continue
        w, h, path = table[(pack, name)]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}'><path d='{path}'/></svg>"
        url = "data:image/svg+xml," + quote(svg, safe=" /:=',.-")
        selectors = ", ".join(f".{p}.fa-{name}" for p, q in PACKS.items() if q == pack)
        rules.append(
            f'{selectors} {{ --nn-icon: url("{url}"); --nn-icon-width: {w / h:.4f}em; }}\n'
        )
    return "".join(rules), missing


FA_GLYPH_RULE = re.compile(r"(?:\.fa-[a-z0-9-]+:{1,2}(?:before|after),?)+\{content:[^{}]*\}")
FA_FONT_FACE = re.compile(r"@font-face\{[^{}]*Font Awesome[^{}]*\}")
THEME_CSS = "styles/pydata-sphinx-theme.css"


def without_icon_font(css: str) -> str:
    """The theme's style sheet less Font Awesome's glyph rules and font faces."""
    return FA_FONT_FACE.sub("", FA_GLYPH_RULE.sub("", css))


def theme_fontawesome() -> Path | None:
    try:
        import pydata_sphinx_theme
    except ImportError:
        return None
    path = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    path = path / "static" / "scripts" / "fontawesome.js"
    return path if path.exists() else None


# ---------------------------------------------------------------- Sphinx events


def _config_inited(app: Sphinx, config: Any) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if app.builder.format != "html" or pagename == "search":
        return
    body = context.get("body", "")
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = faster_scripts(scripts, body)
    if body and doctree is not None:
        sources = {Path(dest).name: src for src, dest in app.builder.images.items()}

        def locate(src: str) -> Path | None:
            name = src.split("?")[0].rsplit("/", 1)[-1]
            found = sources.get(name)
            return Path(app.srcdir) / found if found else None

        images = Path(app.outdir) / "_images"

        def store(name: str, data: bytes) -> str:
            images.mkdir(exist_ok=True)
            if not (images / name).exists():
                (images / name).write_bytes(data)
            return context["pathto"]("_images/" + name, 1)

        context["body"] = sized_images(body, locate, store)


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if (Path(app.outdir) / "_images").is_dir():
        shrink_images(Path(app.outdir) / "_images")
    script = theme_fontawesome()
    if script is None:
        return
    out = Path(app.outdir)
    pages = (p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    used = used_icons(pages) | ALWAYS
    css, missing = icons_css(used, icon_table(script.read_text(encoding="utf-8")))
    for name in missing:
        logger.warning("the icon %s is not in the theme's Font Awesome", name)
    (out / "_static").mkdir(exist_ok=True)
    (out / "_static" / SPEED_CSS).write_text(css, encoding="utf-8")
    theme_css = out / "_static" / THEME_CSS
    if theme_css.exists():
        text = theme_css.read_text(encoding="utf-8")
        trimmed = without_icon_font(text)
        if trimmed != text:
            theme_css.write_text(trimmed, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    # after the other extensions have added their scripts
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _build_finished)
    app.add_css_file(SPEED_CSS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

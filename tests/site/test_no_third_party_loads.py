"""No page loads anything from another host: every script, style sheet, image, font or
frame a built page asks for is a file of the site. Links a reader follows (Binder, Colab,
the repository) are not loads; neither are the JSON data a page carries."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from sitecheck import site_pages

# The attributes through which a browser fetches something while it shows the page.
LOADS = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
}
# <link rel=...> kinds that fetch their href
LINK_LOADS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "manifest",
    "preconnect",
}
# Script types that are data, not code (thebe's settings, the launch links)
DATA_SCRIPTS = {"application/json", "text/x-thebe-config"}
# An absolute URL in code; XML namespaces name, they do not load
URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)<]*""", re.IGNORECASE)
NAMESPACES = ("http://www.w3.org/",)


def _foreign(url: str) -> bool:
    url = url.strip()
    return bool(urlsplit(url).netloc) and not url.startswith(NAMESPACES)


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None  # the type of the open <script>, if code

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name, value in a.items():
            if (tag, name) in LOADS:
                urls = [part.split()[0] for part in value.split(",") if part.strip()]
                self.found += [f"<{tag} {name}> {u}" for u in urls if _foreign(u)]
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and rel & LINK_LOADS and _foreign(a.get("href", "")):
            self.found.append(f"<link rel={a['rel']}> {a['href']}")
        if "style" in a:
            self.found += [f"style= {u}" for u in URL.findall(a["style"]) if _foreign(u)]
        if tag == "script" and not a.get("src"):
            kind = a.get("type", "text/javascript").lower()
            self._script = None if kind in DATA_SCRIPTS else kind

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None or self.lasttag == "style":
            self.found += [f"inline {self.lasttag}: {u}" for u in URL.findall(data) if _foreign(u)]


def third_party_loads(html: str) -> list[str]:
    """Every URL of another host that the page would fetch, with where it was found."""
    parser = _Loads()
    parser.feed(html)
    return parser.found


def test_the_scan_finds_what_a_cdn_page_loads():
    """The control: what sphinx-thebe and a default Sphinx page would load from CDNs."""
    page = """<html><head>
    <script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const x = 1</script>
    <script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>
    <link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">
    <script type="application/json" id="nn-launch-links">{"colab": "https://colab.research.google.com/x"}</script>
    <script type="text/x-thebe-config">{binderOptions: {binderUrl: "https://mybinder.org"}}</script>
    <svg xmlns="http://www.w3.org/2000/svg"></svg>
    </head><body><a href="https://mybinder.org/v2/gh/o/r/main">Binder</a>
    <img src="https://example.org/logo.png" alt=""></body></html>"""
    found = third_party_loads(page)
    assert len(found) == 4, found
    assert any("unpkg.com" in f for f in found) and any("fonts.googleapis" in f for f in found)
    assert not any("colab" in f or "mybinder" in f for f in found)


def test_no_page_loads_anything_from_another_host(site):
    problems = {}
    pages = site_pages(site)
    assert len(pages) > 20
    for page in pages:
        found = third_party_loads(page.read_text(encoding="utf-8"))
        if found:
            problems[page.relative_to(site).as_posix()] = found
    assert not problems, problems


def test_live_code_loads_thebe_from_the_site(site):
    """The chapters offer live code, and sphinx-thebe's loader points at _thebe/ of the site."""
    html = (site / "book" / "part4" / "walkthrough.html").read_text(encoding="utf-8")
    assert "initThebeSBT()" in html
    (setting,) = re.findall(r"const THEBE_JS_URL = [^;]+;", html)
    assert "_thebe/index.js" in setting and "//" not in setting
    assert (site / "_thebe" / "index.js").is_file() and (site / "_thebe" / "thebe.css").is_file()
    assert not list((site / "_thebe").glob("*.map"))  # the bundle only, no source maps


def test_the_site_style_sheets_load_nothing_from_another_host(site):
    problems = {}
    for sheet in sorted((site / "_static").rglob("*.css")):
        urls = re.findall(
            r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8", errors="replace")
        )
        imports = re.findall(
            r"@import\s+['\"]([^'\"]+)", sheet.read_text(encoding="utf-8", errors="replace")
        )
        foreign = [u for u in urls + imports if _foreign(u)]
        if foreign:
            problems[sheet.relative_to(site).as_posix()] = foreign
    assert not problems, problems

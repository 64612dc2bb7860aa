"""What a chapter page costs before its first paint, and formulas rendered at build time.

No timing (`make lighthouse` measures speed): the budget counts bytes, as gzip sends them
(GitHub Pages gzips text), of the HTML and of every style sheet and script that blocks the
first paint, plus the fonts the page preloads; and the render-blocking scripts. No page
may reference a TeX engine: KaTeX renders every formula when the book is built
(tools/sphinx_ext/nnbook_math.py), and every formula of the Markdown sources must be in
its page as rendered math, with no KaTeX error.
"""

from __future__ import annotations

import gzip
import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from booktest import ROOT, toc_pages
from sitecheck import formulas_as_tex, site_pages

# The first paint of a chapter page may cost at most this many bytes (gzipped; fonts as
# they are). The slowest part of Lighthouse's mobile preset is its link, 1.6 Mbit/s with
# 150 ms of round trip: 160 KiB is about 0.8 s of transfer before anything shows. The
# chapters need 75-140 KiB (2026-12): the theme's style sheet alone is 45 KiB, and a page
# with formulas preloads KaTeX's two main fonts (41 KiB).
FIRST_PAINT_BUDGET = 160 * 1024
# documentation_options.js: inline lines after it extend DOCUMENTATION_OPTIONS at once.
MAX_BLOCKING_SCRIPTS = 1
# a TeX engine loaded or configured (MyST's class names "mathjax_ignore" are neither)
TEX_ENGINES = re.compile(
    r'(?:src|href)="[^"]*(?:mathjax|tex-(?:chtml|mml|svg)|katex(?:\.min)?\.js|auto-render)[^"]*"'
    r"|window\.MathJax|MathJax\s*=",
    re.IGNORECASE,
)


class _Head(HTMLParser):
    """The resources of a page that block its first paint, and the fonts it preloads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self.scripts: list[str] = []
        self.inline_scripts = 0
        self.fonts: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.in_body = True
        rel = a.get("rel", "").split()
        if tag == "link" and "stylesheet" in rel and a.get("media", "all") in ("all", "screen"):
            self.css.append(a["href"])
        if tag == "link" and "preload" in rel and a.get("as") == "font":
            self.fonts.append(a["href"])
        # a script in the body blocks the parser too, but not the paint of what is above it
        if tag == "script" and not self.in_body:
            blocking = not ({"defer", "async"} & set(a)) and a.get("type", "") in (
                "",
                "text/javascript",
            )
            if blocking and a.get("src"):
                self.scripts.append(a["src"])
            elif blocking:
                self.inline_scripts += 1


def head_of(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def local_file(site: Path, page: Path, url: str) -> Path:
    """The file of the site that ``url``, written in ``page``, names."""
    base = "http://site/" + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(base, url))
    assert parts.netloc == "site", f"{page.name} loads {url} from another host"
    return site / parts.path.lstrip("/")


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def first_paint_bytes(site: Path, page: Path) -> dict[str, int]:
    """Each resource loaded before the first paint of ``page``, with its bytes on the wire."""
    head = head_of(page)
    sizes = {page.name: gzipped_size(page)}
    for url in head.css + head.scripts:
        sizes[url] = gzipped_size(local_file(site, page, url))
    for url in head.fonts:  # woff2 is compressed already
        sizes[url] = local_file(site, page, url).stat().st_size
    return sizes


CHAPTERS = [p for p in toc_pages() if not p.endswith("bibliography")]


def chapter_page(site: Path, name: str) -> Path:
    page = site / f"{name}.html"
    assert page.exists(), f"{name}.html is not in the built site"
    return page


# ---------------------------------------------------------------- the budget


def test_the_budget_counts_blocking_resources_only(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "a.css").write_text("p { color: red; }\n" * 100)
    (static / "late.js").write_text("x = 1;\n" * 10_000)
    (static / "block.js").write_text("y = 2;\n")
    (static / "f.woff2").write_bytes(b"\0" * 1000)
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><link rel="stylesheet" href="_static/a.css?v=1" />'
        '<link rel="stylesheet" href="_static/a.css" media="print" />'
        '<link rel="preload" href="_static/f.woff2" as="font" crossorigin />'
        '<script src="_static/block.js"></script><script defer src="_static/late.js"></script>'
        "</head><body><script src='_static/late.js'></script></body></html>"
    )
    sizes = first_paint_bytes(tmp_path, page)
    assert set(sizes) == {"p.html", "_static/a.css?v=1", "_static/block.js", "_static/f.woff2"}
    assert sizes["_static/f.woff2"] == 1000
    assert sizes["_static/a.css?v=1"] < 1800  # gzipped
    assert head_of(page).scripts == ["_static/block.js"]


@pytest.mark.parametrize("name", CHAPTERS)
def test_first_paint_fits_the_budget(site, name):
    sizes = first_paint_bytes(site, chapter_page(site, name))
    total = sum(sizes.values())
    listing = "\n".join(
        f"  {n // 1024:5d} KiB  {url}" for url, n in sorted(sizes.items(), key=lambda kv: -kv[1])
    )
    assert total <= FIRST_PAINT_BUDGET, (
        f"{name}: {total / 1024:.0f} KiB before the first paint "
        f"(budget {FIRST_PAINT_BUDGET // 1024} KiB):\n{listing}"
    )


@pytest.mark.parametrize("name", CHAPTERS)
def test_few_render_blocking_scripts(site, name):
    head = head_of(chapter_page(site, name))
    assert len(head.scripts) <= MAX_BLOCKING_SCRIPTS, (
        f"{name} blocks its first paint on {head.scripts}"
    )
    assert not any(
        "searchindex" in s or "searchtools" in s or "fontawesome" in s for s in head.scripts
    )


def test_the_search_index_loads_on_the_search_page_only(site):
    index = re.compile(r'src="[^"]*(searchindex|searchtools|language_data)\.js')
    assert index.search((site / "search.html").read_text(encoding="utf-8"))
    loaded = [
        p.name
        for p in site_pages(site)
        if p.name != "search.html" and index.search(p.read_text(encoding="utf-8"))
    ]
    assert loaded == []


def test_no_page_loads_fontawesome_js_and_every_icon_has_a_rule(site):
    css = (site / "_static" / "nnbook-speed.css").read_text(encoding="utf-8")
    for page in site_pages(site):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text[:300]:  # the root index.html only forwards
            continue
        assert "fontawesome.js" not in text, page.name
        assert "nnbook-speed.css" in text, page.name
        for classes in re.findall(r'class="([^"]*\bfa-[^"]*)"', text):
            for token in classes.split():
                if token.startswith("fa-") and token not in (
                    "fa-solid",
                    "fa-brands",
                    "fa-regular",
                    "fa-lg",
                    "fa-fw",
                ):
                    assert f".{token} {{" in css or f".{token}," in css, (
                        f"{page.name}: no rule for {token}"
                    )


def test_tab_script_only_where_there_are_tabs(site):
    for page in site_pages(site):
        if page.name == "search.html":  # left as Sphinx writes it
            continue
        text = page.read_text(encoding="utf-8")
        if "design-tabs.js" in text:
            assert "sd-tab-set" in text, f"{page.name} loads the tab script without tabs"


# ---------------------------------------------------------------- formulas


def test_no_page_references_a_tex_engine(site):
    for page in site_pages(site):
        found = [m.group(0) for m in TEX_ENGINES.finditer(page.read_text(encoding="utf-8"))]
        assert found == [], f"{page.relative_to(site)} references {sorted(set(found))}"
    assert not (site / "_static" / "mathjax").exists()


def test_no_katex_error_on_any_page(site):
    for page in site_pages(site):
        assert "katex-error" not in page.read_text(encoding="utf-8"), page.name


CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"(`+)[^`]*?\1")
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE = re.compile(r"(?<![\\$])\$(?![\s$])((?:[^$\\\n]|\\.)+?)(?<!\s)\$(?!\$)")
ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.DOTALL)


def source_formulas(markdown: str) -> list[str]:
    """The TeX of every ``$…$`` and ``$$…$$`` of a MyST page, code left out."""
    text = INLINE_CODE.sub("", CODE.sub("", markdown))
    display = DISPLAY.findall(text)
    return display + INLINE.findall(DISPLAY.sub("", text))


def squeeze(tex: str) -> str:
    return re.sub(r"\s+", "", tex)


def test_source_formulas_finds_inline_and_display_math_outside_code():
    md = "Let $a_1$ and $$\n x = \\w{1}{2}{3}\n$$ (eq-x)\n\n```python\ny = '$not$'\n```\ncosts `$5`, $b$."
    assert source_formulas(md) == ["\n x = \\w{1}{2}{3}\n", "a_1", "b"]


@pytest.mark.parametrize("name", toc_pages())
def test_every_formula_of_the_source_is_rendered(site, name):
    formulas = source_formulas((ROOT / f"{name}.md").read_text(encoding="utf-8"))
    rendered = squeeze(
        htmllib.unescape(
            " ".join(ANNOTATION.findall(chapter_page(site, name).read_text(encoding="utf-8")))
        )
    )
    missing = [tex for tex in formulas if squeeze(tex) not in rendered]
    assert missing == [], f"{name}: formulas not rendered: {missing[:5]}"


def test_page_text_reads_a_rendered_formula_once_as_its_tex():
    katex = (
        '<span class="katex"><span class="katex-mathml"><math><semantics><msub><mi>x</mi><mn>1</mn>'
        '</msub><annotation encoding="application/x-tex">x_1 &lt; 2</annotation></semantics></math>'
        '</span><span class="katex-html" aria-hidden="true"><span class="base"><span>x</span>'
        "<span>1</span></span></span></span>"
    )
    assert (
        formulas_as_tex(f"<p>a {katex}, b {katex}.</p>") == "<p>a  x_1 &lt; 2 , b  x_1 &lt; 2 .</p>"
    )

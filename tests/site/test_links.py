"""Every internal link of the built site resolves: the page exists and so does the anchor.

Sphinx's ``-n`` (in the strict build) already fails on an unresolved cross-reference; this
test checks what reaches the reader: every ``href`` and ``src`` in every built page that
points inside the site (including the theme's own links and the assets pages load) must
name a file that exists, and a ``#fragment`` must name an ``id`` (or ``name``) on the page
it points to. Links to other sites are out of scope (the build machine is offline).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitecheck import site_pages


class _LinksAndIds(HTMLParser):
    """Collect the link targets (href/src) and the anchor names (id/name) of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)


def parse(page: Path) -> _LinksAndIds:
    parser = _LinksAndIds()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def is_internal(link: str) -> bool:
    parts = urlsplit(link)
    return not (parts.scheme or parts.netloc or link.startswith(("#!", "javascript:")))


def broken_links(site: Path) -> list[str]:
    """Every internal link in ``site`` whose file or anchor is missing, as readable lines."""
    pages = site_pages(site)
    ids: dict[Path, set[str]] = {}
    links: dict[Path, list[str]] = {}
    for page in pages:
        parsed = parse(page)
        ids[page.resolve()] = parsed.ids
        links[page] = parsed.links
    problems = []
    for page, page_links in links.items():
        rel = page.relative_to(site)
        for link in page_links:
            if not is_internal(link):
                continue
            parts = urlsplit(link)
            target = page.resolve() if not parts.path else (page.parent / unquote(parts.path))
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            target = target.resolve()
            if site.resolve() not in (target, *target.parents):
                problems.append(f"{rel}: {link} points outside the site")
                continue
            if not target.is_file():
                problems.append(f"{rel}: {link} -> missing file {target.relative_to(site)}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                if fragment not in ids[target]:
                    problems.append(f"{rel}: {link} -> no id {fragment!r} on that page")
    return problems


def test_the_checker_finds_broken_files_and_anchors(tmp_path):
    """The control: a tiny site with one good and three broken links."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a><a href="sub/page.html#gone">bad anchor</a>'
        '<a href="nope.html">bad file</a><img src="missing.png" alt="x">'
        '<a href="https://example.org/x.html">external</a><a href="#top">top</a>'
        '<span id="top"></span>'
    )
    (tmp_path / "sub" / "page.html").write_text('<h1 id="here">Here</h1><a href="../">up</a>')
    found = broken_links(tmp_path)
    assert len(found) == 3, found
    assert any("'gone'" in f for f in found)
    assert any("nope.html" in f for f in found)
    assert any("missing.png" in f for f in found)


def test_every_internal_link_and_anchor_resolves(site):
    problems = broken_links(site)
    assert not problems, f"{len(problems)} broken internal link(s):\n" + "\n".join(problems)


def test_the_site_has_pages_and_links(site):
    """Guard against a vacuous pass: the check must have walked real pages and links."""
    pages = site_pages(site)
    n_links = sum(len([x for x in parse(p).links if is_internal(x)]) for p in pages)
    assert len(pages) >= 5 and n_links >= 100, (len(pages), n_links)

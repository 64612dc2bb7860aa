"""Checks on the PDF of the whole book (`make pdf`; `make test` builds it, then runs them).

The PDF is read back with poppler's pdftotext and pdfimages, and compared with sources that
do not come from the LaTeX build: the chapter files of `_toc.yml`, the source tutorial's
published walk-through numbers (tests/booktest.py) and the built HTML site (its figures, numbered equations and glued
values must all reach the PDF too).
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from booktest import PUBLISHED_ERROR, PUBLISHED_LOG, ROOT, SITE, require, toc_pages

PDF_NAME = "ffnn-from-scratch.pdf"
PDF = ROOT / "_build" / "latex" / PDF_NAME
LATEX_LOG = PDF.with_suffix(".log")


def chapter_titles() -> list[str]:
    titles = []
    for page in toc_pages()[1:]:
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        heading = re.search(r"^# (.+)$", text, re.MULTILINE)
        assert heading is not None, page
        titles.append(heading.group(1).strip())
    return titles


def normalise(text: str) -> str:
    text = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)  # words hyphenated at a line end
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ([,.;:)])", r"\1", text)


@pytest.fixture(scope="module")
def pdf() -> Path:
    require(PDF.exists(), f"the PDF is not built ({PDF}; make pdf)")
    pages = [SITE / f"{p}.html" for p in toc_pages()]
    newest_page = max((p.stat().st_mtime for p in pages if p.exists()), default=0.0)
    # `make test` builds the site, then the PDF
    require(PDF.stat().st_mtime >= newest_page, "a PDF newer than the site (make pdf)")
    for tool in ("pdftotext", "pdfimages", "pdfinfo"):
        require(shutil.which(tool), f"{tool} (Debian's poppler-utils; make pdf)")
    return PDF


# The furniture between two pages in `pdftotext -layout` output: the footer line (page
# number and running title), the form feed and the running header of the next page.
PAGE_BREAK = re.compile(
    r"\n[ \t]*(?:\d+[ \t]{2,}[^\n]*|[^\n]*[ \t]{2,}\d+)[ \t]*\n"
    r"\f[ \t]*Feedforward Neural Networks from Scratch[ \t]*\n"
)


@pytest.fixture(scope="module")
def pdf_text(pdf: Path) -> str:
    """The PDF's text in reading order, with the page furniture taken out, so that a
    sentence broken across two pages reads as one."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return normalise(PAGE_BREAK.sub("\n", out.stdout.decode("utf-8")))


def test_page_furniture_is_removed():
    page_end = (
        "misses\n\n146       Chapter 32. Appendix\n\f    Feedforward Neural Networks from Scratch\n"
    )
    assert normalise(PAGE_BREAK.sub("\n", page_end + "\n   the 1.2 target")) == (
        "misses the 1.2 target"
    )
    # a line that merely ends in a number, with no page break after it, stays
    assert PAGE_BREAK.sub("\n", "a\nx   12\nb\n") == "a\nx   12\nb\n"


def site_pages() -> list[Path]:
    pages = [SITE / f"{p}.html" for p in toc_pages()]
    require(all(p.exists() for p in pages), "the HTML site, to compare the PDF with (make html)")
    return pages


def test_page_count(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    # every chapter starts on a right-hand page after a title page and a contents
    assert pages >= 2 * len(chapter_titles()) + 4, pages


def plain_title(title: str) -> str:
    """A heading's words as the PDF prints them: no Markdown marks, up to any math or role."""
    title = re.split(r"[${]", title, maxsplit=1)[0]
    return re.sub(r"[`*]", "", title).strip()


def test_every_chapter_is_in_the_pdf(pdf_text):
    for title in chapter_titles():
        words = plain_title(title)
        assert words and normalise(words) in pdf_text, title
    # the root page's prose too, not just its title
    intro = (ROOT / f"{toc_pages()[0]}.md").read_text(encoding="utf-8")
    first_words = normalise(re.sub(r"^#.*$", "", intro, flags=re.MULTILINE)).split()[:6]
    assert " ".join(first_words) in pdf_text


def test_published_walkthrough_numbers(pdf_text):
    assert PUBLISHED_ERROR in pdf_text
    table = pdf_text[pdf_text.index("epoch mean error") :]
    rows = re.findall(r"\b(\d+) (0\.\d{5})\b", table)[:10]
    assert rows == [(str(100 * i), v) for i, v in enumerate(PUBLISHED_LOG)]


def test_no_unresolved_references(pdf, pdf_text):
    assert "??" not in pdf_text
    log = LATEX_LOG.read_text(encoding="utf-8", errors="replace")
    assert "There were undefined references" not in log
    assert not re.search(r"Reference `[^']*' on page \d+ undefined", log)
    assert "Undefined control sequence" not in log
    missing = re.findall(r"Missing character: There is no (\S+)", log)
    assert not missing, f"glyphs missing from the PDF's fonts: {sorted(set(missing))}"


def test_figures_of_the_site_are_in_the_pdf(pdf):
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, check=True, text=True
    ).stdout
    in_pdf = sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image")
    in_site = set()
    for page in site_pages():
        in_site |= set(re.findall(r'<img [^>]*src="[^"]*_images/([^"]+)"', page.read_text()))
    assert in_site, "the site shows no figure at all"
    assert in_pdf >= len(in_site), (in_pdf, sorted(in_site))


def test_numbered_equations_are_numbered_in_the_pdf(pdf_text):
    in_site = sum(p.read_text().count('class="eqno"') for p in site_pages())
    in_pdf = len(set(re.findall(r"\((\d+\.\d+)\)", pdf_text)))
    assert in_pdf >= in_site, (in_pdf, in_site)


def _count(value: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w.]){re.escape(value)}(?![\w])", text))


def test_glued_values_reach_the_pdf(pdf_text):
    """Every value glued into the site's prose is in the PDF too: at least as often, and
    after the same two words where those are plain words."""
    values: list[str] = []
    for page in site_pages():
        raw = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<span class="pasted-text">([^<]*)</span>', raw):
            value = htmllib.unescape(m.group(1)).strip()
            values.append(value)
            before = raw[max(0, m.start() - 400) : m.start()]
            words = htmllib.unescape(re.sub(r"<[^>]+>", " ", before)).split()[-2:]
            if all(re.fullmatch(r"[A-Za-z]+[,;:]?", w) for w in words):
                context = normalise(" ".join([*words, value]))
                assert context in pdf_text, (page.name, words, value)
    assert values, "the site glues no value at all"
    for value in set(values):
        assert _count(value, pdf_text) >= values.count(value), value


def test_download_menu_links_the_pdf(pdf):
    pages = site_pages()
    for page in pages[1:]:
        link = re.search(r'href="([^"]+)"[^>]*>\s*(?:<[^>]+>\s*)*[^<]*whole book', page.read_text())
        assert link, f"{page.name}: no whole-book PDF in the download menu"
        target = (page.parent / link.group(1)).resolve()
        assert target == (SITE / PDF_NAME).resolve(), target
    assert (SITE / PDF_NAME).read_bytes()[:5] == b"%PDF-"  # `make pdf` copies it there

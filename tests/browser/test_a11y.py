"""Accessibility of the built site in a real browser: axe-core on every page.

Every page of ``_build/html`` is served on 127.0.0.1 and opened in Debian's Chromium
(driven by Playwright; tests/browser/conftest.py); axe-core (npm, installed in
``tools/a11y`` by ``mk/browser.mk``) is injected and run on the page's article, the
``<article>`` element that holds the book's own content. The theme's chrome around it
(navigation bars, sidebars, the download/full-screen buttons) is out of scope: it is the
theme's, not ours, and carries a few known axe findings. (The text alternatives of the
figures are checked without a browser: tests/site/test_alt_text.py.)

A serious or critical violation fails the test. Every result is also written to
``_build/a11y/axe.json`` (violations per page and impact) for the record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitecheck import AXE_JS, local_only, serve, site_pages

SCOPE = "article.bd-article"
FAILING_IMPACTS = ("serious", "critical")


def is_redirect(page: Path) -> bool:
    """A page that only forwards the browser elsewhere (the root index.html)."""
    head = page.read_text(encoding="utf-8")[:200].lower()
    return head.lstrip().startswith('<meta http-equiv="refresh"')


@pytest.fixture(scope="module")
def browser_page(browser, axe_js):
    """One Chromium tab, reused for every page (much faster than a tab per page)."""
    page = browser.new_page()
    page.route("**/*", local_only)
    yield page
    page.close()


def run_axe(page, url: str, scope: str = SCOPE) -> dict:
    """axe-core's violations inside the element ``scope`` of the page at ``url``."""
    page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (scope) => {
            const el = document.querySelector(scope);
            if (!el) return {missing: scope};
            const r = await axe.run(el, {resultTypes: ['violations']});
            return {violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' '))}))};
        }""",
        scope,
    )


def test_axe_finds_a_planted_violation(browser_page, tmp_path):
    """The control: axe in this set-up does report a serious violation inside <article>."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<article class="bd-article"><h1>Bad</h1><img src="x.png">'
        '<a href="#"></a></article></main></body></html>'
    )
    with serve(tmp_path) as url:
        result = run_axe(browser_page, f"{url}/bad.html")
    ids = {v["id"] for v in result["violations"] if v["impact"] in FAILING_IMPACTS}
    assert {"image-alt", "link-name"} <= ids, result


def test_axe_no_serious_or_critical_violation_in_the_content(site, site_url, browser_page):
    report: dict[str, dict] = {}
    failures = []
    for path in site_pages(site):
        rel = path.relative_to(site).as_posix()
        if is_redirect(site / rel):
            continue  # index.html only forwards to the first chapter
        result = run_axe(browser_page, f"{site_url}/{rel}")
        if "missing" in result:
            # genindex/search have no article body of ours: nothing of the book to check
            report[rel] = {"scope": "no <article>"}
            continue
        counts: dict[str, int] = {}
        for v in result["violations"]:
            counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["nodes"])
            if v["impact"] in FAILING_IMPACTS:
                failures.append(f"{rel}: [{v['impact']}] {v['id']} ({v['help']}) at {v['nodes']}")
        report[rel] = counts
    out = site.parent / "a11y"
    out.mkdir(exist_ok=True)
    (out / "axe.json").write_text(json.dumps(report, indent=1, sort_keys=True))
    assert sum(1 for r in report.values() if "scope" not in r) >= 3, report
    assert not failures, "\n".join(failures)

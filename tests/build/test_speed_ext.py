"""tools/sphinx_ext/nnbook_speed.py, piece by piece: icons cut from the theme's Font
Awesome, scripts deferred, images sized and lazy, embedded pictures moved to files."""

from __future__ import annotations

import base64
import io
import re
from types import ModuleType

import pytest
from booktest import require, tool_module


def speed() -> ModuleType:
    return tool_module("tools/sphinx_ext/nnbook_speed.py")


@pytest.fixture(scope="module")
def table() -> dict:
    module = speed()
    script = module.theme_fontawesome()
    require(script is not None, "pydata-sphinx-theme (requirements-book.txt)")
    return module.icon_table(script.read_text(encoding="utf-8"))


def test_icons_come_from_the_theme_font_awesome_with_their_aliases(table):
    # magnifying glass: Font Awesome 6's viewBox and the start of its path, by hand
    w, h, path = table[("fas", "magnifying-glass")]
    assert (w, h) == (512, 512) and path.startswith("M416 208c0")
    assert table[("fas", "search")] == table[("fas", "magnifying-glass")]  # FA5 name
    assert table[("fas", "pencil-alt")] == table[("fas", "pencil")]
    assert ("fab", "github") in table and ("fas", "github") not in table
    # the solid and regular files differ
    assert table[("fas", "file")][2] != table[("far", "file")][2]


def test_the_style_sheet_has_a_rule_per_used_icon_and_names_the_missing(table):
    pages = [
        '<i class="fa-solid fa-bars"></i><span class="fab fa-github fa-lg"></span>',
        '<i class="fa-solid fa-no-such-icon"></i>',
    ]
    used = speed().used_icons(pages)
    assert used == {("fas", "bars"), ("fab", "github"), ("fas", "no-such-icon")}
    css, missing = speed().icons_css(used, table)
    assert missing == ["fas fa-no-such-icon"]
    assert ".fa-solid.fa-bars, .fas.fa-bars, .fa.fa-bars {" in css
    assert ".fa-brands.fa-github, .fab.fa-github {" in css
    rule = re.search(
        r"\.fab\.fa-github \{ --nn-icon: url\(\"([^\"]+)\"\); --nn-icon-width: ([\d.]+)em", css
    )
    assert rule and rule.group(1).startswith("data:image/svg+xml,%3Csvg")
    assert float(rule.group(2)) == pytest.approx(496 / 512, abs=1e-4)


class Script:
    def __init__(self, filename, priority=500, **attributes):
        self.filename, self.priority, self.attributes = filename, priority, attributes


def test_scripts_are_deferred_but_documentation_options_and_inline_ones():
    scripts = [
        Script("_static/documentation_options.js?v=1"),
        Script("_static/doctools.js"),
        Script(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
        Script("_static/sphinx-thebe.js", **{"async": "async"}),
        Script("_static/design-tabs.js", **{"data-sd": "x"}),
    ]
    out = speed().faster_scripts(scripts, body="<p>no tabs here</p>")
    names = [(s.filename, sorted(s.attributes)) for s in out]
    assert names == [
        ("_static/documentation_options.js?v=1", []),
        ("_static/doctools.js", ["defer"]),
        (None, ["body"]),
        ("_static/sphinx-thebe.js", ["async"]),
    ]
    with_tabs = speed().faster_scripts(scripts, body='<div class="sd-tab-set">')
    assert [s.attributes for s in with_tabs if s.filename == "_static/design-tabs.js"] == [
        {"data-sd": "x", "defer": "defer"}
    ]


def png(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise((width, height), 64).save(buf, format="PNG")
    return buf.getvalue()


def test_images_get_their_size_and_all_but_the_first_load_lazily(tmp_path):
    (tmp_path / "a.png").write_bytes(png(30, 20))
    body = '<p><img alt="first" src="../_images/a.png" /></p><img alt="second" src="../_images/a.png?v=2">'
    out = speed().sized_images(body, lambda src: tmp_path / "a.png" if "a.png" in src else None)
    first, second = re.findall(r"<img[^>]*>", out)
    assert 'width="30" height="20"' in first and "loading" not in first
    assert 'width="30" height="20"' in second and 'loading="lazy"' in second


def test_a_large_embedded_picture_is_moved_to_a_file(tmp_path):
    data = png(80, 80)
    assert len(data) > speed().INLINE_LIMIT
    src = "data:image/png;base64," + base64.b64encode(data).decode()
    stored = {}

    def store(name: str, content: bytes) -> str:
        stored[name] = content
        return "../_images/" + name

    body = f'<img alt="d" width="80" height="80" src="{src}"><img alt="tiny" src="data:image/png;base64,iVBORw0KGgo=">'
    out = speed().sized_images(body, lambda src: None, store)
    ((name, content),) = stored.items()
    assert content == data and name.endswith(".png")
    assert f'src="../_images/{name}"' in out and "base64,iVBORw0KGgo=" in out


def test_a_plot_is_stored_with_a_palette_that_looks_the_same(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from PIL import Image, ImageChops

    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    t = np.linspace(0, 6, 400)
    for k in range(4):
        ax.plot(t, np.sin(t + k), label=f"curve {k}")
    ax.legend()
    path = tmp_path / "plot.png"
    fig.savefig(path)
    plt.close(fig)
    original = Image.open(path).convert("RGB")
    size = path.stat().st_size
    speed().shrink_images(tmp_path)
    assert path.stat().st_size <= speed().PALETTE_GAIN * size
    shrunk = Image.open(path)
    assert shrunk.mode == "P" and shrunk.size == original.size
    diff = np.asarray(
        ImageChops.difference(original, shrunk.convert("RGBA").convert("RGB")), dtype=float
    )
    assert diff.mean() < 0.5 and np.percentile(diff, 99.9) < 40
    # looked at once: a second pass leaves the file alone
    before = path.read_bytes()
    speed().shrink_images(tmp_path)
    assert path.read_bytes() == before


def test_the_theme_css_loses_the_icon_font_and_nothing_else():
    module = speed()
    script = module.theme_fontawesome()
    require(script is not None, "pydata-sphinx-theme (requirements-book.txt)")
    css = (script.parents[1] / module.THEME_CSS).read_text(encoding="utf-8")
    trimmed = module.without_icon_font(css)
    assert re.search(r"\.fa-bars:before[^{]*\{content:", css) and ".fa-bars:before" not in trimmed
    assert "@font-face" in css and "webfonts/fa-solid-900" not in trimmed
    assert "content:" not in "".join(
        re.findall(r"\.fa-[a-z0-9-]+:{1,2}before[^{]*\{[^}]*\}", trimmed)
    )
    # the theme's own rules stay, and the cut is about a fifth of the file
    for rule in (".bd-header", ".theme-switch-button .theme-switch{display:none}", ".admonition"):
        assert rule in trimmed
    assert 0.6 * len(css) < len(trimmed) < 0.9 * len(css)

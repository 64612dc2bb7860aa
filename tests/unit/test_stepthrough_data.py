"""The spreadsheet view's data: every value from ClassicMLP.step, every 'reads' list right."""

from __future__ import annotations

import json
import re

import numpy as np
import oracles
import pytest

from nncode import classic
from nncode.data import twelve_step_data
from nncode.stepthrough import StepThrough, stepthrough, stepthrough_html, stepthrough_latex

TOY_X, TOY_Y = twelve_step_data()


def run_code(code: str, matrices: dict[str, np.ndarray], lr: float) -> np.ndarray:
    """Execute a frame's displayed line of code on the given matrices; return its result."""
    ns = {k: v.copy() for k, v in matrices.items()}
    ns.update(sigmoid=lambda z: 1 / (1 + np.exp(-z)), lr=lr, sum=np.sum)
    exec(code, {"np": np}, ns)  # noqa: S102 - our own frame code, in a test
    result = ns[code.split("=", 1)[0].strip()]
    return np.atleast_2d(result)


def test_values_are_those_of_an_independent_step():
    """Oracle: the twelve steps written out entry by entry (tests/oracles.py), not the
    ClassicMLP.step that the view itself calls."""
    data = stepthrough(classic.ClassicMLP(4, 3, 1, rng=0), TOY_X, TOY_Y, 0.1)
    start = oracles.classic_weights(0)
    want = oracles.twelve_steps(TOY_X, TOY_Y, start, 0.1)
    m = data["matrices"]
    for k, v in {**start, **want}.items():
        np.testing.assert_allclose(m[k], v, rtol=1e-13, atol=1e-15, err_msg=k)


def test_frames_cover_the_twelve_steps_in_order():
    data = stepthrough(classic.ClassicMLP(4, 3, 1, rng=0), TOY_X, TOY_Y, 0.1)
    steps = [f["step"] for f in data["frames"]]
    assert steps == sorted(steps) and set(steps) == {0, *range(2, 12)}
    json.loads(json.dumps(data))  # plain JSON, no numpy scalars


@pytest.mark.parametrize("seed", [0, 1])
def test_the_displayed_code_computes_the_target_and_reads_exactly_the_marked_cells(seed):
    """Oracle: execute each frame's line of code and perturb every input cell; the target
    cells that change must be exactly those whose 'reads' list names that input cell."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.1, 1.0, size=(5, 4))  # no zeros, so every read cell matters
    y = rng.uniform(0.1, 0.9, size=(5, 2))
    data = stepthrough(classic.ClassicMLP(4, 3, 2, rng=seed), X, y, 0.1)
    m = {k: np.array(v) for k, v in data["matrices"].items()}
    for frame in data["frames"][1:]:
        target = frame["target"]
        inputs = {k: m[k] for k in frame["shown"][:-1]}
        np.testing.assert_allclose(run_code(frame["code"], inputs, 0.1), m[target], atol=1e-14)
        for name, arr in inputs.items():
            for idx in np.ndindex(arr.shape):
                bumped = dict(inputs)
                bumped[name] = arr.copy()
                bumped[name][idx] += 0.37
                changed = run_code(frame["code"], bumped, 0.1) != run_code(
                    frame["code"], inputs, 0.1
                )
                for i, j in np.ndindex(changed.shape):
                    marked = [name, *idx] in frame["cells"][i][j]["reads"]
                    assert bool(changed[i, j]) == marked, (target, (i, j), name, idx)


def test_each_formula_ends_in_the_cell_value():
    data = stepthrough(classic.ClassicMLP(4, 3, 1, rng=0), TOY_X, TOY_Y, 0.1)
    for frame in data["frames"][1:]:
        values = np.array(data["matrices"][frame["target"]])
        for i, row in enumerate(frame["cells"]):
            for j, cell in enumerate(row):
                shown = cell["formula"].rsplit("= ", 1)[1].replace("\u2212", "-")
                assert float(shown) == pytest.approx(values[i, j], abs=5e-5)


def test_html_is_a_figure_with_data_and_static_tables_and_latex_has_the_same_frames():
    data = stepthrough(classic.ClassicMLP(4, 3, 1, rng=0), TOY_X, TOY_Y, 0.1)
    view = StepThrough(data)
    page = view._repr_html_()
    # no code in the page: the browser component (assets/stepthrough.js) draws the data
    assert page.startswith('<figure class="nn-figure nn-stepthrough" data-nn-figure="stepthrough">')
    assert "<style" not in page and "<script>" not in page and "function" not in page
    payload = re.search(r'class="nn-figure-data">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(payload) == json.loads(json.dumps(data))
    # the static version: two frames, each result's cell (0, 0) boxed, the cells it reads
    static = stepthrough_html(data)
    assert static in page
    by_target = {f["target"]: f for f in data["frames"]}
    for target in ("hidden_layer_input", "Error_at_hidden_layer"):
        table = re.search(rf'<table data-matrix="{target}">(.*?)</table>', static).group(1)
        first = re.search(r"<td([^>]*)>([^<]*)</td>", table)
        assert first.group(1) == ' class="nnst-target"'
        assert float(first.group(2).replace("\u2212", "-")) == pytest.approx(
            data["matrices"][target][0][0], abs=5e-5
        )
        assert by_target[target]["cells"][0][0]["formula"] in static
    marked = re.findall(r'<table data-matrix="(\w+)">(.*?)</table>', static)
    reads = sum(t.count('class="nnst-read"') for _, t in marked)
    assert reads == sum(
        len(by_target[t]["cells"][0][0]["reads"])
        for t in by_target
        if t in ("hidden_layer_input", "Error_at_hidden_layer")
    )
    tex = stepthrough_latex(data)
    assert tex.count(r"\boxed{") == 2 and r"\text{hidden\_layer\_input}" in tex
    assert r"\text{Error\_at\_hidden\_layer}" in tex
    assert tex.count(r"\mathbf{") == reads
    assert view._repr_latex_() == tex


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="net must be"):
        stepthrough("net", TOY_X, TOY_Y, 0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lr"):
        stepthrough(classic.ClassicMLP(4, 3, 1), TOY_X, TOY_Y, -1.0)
    with pytest.raises(ValueError, match="X has 3 columns"):
        stepthrough(classic.ClassicMLP(4, 3, 1), TOY_X[:, :3], TOY_Y, 0.1)

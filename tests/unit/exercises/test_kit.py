"""The shared kit of the exercise checks: display, safe calls, conversion, comparison."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from booktest import ROOT
from slipbook import fails

import nncode.exercises
from nncode.exercises import kit
from nncode.exercises.kit import NotYet, Slip

CHAPTER_MODULES = sorted(
    m.name for m in pkgutil.iter_modules(nncode.exercises.__path__) if m.name != "kit"
)


# ---------------------------------------------------------------- the package's shape


def chapter_of(name: str) -> str:
    """The chapter file that a module's docstring names, such as ``book/part2/matrix.md``."""
    doc = importlib.import_module(f"nncode.exercises.{name}").__doc__ or ""
    found = re.search(r"``(book/part\d/[\w-]+\.md)``", doc)
    return found[1] if found else ""


def test_every_chapter_module_is_named_after_a_chapter_file():
    """Named after the chapter file; a chapter whose file is an index is named after what it
    teaches (``trial`` for part1/index), and the docstring names the file in every case."""
    assert CHAPTER_MODULES
    for name in CHAPTER_MODULES:
        chapter = chapter_of(name)
        assert chapter and (ROOT / chapter).exists(), (name, chapter)
        stem = Path(chapter).stem
        assert name == stem.replace("-", "_") or stem == "index", (name, chapter)


def catalogue_file(name: str) -> Path:
    """The test file of a chapter module: ``test_<module>.py``, or, when that base name is
    taken by another tier (``tests/unit/test_descent.py``), ``test_<module>_exercises.py``."""
    folder = ROOT / "tests" / "unit" / "exercises"
    plain = folder / f"test_{name}.py"
    return plain if plain.exists() else folder / f"test_{name}_exercises.py"


def test_test_file_names_are_unique_across_the_tiers():
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def public_functions(tree: ast.Module) -> list[str]:
    """The public functions and classes a module defines: by ``def`` and ``class``, and by
    an assignment such as ``hint_relu = hints(__name__, "relu", ...)``."""
    names = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return [n for n in names if not n.startswith("_") and not n.isupper()]


def test_no_public_name_is_defined_twice():
    defined: dict[str, str] = {}
    for name in ["kit", *CHAPTER_MODULES]:
        tree = ast.parse((ROOT / "nncode" / "exercises" / f"{name}.py").read_text())
        for public in public_functions(tree):
            assert public not in defined, (public, defined.get(public), name)
            defined[public] = name


@pytest.mark.parametrize("name", CHAPTER_MODULES)
def test_hint_functions_made_by_the_kit_belong_to_their_module(name):
    """What the API page and help() show: the module's own name, a signature and a
    NumPy-style docstring that names the check and the number of hints."""
    module = importlib.import_module(f"nncode.exercises.{name}")
    for attr in [n for n in dir(module) if n.startswith("hint_")]:
        function = getattr(module, attr)
        assert function.__name__ == function.__qualname__ == attr
        assert function.__module__ == module.__name__
        count = int(re.search(r"Hint 1 of (\d+)", str(function()))[1])
        doc = function.__doc__
        assert f":func:`check_{attr[5:]}`" in doc and f"most specific ({count})" in doc
        assert "Parameters\n----------\nlevel : int" in doc and "Returns\n-------" in doc
        assert str(inspect.signature(function)) == "(level: 'int' = 1) -> 'Hint'"


@pytest.mark.parametrize("name", CHAPTER_MODULES)
def test_every_check_has_hints_and_a_slip_catalogue(name):
    module = importlib.import_module(f"nncode.exercises.{name}")
    checks = [n[6:] for n in dir(module) if n.startswith("check_")]
    hints = [n[5:] for n in dir(module) if n.startswith("hint_")]
    assert checks and sorted(checks) == sorted(hints), (checks, hints)
    tests = catalogue_file(name).read_text()
    assert "SLIPS" in tests and "garbage" in tests
    for exercise in checks:
        assert f"check_{exercise}" in tests and f"hint_{exercise}" in tests, exercise
        for level in (0, 1, 99, "two", None):
            assert isinstance(getattr(module, f"hint_{exercise}")(level), kit.Hint)


# ---------------------------------------------------------------- what a check returns


def test_feedback_reads_well_in_text_and_html():
    good, bad = kit.passed("all right"), kit.fail("Z1 has shape (3, 4) <b>")
    assert bool(good) and not bool(bad)
    assert str(good) == "Correct: all right" and repr(bad) == "Not yet: Z1 has shape (3, 4) <b>"
    page = bad._repr_html_()
    assert "nncode-feedback-not-yet" in page and "Not yet:" in page and "&lt;b&gt;" in page
    assert "nncode-feedback-correct" in good._repr_html_()


def test_hints_count_and_point_to_the_next_one():
    first, last = kit.hint("hint_x", 1, "one", "two"), kit.hint("hint_x", 2, "one", "two")
    assert str(first) == "Hint 1 of 2: one (next: hint_x(2))"
    assert str(last) == "Hint 2 of 2: two" and "hint_x(2)" in first._repr_html_()
    assert "1 to 2" in str(kit.hint("hint_x", 3, "one", "two"))
    assert "nncode-hint" in last._repr_html_()


def css_rules() -> dict[str, dict[str, str]]:
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "assets" / "feedback.css").read_text(), flags=re.DOTALL)
    rules = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        rules[selector.strip()] = dict(re.findall(r"(--[\w-]+|[\w-]+)\s*:\s*([^;]+);", body))
    return rules


def test_every_css_class_of_the_kit_is_styled():
    html = kit.passed("x")._repr_html_() + kit.fail("x")._repr_html_()
    html += kit.hint("hint_x", 1, "a", "b")._repr_html_()
    classes = set(re.findall(r'class="([^"]+)"', html))
    classes = {c for group in classes for c in group.split()}
    styled = " ".join(css_rules())
    assert classes and all(f".{c}" in styled for c in classes), classes
    documented = kit.__doc__
    assert all(c in documented for c in classes)


def luminance(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", ["", 'html[data-theme="dark"] '])
@pytest.mark.parametrize("kind", ["feedback", "feedback-correct", "feedback-not-yet", "hint"])
def test_feedback_colours_have_accessible_contrast(theme, kind):
    colours = css_rules()[f"{theme}.nncode-{kind}"]
    fg, bg, accent = (colours[f"--nncode-fb-{k}"] for k in ("fg", "bg", "accent"))
    assert contrast(fg, bg) >= 4.5, (fg, bg, contrast(fg, bg))
    assert contrast(accent, bg) >= 3.0, (accent, bg, contrast(accent, bg))


def test_the_contrast_formula_is_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# ---------------------------------------------------------------- never raising


def test_never_raises_turns_every_error_into_a_failing_feedback():
    @kit.never_raises
    def check(answer):
        if answer == "slip":
            raise NotYet("a named slip")
        return kit.passed("fine") if answer else {}["a key the check forgot"]

    assert check(1).ok
    fails(check("slip"), "a named slip")
    fails(check(0), "could not make sense of this answer", "KeyError")


def test_never_raises_silences_numpy_warnings_even_when_they_are_errors():
    @kit.never_raises
    def check(x):
        kit.compare("x", np.array([1.0]) / x, [1.0])
        return kit.passed("fine")

    with np.errstate(all="raise"):
        fails(check(0.0), "x is inf", "0/0")


# ---------------------------------------------------------------- running the reader's code


def mutates(z, params):
    """A learner's function that changes its inputs in place and returns the right value."""
    total = z.sum() + params["W"].sum()
    z[z < 0] = 0
    params["W"] *= 2
    return total


def test_run_copies_the_arguments_and_reports_a_change_in_place():
    z, params = np.array([-1.0, 2.0]), {"W": np.array([[1.0]])}
    with pytest.raises(NotYet, match=r"changed its argument z in place.*z = z - y"):
        kit.run(mutates, "f(z, params)", {"z": z, "params": params})
    # the caller's arrays are untouched: only the copies were changed
    assert z.tolist() == [-1.0, 2.0] and params["W"].tolist() == [[1.0]]


def test_run_names_the_dict_entry_changed_in_place():
    def scales(params):
        params["W"] *= 2

    with pytest.raises(NotYet, match=r"params\['W'\] in place"):
        kit.run(scales, "f(params)", {"params": {"W": kit.read_only([1.0])}})


def test_read_only_data_cannot_be_changed():
    data = kit.read_only({"W": [[1.0, 2.0]]})
    with pytest.raises(ValueError, match="read-only"):
        data["W"][0, 0] = 5.0


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (None, ["you passed None"]),
        (3, ["you passed an int"]),
        (np.zeros(2), ["an array of shape (2,)"]),
        (dict, ["the class dict"]),
        ((i for i in range(2)), ["a generator"]),
    ],
)
def test_run_refuses_what_is_not_a_function(answer, words):
    with pytest.raises(NotYet) as caught:
        kit.run(answer, "f(z)", {"z": 1})
    assert all(w in str(caught.value) for w in words), str(caught.value)


def test_run_quotes_the_reader_s_line_and_explains_the_error():
    def relu(z):
        return np.max(0, z)  # the classic slip

    with pytest.raises(NotYet) as caught:
        kit.run(relu, "relu(z)", {"z": np.ones((2, 2))})
    message = str(caught.value)
    assert "relu(z) raised TypeError in the line `return np.max(0, z)" in message
    assert "np.maximum(0, z)" in message


def test_run_tries_the_exercise_s_explanations_first():
    def own(exc, line):
        return "the exercise's words" if isinstance(exc, ZeroDivisionError) else None

    with pytest.raises(NotYet, match="ZeroDivisionError in the line .*the exercise's words"):
        kit.run(lambda: 1 / 0, "f()", {}, explain=[own])


def test_run_refuses_a_generator_as_a_result():
    def gives():
        yield 1

    with pytest.raises(NotYet, match="yield; use return"):
        kit.run(gives, "f()", {})


class Pair(NamedTuple):
    a: float
    b: float


def test_run_cases_runs_one_case_at_a_time_with_the_named_fields():
    seen = []

    def add(a, b):
        seen.append((a, b))
        if b == 0:
            raise ZeroDivisionError("division by zero")
        return a + b

    runs = kit.run_cases(add, "add(a, b)", [Pair(1.0, 2.0), Pair(3.0, 0.0)])
    assert next(runs) == (Pair(1.0, 2.0), 3.0) and seen == [(1.0, 2.0)]  # the next waits
    with pytest.raises(NotYet, match="add\\(a, b\\) raised ZeroDivisionError.*divided by zero"):
        next(runs)
    only_b = kit.run_cases(lambda b: -b, "f(b)", [Pair(1.0, 2.0)], ("b",))
    assert [out for _, out in only_b] == [-2.0]


def test_run_cases_asks_the_case_what_an_error_means():
    def explain(case):
        return lambda exc, line: f"case a={case.a:g} went wrong"

    with pytest.raises(NotYet, match="case a=7 went wrong"):
        list(kit.run_cases(lambda a, b: 1 / 0, "f(a, b)", [Pair(7.0, 1.0)], explain=explain))


def test_explain_max_says_which_maximum_was_taken():
    say = kit.explain_max("np.max takes an axis", "max compares whole arrays")
    z = np.array([1.0, -2.0])
    assert say(error_of_any(lambda: np.max(0, z)), "return np.max(0, z)") == "np.max takes an axis"
    assert say(error_of_any(lambda: max(0, z)), "return max(0, z)") == "max compares whole arrays"
    assert say(error_of_any(lambda: bool(z > 0)), "if z > 0:") is None
    assert say(error_of_any(lambda: 1 / 0), "return max(0, z) / 0") is None


def test_expect_shape_names_a_transpose():
    kit.expect_shape("W1", np.zeros((2, 3)), (2, 3))
    with pytest.raises(
        NotYet, match=r"W1 has shape \(3, 2\), but .* \(2, 3\) \(it is transposed\): rows"
    ):
        kit.expect_shape("W1", np.zeros((3, 2)), (2, 3), "rows")


def error_of_any(code) -> BaseException:
    try:
        code()
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("the code did not raise")


def error_of(code) -> BaseException:
    try:
        code()
    except (ValueError, ZeroDivisionError) as exc:
        return exc
    raise AssertionError("no error")


def test_numpy_s_messages_are_read():
    X, W = np.ones((4, 2)), np.ones((2, 3))
    assert kit.matmul_sizes(error_of(lambda: X @ W.T)) == (2, 3)
    assert kit.matmul_sizes(error_of(lambda: np.dot(X, W.T))) == (2, 3)
    assert kit.matmul_sizes(error_of(lambda: 1 / 0)) is None
    assert kit.broadcast_shapes(error_of(lambda: X @ W + np.ones((3, 1)))) == [(4, 3), (3, 1)]


# (line, code, words); the ids are the lines alone, in ASCII: mutmut passes node ids on
# pytest's command line, where an id escaped as "\u207d" is not found
SHAPE_SLIPS = [
    ("Z1 = X @ W1.T", lambda X, W, d: X @ W[1].T, "use x @ W, not x @ W.T"),
    ("Z1 = W1 @ X", lambda X, W, d: W[1] @ X, "not W⁽¹⁾ @ X⁽⁰⁾"),
    ("dX2 = dZ3 @ W3", lambda X, W, d: d[3] @ W[3], "dZ⁽³⁾ @ W⁽³⁾.T, not dZ @ W"),
    ("dW1 = X @ dZ1", lambda X, W, d: X @ d[1], "dW = X_prev.T @ dZ"),
    ("Z1 = X @ W1 + b1.T", lambda X, W, d: X @ W[1] + np.ones((3, 1)), "+ b, not + b.T"),
    ("dZ1 = dX1 * (Z2 > 0)", lambda X, W, d: d[1] * d[2], "receptors of the same layer"),
]


@pytest.mark.parametrize(("line", "code", "words"), SHAPE_SLIPS, ids=[s[0] for s in SHAPE_SLIPS])
def test_explain_shapes_names_the_network_slip(line, code, words):
    """The worked example's sizes: [2, 3, 2, 1] on n = 4 samples."""
    X = np.ones((4, 2))
    W = {1: np.ones((2, 3)), 2: np.ones((3, 2)), 3: np.ones((2, 1))}
    dZ = {1: np.ones((4, 3)), 2: np.ones((4, 2)), 3: np.ones((4, 1))}
    said = kit.explain_shapes([2, 3, 2, 1], 4)(error_of(lambda: code(X, W, dZ)), line)
    assert said and words in said, said


# ---------------------------------------------------------------- reading answers


class Unconvertible:
    """Like a tensor that still requires its gradient: NumPy cannot read it."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no numpy here")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "None: did you forget a return"),
        ("0.5", "it is a str"),
        ({"a": 1}, "it is a dict"),
        ([[1, 2], [3]], "ragged"),
        (np.array([None, 1], dtype=object), "ragged"),
        (np.array([1j]), "real numbers"),
        (np.array(["a"]), "real numbers"),
        (len, "the function len"),
        (Unconvertible(), "cannot become an array of numbers: (RuntimeError: no numpy here)"),
    ],
)
def test_as_array_says_what_the_answer_is_instead(value, words):
    with pytest.raises(NotYet, match=re.escape(words)):
        kit.as_array(value, "Z1")


def test_as_array_and_as_number_accept_numbers():
    assert kit.as_array([[1, 2]], "a").dtype == np.float64
    assert kit.as_array(np.array([True]), "a").tolist() == [1.0]
    assert kit.as_number(np.array([[0.5]]), "x") == 0.5
    for bad, words in [(True, "must be a number"), ([1, 2], "(2,)"), (abs, "the function abs")]:
        with pytest.raises(NotYet, match=re.escape(words)):
            kit.as_number(bad, "x")


def test_function_dict_says_what_is_missing():
    for bad, words in [
        (abs, "must be a dict"),
        ("relu", "the text 'relu'"),
        ({"activation": abs}, "missing ['derivative']"),
        ({"activation": abs, "derivative": 1.0}, "['derivative'] must be a function"),
        ({"activation": abs, "derivative": dict}, "the class dict"),
    ]:
        with pytest.raises(NotYet, match=re.escape(words)):
            kit.function_dict(bad, "d", ("activation", "derivative"))


# ---------------------------------------------------------------- comparing


def test_compare_names_a_transpose_a_single_number_and_the_first_difference():
    want = np.arange(6.0).reshape(2, 3)
    kit.compare("Z", want.tolist(), want)
    for got, words in [
        (want.T, "shape (3, 2), but it must have shape (2, 3) (it is transposed): hint"),
        (5.0, "Z is a single number, but it must be an array of shape (2, 3)"),
        (want + np.eye(2, 3) * 0.5, "Z is 0.5 at [0, 0] but should be 0"),
        (np.where(want > 4, np.nan, want), "Z is nan at [1, 2]"),
    ]:
        with pytest.raises(NotYet, match=re.escape(words)):
            kit.compare("Z", got, want, shape_hint="hint")


def test_compare_names_the_slip_unless_it_equals_the_answer_on_this_data():
    want = np.array([1.0, 0.0])
    slips = [Slip(want, "never said: same as the answer"), Slip(-want, "the sign")]
    with pytest.raises(NotYet, match="^the sign$"):
        kit.compare("d", -want, want, slips)
    with pytest.raises(NotYet, match="d is 2"):
        kit.compare("d", [2.0, 0.0], want, slips)


def test_notation_helpers():
    assert kit.sup(2) + kit.sub(2, 1) == "⁽²⁾₂,₁" and kit.sup("l-1") == "⁽ˡ⁻¹⁾"
    assert kit.shape_text((3,)) == "(3,)" and kit.describe([1, 2]) == "a list of 2 items"


# ---------------------------------------------------------------- every message, word for word
# The checks' tests look for a few words of each message; these pin the kit's own
# sentences and HTML in full, so that a changed word or a lost space is noticed.


def test_feedback_and_hint_html_in_full():
    assert kit.passed("a < b")._repr_html_() == (
        '<div data-nn-figure="feedback" class="nncode-feedback nncode-feedback-correct" '
        'role="status"><span class="nncode-feedback-label">Correct:</span> a &lt; b</div>'
    )
    assert kit.fail("x")._repr_html_() == (
        '<div data-nn-figure="feedback" class="nncode-feedback nncode-feedback-not-yet" '
        'role="status"><span class="nncode-feedback-label">Not yet:</span> x</div>'
    )
    first = kit.hint("hint_x", 1, "a & b", "two")
    assert first._repr_html_() == (
        '<div data-nn-figure="feedback" class="nncode-feedback nncode-hint" role="note">'
        '<span class="nncode-feedback-label">Hint 1 of 2:</span> a &amp; b <span '
        'class="nncode-hint-next">Next: <code>hint_x(2)</code></span></div>'
    )
    assert kit.hint("hint_x", 2, "one", "<two>")._repr_html_() == (
        '<div data-nn-figure="feedback" class="nncode-feedback nncode-hint" role="note">'
        '<span class="nncode-feedback-label">Hint 2 of 2:</span> &lt;two&gt;</div>'
    )
    assert repr(first) == "Hint 1 of 2: a & b (next: hint_x(2))"
    assert repr(kit.passed("fine")) == "Correct: fine" and str(kit.fail("no")) == "Not yet: no"


@pytest.mark.parametrize("level", [0, 3, True, 1.0, "1", None])
def test_a_hint_that_does_not_exist_lists_the_levels(level):
    assert str(kit.hint("hint_x", level, "one", "two")) == (
        "hint_x has hints 1 to 2: ask for one of them, e.g. hint_x(1)."
    )


def test_a_numpy_integer_asks_for_a_hint_too():
    assert str(kit.hint("hint_x", np.int64(2), "one", "two", "three")) == (
        "Hint 2 of 3: two (next: hint_x(3))"
    )


def named_function():
    return None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "None"),
        (dict, "the class dict"),
        ((i for i in range(2)), "a generator (made by a function that uses yield)"),
        (np.zeros((2, 3)), "an array of shape (2, 3)"),
        ((1,), "a tuple of 1 item"),
        ({}, "a dict of 0 items"),
        ([1, 2], "a list of 2 items"),
        (named_function, "the function named_function"),
        (np.add.reduce, "the function reduce"),
        (Unconvertible(), "a Unconvertible"),  # the article follows the first letter only
        (2.5, "a float"),
        (3, "an int"),
    ],
)
def test_describe_in_full(value, words):
    assert kit.describe(value) == words


class Xylophone:
    """A class whose name starts with a capital consonant that is not in 'aeiou'."""


def test_the_article_follows_the_first_letter():
    assert kit.describe(Xylophone()) == "a Xylophone"
    assert kit.describe(1j) == "a complex" and kit.describe(Ellipsis) == "an ellipsis"


def test_close_is_false_for_a_missing_value_rather_than_raising():
    assert not kit.close(None, 1.0) and not kit.close(1.0, None)
    assert kit.close(np.array(True), 1) and kit.close([1, 2], np.array([1.0, 2.0]))


def test_a_callable_without_a_name_is_a_function():
    class Call:
        def __call__(self):
            return None

    assert kit.describe(Call()) == "the function"


def test_neurons_and_shapes_in_words():
    assert [kit.neuron(0), kit.neuron(0, 2), kit.neuron(1), kit.neuron(3, 2)] == [
        "input",
        "input 2",
        "neuron of layer 1",
        "neuron 2 of layer 3",
    ]
    assert [kit.shape_text(()), kit.shape_text((3,)), kit.shape_text((4, 2))] == [
        "()",
        "(3,)",
        "(4, 2)",
    ]
    assert kit.sub(3) == "₃" and kit.sup(10) == "⁽¹⁰⁾"


def test_shape_problems_in_full():
    assert kit.shape_problem("Z", (), (2, 3)) == (
        "Z is a single number, but it must be an array of shape (2, 3)"
    )
    assert kit.shape_problem("Z", (3, 2), (2, 3), "use X @ W") == (
        "Z has shape (3, 2), but it must have shape (2, 3) (it is transposed): use X @ W"
    )
    # a square matrix or a 1-D array of the other length is not a transpose
    assert kit.shape_problem("Z", (2, 2), (2, 2)) == (
        "Z has shape (2, 2), but it must have shape (2, 2)"
    )
    assert kit.shape_problem("Z", (3,), (3, 1)) == (
        "Z has shape (3,), but it must have shape (3, 1)"
    )
    assert kit.shape_problem("b", (1,), (1,)) == "b has shape (1,), but it must have shape (1,)"


def test_close_uses_the_tolerances_it_is_given():
    assert kit.close([1.0 + 5e-7], [1.0]) and not kit.close([1.0 + 2e-6], [1.0])
    assert kit.close([5e-10], [0.0]) and not kit.close([2e-9], [0.0])
    assert kit.close([1.1], [1.0], rtol=0.2) and kit.close([0.1], [0.0], atol=0.2)
    assert not kit.close([1.0, 1.0], [1.0]) and not kit.close([[1.0]], [1.0])


def test_compare_messages_in_full():
    want = np.array([[1.0, 2.0], [3.0, 4.0]])
    messages = []
    for got, options in [
        ([[1.0, 2.0], [3.0, np.inf]], {}),
        ([[1.0, 2.0], [3.5, 4.0]], {}),
        ([[1.0, 2.0], [3.5, 4.0]], {"otherwise": "the sum is off"}),
        ([[1.0, 2.0], [3.0, 4.1]], {"rtol": 0.1}),  # within the tolerance: no message
        ([[1.0, 2.0], [3.0, 4.1]], {"atol": 0.2, "rtol": 0.0}),
    ]:
        try:
            kit.compare("Z", got, want, **options)
            messages.append("")
        except NotYet as why:
            messages.append(str(why))
    assert messages == [
        "Z is inf at [1, 1]: look for a 0/0, a log of 0 or an overflow in your code",
        "Z is 3.5 at [1, 0] but should be 3",
        "the sum is off",
        "",
        "",
    ]
    with pytest.raises(NotYet) as caught:
        kit.compare("J", 0.123456789, 0.5)
    assert str(caught.value) == "J is 0.123457 but should be 0.5"
    with pytest.raises(NotYet) as caught:
        kit.compare("J", np.nan, 0.5)
    assert str(caught.value) == "J is nan: look for a 0/0, a log of 0 or an overflow in your code"


def test_compare_tries_the_slips_with_the_tolerances_it_is_given():
    want = np.array([1.0, 2.0])
    slips = [Slip(2 * want, "twice")]
    with pytest.raises(NotYet, match="^twice$"):
        kit.compare("d", [2.1, 4.2], want, slips, rtol=0.1)
    with pytest.raises(NotYet, match="^twice$"):
        kit.compare("d", [2.1, 4.1], want, slips, atol=0.15, rtol=0.0)
    with pytest.raises(NotYet, match=r"^d is 4.1 at \[1\] but should be 2$"):
        kit.compare("d", [2.1, 4.1], want, slips)


def cases_of(values):
    return [np.array(v) for v in values]


def test_compare_cases_names_only_a_slip_that_fits_every_case():
    wants = cases_of([[1.0, 0.0], [2.0, 3.0]])
    # two slips that coincide on case 0 (0 for 0) and differ on case 1
    slips = [[Slip(abs(w) * 2, "doubled"), Slip(w + w * w, "plus its square")] for w in wants]
    doubled = [2 * w for w in wants]
    with pytest.raises(NotYet, match="^doubled$"):
        kit.compare_cases("d", doubled, wants, slips)
    squared = [w + w * w for w in wants]
    with pytest.raises(NotYet, match="^plus its square$"):
        kit.compare_cases("d", squared, wants, slips)
    # right in case 0, wrong in case 1 only: the slip must fit both to be named
    half = [wants[0], wants[1] * 2]
    with pytest.raises(NotYet, match="^doubled$"):
        kit.compare_cases("d", half, wants, slips)
    # no slip fits case 1: case 0 alone is compared, and there both slips give [2, 0]
    mixed = [doubled[0], [9.0, 9.0]]
    with pytest.raises(NotYet) as caught:
        kit.compare_cases("d", mixed, wants, slips, otherwise="none of the slips")
    assert str(caught.value) == "doubled"
    kit.compare_cases("d", [w.tolist() for w in wants], wants, slips)


def test_compare_cases_falls_back_to_the_first_wrong_case_with_its_options():
    wants = cases_of([[1.0], [2.0]])
    slips = [[Slip(-w, "the sign")] for w in wants]
    with pytest.raises(NotYet) as caught:
        kit.compare_cases("d", [[1.0], [5.0]], wants, slips, otherwise="look again")
    assert str(caught.value) == "look again"
    with pytest.raises(NotYet) as caught:
        kit.compare_cases("d", [[1.0], [5.0]], wants, slips)
    assert str(caught.value) == "d is 5 at [0] but should be 2"
    # the tolerances reach the comparison of every case
    kit.compare_cases("d", [[1.05], [2.1]], wants, slips, rtol=0.1)
    kit.compare_cases("d", [[1.05], [2.1]], wants, slips, atol=0.2)
    with pytest.raises(NotYet, match="^the sign$"):
        kit.compare_cases("d", [[-1.05], [-2.1]], wants, slips, rtol=0.1)


def np_max_slip(z):
    return np.max(0, z)


def python_max_slip(z):
    return max(0, z)


def if_on_an_array(z):
    if z > 0:
        return z
    return -z


def product_with_a_number(z):
    return np.float64(2.0) @ z


def wrong_broadcast(z):
    return z + np.ones((3, 1))


def wrong_product(z):
    return z @ np.ones((3, 2))


def missing_key(z):
    return {}["W1"]


def undefined_name(z):
    return undefined_thing  # noqa: F821 (the slip itself)


def calls_itself(z):
    return calls_itself(z)


def index_too_far(z):
    entries = [1.0]
    return entries[3]


def raises_its_own(z):
    raise RuntimeError("boom")


def exits(z):
    raise SystemExit(3)


def divides_by_zero(z):
    return 1 / 0


def long_line(z):
    return {"a": 1}["a-key-whose-name-is-so-long-that-the-line-of-code-quoting-it-is-more-than-a-hundred-characters"]  # fmt: skip


MAXIMUM = "An entrywise maximum, such as ReLU, is np.maximum(0, z)."


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            np_max_slip,
            (
                "f(z) raised TypeError in the line `return np.max(0, z)`: np.max reduces an array "
                "to its single largest entry, and its second argument is an axis, so np.max(0, z) "
                f"fails. {MAXIMUM}"
            ),
        ),
        (
            python_max_slip,
            (
                "f(z) raised ValueError in the line `return max(0, z)`: Python's max(0, z) "
                "compares 0 with the whole array z at once, which has no single answer. "
                f"{MAXIMUM}"
            ),
        ),
        (
            if_on_an_array,
            (
                "f(z) raised ValueError in the line `if z > 0:`: an array was used where one True "
                "or False is needed (as in `if z > 0:`); work entry by entry with np.maximum or "
                "np.where."
            ),
        ),
        (
            product_with_a_number,
            (
                "f(z) raised ValueError in the line `return np.float64(2.0) @ z`: a factor of the "
                "product @ is a single number, and @ needs arrays: did np.max, max or a sum reduce "
                "an array to one number?"
            ),
        ),
        (
            wrong_broadcast,
            (
                "f(z) raised ValueError in the line `return z + np.ones((3, 1))`: arrays of shapes "
                "(2, 2) and (3, 1) cannot be combined entry by entry; print the shapes and compare "
                "them with the ones the exercise asks for."
            ),
        ),
        (
            wrong_product,
            (
                "f(z) raised ValueError in the line `return z @ np.ones((3, 2))`: a matrix product "
                "A @ B needs as many columns in A as rows in B; here A has 2 and B has 3. Write "
                "down both shapes and see which factor needs .T, or which comes first."
            ),
        ),
        (
            missing_key,
            (
                'f(z) raised KeyError in the line `return {}["W1"]`: your code asked a dict for '
                "the key 'W1', which it does not have."
            ),
        ),
        (
            undefined_name,
            (
                "f(z) raised NameError in the line `return undefined_thing  # noqa: F821 (the slip "
                "itself)`: name 'undefined_thing' is not defined: define or import it (import "
                "numpy as np) before you run the check."
            ),
        ),
        (
            calls_itself,
            (
                "f(z) raised RecursionError in the line `return calls_itself(z)`: your function "
                "calls itself again and again, without end."
            ),
        ),
        (
            index_too_far,
            (
                "f(z) raised IndexError in the line `return entries[3]`: list index out of range. "
                "Python counts from 0: neuron 1 is index 0."
            ),
        ),
        (raises_its_own, 'f(z) raised RuntimeError in the line `raise RuntimeError("boom")`: boom'),
        (exits, "f(z) raised SystemExit in the line `raise SystemExit(3)`: 3"),
        (
            divides_by_zero,
            "f(z) raised ZeroDivisionError in the line `return 1 / 0`: your code divided by zero.",
        ),
        (
            long_line,
            (
                'f(z) raised KeyError in the line `return {"a": 1}["a-key-whose-name-is-so-long-'
                "that-the-line-of-code-quoting-it-is-more-than-a-hund...`: your code asked a dict for "
                "the key 'a-key-whose-name-is-so-long-that-the-line-of-code-quoting-it-is-more-than-"
                "a-hundred-characters', which it does not have."
            ),
        ),
    ],
    ids=lambda value: getattr(value, "__name__", "message"),
)
def test_run_explains_each_kind_of_error_in_full(code, message):
    with pytest.raises(NotYet) as caught:
        kit.run(code, "f(z)", {"z": np.ones((2, 2))})
    assert str(caught.value) == message


def adds_none(z):
    return z + None


def test_a_type_error_that_is_not_about_an_axis_is_quoted_as_it_is():
    with pytest.raises(NotYet) as caught:
        kit.run(adds_none, "f(z)", {"z": np.ones((2, 2))})
    numpy_says = str(error_of_type(lambda: np.ones((2, 2)) + None))
    assert str(caught.value) == f"f(z) raised TypeError in the line `return z + None`: {numpy_says}"


def error_of_type(code) -> TypeError:
    try:
        code()
    except TypeError as exc:
        return exc
    raise AssertionError("no TypeError")


def test_an_error_without_a_line_of_the_reader_s_code():
    """NumPy's own function raises, called directly: no line of the reader's to quote."""
    with pytest.raises(NotYet) as caught:
        kit.run(np.max, "f(z)", {"z": np.ones((2, 2))}, keywords={"axis": 5})
    assert str(caught.value).startswith("f(z) raised AxisError: ")
    assert "in the line" not in str(caught.value)
    with pytest.raises(NotYet) as caught:
        kit.run(np.maximum.reduce, "f(z)", {"z": np.ones((2, 2))}, keywords={"axis": 0.5})
    assert str(caught.value) == (
        "f(z) raised TypeError: np.max reduces an array to its single largest entry, and its "
        f"second argument is an axis, so np.max(0, z) fails. {MAXIMUM}"
    )


def test_an_explanation_that_trips_is_skipped_and_the_next_one_answers():
    def trips(exc, line):
        return {}["nothing"]

    def answers(exc, line):
        return "the second explanation"

    with pytest.raises(NotYet) as caught:
        kit.run(raises_its_own, "f(z)", {"z": 1.0}, explain=[trips, answers])
    assert str(caught.value).endswith(": the second explanation")


def test_run_passes_before_and_keywords_and_copies_only_args():
    seen = {}

    def method(self, z, *, scale):
        seen.update(self=self, z=z, scale=scale)
        return z * scale

    owner, z = object(), np.array([1.0, 2.0])
    out = kit.run(method, "m(z)", {"z": z}, before=[owner], keywords={"scale": 3.0})
    assert out.tolist() == [3.0, 6.0] and seen["self"] is owner and seen["scale"] == 3.0
    assert seen["z"] is not z and seen["z"].tolist() == [1.0, 2.0]


def test_run_refuses_a_class_in_full():
    with pytest.raises(NotYet) as caught:
        kit.run(dict, "relu(z)", {})
    assert str(caught.value) == "you passed the class dict; pass your function relu(z)"
    with pytest.raises(NotYet) as caught:
        kit.run(3, "relu(z)", {})
    assert str(caught.value) == "you passed an int; pass your function relu(z) itself"


def changes(part):
    """A learner's function that changes ``part`` of its argument in place."""

    def f(value):
        part(value)
        return 0.0

    return f


@pytest.mark.parametrize(
    ("value", "part", "where"),
    [
        (np.zeros(2), lambda v: v.__setitem__(0, 1.0), "z"),
        ({"W": np.zeros(2)}, lambda v: v["W"].__setitem__(1, 1.0), "z['W']"),
        ({"W": np.zeros(2)}, lambda v: v.pop("W"), "z"),
        ({"W": np.zeros(2)}, lambda v: v.__setitem__("W", [0.0, 0.0]), "z['W']"),
        ({"W": np.zeros(2)}, lambda v: v.__setitem__("W", np.zeros(3)), "z['W']"),
        ({"a": {"W": np.zeros(1)}}, lambda v: v["a"]["W"].__setitem__(0, 2), "z['a']['W']"),
        ([np.zeros(1)], lambda v: v[0].__setitem__(0, 1.0), None),  # lists are copied, not compared
        ({"W": np.full(2, np.nan)}, lambda v: None, None),  # NaN equals NaN here
        ({"W": np.zeros(2)}, lambda v: v.__setitem__("extra", 1), None),  # an added key is harmless
    ],
)
def test_run_names_the_part_changed_in_place(value, part, where):
    if where is None:
        assert kit.run(changes(part), "f(z)", {"z": value}) == 0.0
        return
    with pytest.raises(NotYet) as caught:
        kit.run(changes(part), "f(z)", {"z": value}, in_place="copy it first")
    assert str(caught.value) == (
        f"f(z) changed its argument {where} in place, and the caller still needs it: copy it first."
    )


def test_run_copies_lists_and_tuples_entry_by_entry():
    seen = []
    z = (np.zeros(1), [np.ones(1)])
    kit.run(seen.append, "f(z)", {"z": z})
    copied = seen[0]
    assert type(copied) is tuple and type(copied[1]) is list
    assert copied[0] is not z[0] and copied[1][0] is not z[1][0]
    assert copied[0].tolist() == [0.0] and copied[1][0].tolist() == [1.0]


def test_the_default_advice_for_a_change_in_place():
    with pytest.raises(NotYet) as caught:
        kit.run(changes(lambda v: v.__setitem__(0, 1.0)), "f(z)", {"z": np.zeros(1)})
    assert str(caught.value).endswith(
        "in place, and the caller still needs it: build a new array instead "
        "(z = z - y, not z -= y)."
    )


def test_reading_answers_in_full():
    messages = []
    for read in [
        lambda: kit.as_array(None, "Z"),
        lambda: kit.as_array(b"1", "Z"),
        lambda: kit.as_array([[1, 2], [3]], "Z"),
        lambda: kit.as_array(np.array([None, 1], dtype=object), "Z"),
        lambda: kit.as_array(np.array(["a"]), "Z"),
        lambda: kit.as_array(np.array([1j]), "Z"),
        lambda: kit.as_number(abs, "J"),
        lambda: kit.as_number(None, "J"),
        lambda: kit.as_number(False, "J"),
        lambda: kit.as_number([1.0, 2.0], "J"),
        lambda: kit.as_dict([1], "params", ["W1"]),
        lambda: kit.as_dict({"b1": 0}, "params", ["W1", "b1"]),
        lambda: kit.function_dict(abs, "act", ["activation", "derivative"]),
        lambda: kit.function_dict("relu", "act", ["activation"]),
        lambda: kit.function_dict({"activation": dict}, "act", ["activation"]),
        lambda: kit.function_dict({"activation": abs}, "act", ["activation", "derivative"]),
        lambda: kit.function_dict({"activation": 1.0}, "act", ["activation"]),
    ]:
        with pytest.raises(NotYet) as caught:
            read()
        messages.append(str(caught.value))
    assert messages == [
        "Z is None: did you forget a return statement?",
        "Z must be a NumPy array of numbers; it is a bytes",
        (
            "Z cannot become an array of numbers: its rows have different lengths (a ragged "
            "list); every row needs as many"
        ),
        (
            "Z must be an array of numbers; it holds other objects or rows of different lengths "
            "(a ragged list)"
        ),
        "Z must hold real numbers; it holds <U1 values",
        "Z must hold real numbers; it holds complex128 values",
        "J must be one number; you passed the function abs: pass the number it computes",
        "J is None: did you forget a return statement?",
        "J must be a number, such as -0.147; got False",
        "J must be one number, such as -0.147; got an array of shape (2,)",
        "params must be a dict with the keys ['W1']; it is a list of 1 item",
        "params is missing ['W1']; it needs ['W1', 'b1'] and has ['b1']",
        (
            "you passed the function abs; act must be a dict {'activation': ..., 'derivative': ...} "
            "of functions"
        ),
        "you passed the text 'relu'; act must be your dict {'activation': ...}",
        "act['activation'] must be a function; it is the class dict",
        (
            "act is missing ['derivative']; it needs ['activation', 'derivative'] and has "
            "['activation']"
        ),
        "act['activation'] must be a function; it is a float",
    ]


def test_answers_that_are_read():
    assert kit.as_number(np.float32(0.5), "J") == 0.5 and kit.as_number([[2]], "J") == 2.0
    assert kit.as_array(np.array([1, 2], dtype=np.int8), "Z").dtype == np.float64
    found = kit.as_dict({"W1": 1, "x": 2}, "params", ["W1"])
    assert found == {"W1": 1, "x": 2} and type(found) is dict
    acts = kit.function_dict({"activation": abs}, "act", ["activation"])
    assert acts == {"activation": abs}
    frozen = kit.read_only({"W": [[1, 2]], "b": {"c": [3]}})
    assert frozen["W"].dtype == np.float64 and frozen["W"].tolist() == [[1.0, 2.0]]
    assert not frozen["W"].flags.writeable and not frozen["b"]["c"].flags.writeable


ROWS_1 = "W⁽¹⁾ has one row per input and one column per neuron of layer 1"
ROWS_2 = "W⁽²⁾ has one row per neuron of layer 1 and one column per neuron of layer 2"
ROWS_3 = "W⁽³⁾ has one row per neuron of layer 2 and one column per neuron of layer 3"
X_PREV = (
    "dW = X_prev.T @ dZ: transpose the activations of the layer before, so that the product "
    "sums over the 4 samples."
)


EXPLAIN_CASES = [
    ("Z1 = X @ W1.T", lambda X, W, d: X @ W[1].T, f"{ROWS_1}, so X⁽⁰⁾ @ W⁽¹⁾ {'fits'}"),
    ("", lambda X, W, d: X @ W[1].T, f"{ROWS_1}, so X⁽⁰⁾ @ W⁽¹⁾ fits"),
    ("Z2 = X1 @ W2.T", lambda X, W, d: d[1] @ W[2].T, f"{ROWS_2}, so X⁽¹⁾ @ W⁽²⁾ fits"),
    ("Z1 = W1 @ X", lambda X, W, d: W[1] @ X, "the samples are the rows"),
    ("", lambda X, W, d: W[1] @ X, "the samples are the rows"),
    ("dZ1 = W1 @ X", lambda X, W, d: W[1] @ X, X_PREV),
    ("dX2 = dZ3 @ W3", lambda X, W, d: d[3] @ W[3], f"{ROWS_3}, so going back to layer 2"),
    ("", lambda X, W, d: d[3] @ W[3], f"{ROWS_3}, so going back to layer 2"),
    ("dX2 = dZ3 @ W3.T.T", lambda X, W, d: d[3] @ W[3], None),
    ("dX0 = dZ1 @ W1", lambda X, W, d: d[1] @ W[1], None),  # no dX of the input to go back to
    ("dX1 = dZ2 @ W2", lambda X, W, d: d[2] @ W[2], f"{ROWS_2}, so going back to layer 1"),
    ("dW1 = X @ dZ1", lambda X, W, d: X @ d[1], X_PREV),
    ("dW1 = X.T.T @ dZ1", lambda X, W, d: X @ d[1], X_PREV),
    ("G1 = X @ D1", lambda X, W, d: X @ d[1], X_PREV),  # no .T and no dZ in the line
    # a .T, but not a gradient's line: read as a forward product, (2, 4) is layer 2's W @ x
    ("G1 = X.T.T @ D1", lambda X, W, d: X @ d[1], "the samples are the rows of layer 2"),
    ("", lambda X, W, d: X @ d[1], X_PREV),
    ("Z2 = X1 @ W2 + b2.T", lambda X, W, d: d[1] @ W[2] + np.ones((2, 1)), "b⁽²⁾"),
    ("z = a @ b", lambda X, W, d: np.ones((4, 7)) @ np.ones((5, 2)), None),
    ("z = 1 / 0", lambda X, W, d: 1 / 0, None),
]


@pytest.mark.parametrize(
    ("line", "code", "message"),
    EXPLAIN_CASES,
    ids=[f"{i} {case[0] or 'without the line'}" for i, case in enumerate(EXPLAIN_CASES)],
)
def test_explain_shapes_in_full(line, code, message):
    """Every branch, with the reader's line and without it (""), on [2, 3, 2, 1] and n = 4."""
    X = np.ones((4, 2))
    W = {1: np.ones((2, 3)), 2: np.ones((3, 2)), 3: np.ones((2, 1))}
    dZ = {1: np.ones((4, 3)), 2: np.ones((4, 2)), 3: np.ones((4, 1))}
    said = kit.explain_shapes([2, 3, 2, 1], 4)(error_of(lambda: code(X, W, dZ)), line)
    full = {
        f"{ROWS_1}, so X⁽⁰⁾ @ W⁽¹⁾ fits": f"{ROWS_1}, so X⁽⁰⁾ @ W⁽¹⁾ fits as it is: use x @ W, "
        "not x @ W.T.",
        f"{ROWS_2}, so X⁽¹⁾ @ W⁽²⁾ fits": f"{ROWS_2}, so X⁽¹⁾ @ W⁽²⁾ fits as it is: use x @ W, "
        "not x @ W.T.",
        "the samples are the rows": "the samples are the rows: X⁽⁰⁾ @ W⁽¹⁾, not W⁽¹⁾ @ X⁽⁰⁾.",
        "the samples are the rows of layer 2": "the samples are the rows: X⁽¹⁾ @ W⁽²⁾, not "
        "W⁽²⁾ @ X⁽¹⁾.",
        f"{ROWS_3}, so going back to layer 2": f"{ROWS_3}, so going back to layer 2 takes its "
        "transpose: dZ⁽³⁾ @ W⁽³⁾.T, not dZ @ W.",
        f"{ROWS_2}, so going back to layer 1": f"{ROWS_2}, so going back to layer 1 takes its "
        "transpose: dZ⁽²⁾ @ W⁽²⁾.T, not dZ @ W.",
        "b⁽²⁾": "the bias b⁽²⁾ is a row, (1, 2), added to every row: + b, not + b.T.",
    }
    assert said == full.get(message, message)


def test_explain_shapes_names_the_layer_of_the_slope():
    say = kit.explain_shapes([2, 3, 2, 1], 4)
    said = say(error_of(lambda: np.ones((4, 3)) * np.ones((4, 2))), "dZ1 = dX1 * (Z2 > 0)")
    assert said == (
        "an array of layer 1 met one of layer 2. The slope is taken at the receptors of the "
        "same layer: dZ⁽¹⁾ = (dZ⁽²⁾ @ W⁽²⁾.T) * a'(Z⁽¹⁾)."
    )
    # shapes of no layer: every layer is tried, the output layer (with none after it) too
    assert say(error_of(lambda: np.ones((4, 7)) * np.ones((4, 5))), "dZ3 = dX3 * Z4") is None


def test_numpy_s_messages_are_read_in_every_form():
    assert kit.matmul_sizes(
        ValueError("shapes (4,2) and (3,5) not aligned: 2 (dim 1) != 3 (dim 0)")
    ) == (2, 3)
    assert kit.matmul_sizes(ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 12 is different from 10)")) == (10, 12)  # fmt: skip
    assert kit.matmul_sizes(ValueError("size 3 is different from 2")) is None
    assert kit.broadcast_shapes(ValueError("no shapes here")) == []
    found = kit.broadcast_shapes(
        ValueError("operands could not be broadcast together with shapes (4,) (10,3) (1,12)")
    )
    assert found == [(4,), (10, 3), (1, 12)]


def test_compare_skips_a_slip_that_is_right_within_the_tolerances():
    """The answer is near a slip, the slip is within the tolerance of the right value, the
    answer is not: naming the slip would call a right value wrong, so the entry is named."""
    want, slips = np.array([1.0]), [Slip(np.array([1.05]), "near")]
    for options in ({"rtol": 0.1}, {"atol": 0.1, "rtol": 0.0}):
        with pytest.raises(NotYet) as caught:
            kit.compare("d", [1.12], want, slips, **options)
        assert str(caught.value) == "d is 1.12 at [0] but should be 1", options


def test_compare_names_the_argument_and_adds_no_hint_unless_given():
    with pytest.raises(NotYet) as caught:
        kit.compare("Z1", np.zeros((3, 2)), np.zeros((2, 3)))
    assert (
        str(caught.value) == "Z1 has shape (3, 2), but it must have shape (2, 3) (it is transposed)"
    )
    with pytest.raises(NotYet) as caught:
        kit.compare("Z1", None, np.zeros((2, 3)))
    assert str(caught.value) == "Z1 is None: did you forget a return statement?"
    with pytest.raises(NotYet) as caught:
        kit.compare_cases("Z1", [np.zeros(1), None], [np.zeros(1), np.zeros(1)], [[], []])
    assert str(caught.value) == "Z1 is None: did you forget a return statement?"


@pytest.mark.parametrize("options", [{"rtol": 0.1}, {"atol": 0.1, "rtol": 0.0}])
def test_compare_cases_accepts_answers_within_the_tolerances(options):
    """Right within the tolerances in every case: accepted, even though a slip equals them."""
    wants = cases_of([[1.0], [2.0]])
    gots = cases_of([[1.05], [2.05]])
    kit.compare_cases("d", gots, wants, [[Slip(g, "off a little")] for g in gots], **options)


@pytest.mark.parametrize("options", [{"rtol": 0.1}, {"atol": 0.2, "rtol": 0.0}])
def test_compare_cases_fits_the_slips_within_the_tolerances(options):
    """Slip A is exactly the first answer but not the second; slip B is near both (within
    the tolerances): B is the slip that explains every case."""
    wants = cases_of([[1.0], [2.0]])
    slips = [
        [Slip(np.array([1.5]), "A"), Slip(np.array([1.6]), "B")],
        [Slip(np.array([9.0]), "A"), Slip(np.array([6.0]), "B")],
    ]
    with pytest.raises(NotYet, match="^B$"):
        kit.compare_cases("d", cases_of([[1.5], [6.1]]), wants, slips, **options)


@pytest.mark.parametrize("name", CHAPTER_MODULES)
def test_every_hint_function_starts_with_its_first_hint(name):
    module = importlib.import_module(f"nncode.exercises.{name}")
    for hint_name in (n for n in dir(module) if n.startswith("hint_")):
        first, second = getattr(module, hint_name)(), getattr(module, hint_name)(2)
        assert str(first).startswith("Hint 1 of ") and f"(next: {hint_name}(2))" in str(first)
        assert str(second).startswith("Hint 2 of "), (hint_name, second)
        assert first.text != second.text, hint_name


def line_of_100(z):
    return {}["kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"]  # fmt: skip


def line_of_101(z):
    return {}["kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"]  # fmt: skip


def test_a_line_of_up_to_100_characters_is_quoted_whole():
    message = str(error_in_run(line_of_100))
    assert 'in the line `return {}["k' in message and '"]  # fmt: skip`' in message
    cut = str(error_in_run(line_of_101))
    assert "...`" in cut and cut.index("...`") - cut.index("`return") == 98  # 97 characters kept


def error_in_run(code):
    with pytest.raises(NotYet) as caught:
        kit.run(code, "f(z)", {"z": 1.0})
    return caught.value


def test_code_without_source_is_not_quoted():
    no_source = eval("lambda z: 1 / 0")  # a function with no source file
    assert (
        str(error_in_run(no_source)) == "f(z) raised ZeroDivisionError: your code divided by zero."
    )

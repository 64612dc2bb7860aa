"""The comparison kit that every exercise check is built from.

An exercise offers the reader three things, as in Kaggle Learn: a **check**, which runs
the reader's answer and says what is right or what is wrong; **hints** on request, from
the most general to the most specific; and a **solution**, which stays in the book's
hidden dropdown. In a chapter module that is a pair of functions per exercise::

    check_forward(forward)   # -> Feedback: "Correct: ..." or "Not yet: ..."
    hint_forward()           # -> Hint 1 of 3; hint_forward(2) is the next one

A check never raises, whatever it is given, and never changes what it is given. Wrong
answers are the normal case for a learner, so a check answers every one of them with a
``Feedback`` that names the slip and says how to fix it: a wrong shape, a transposed
matrix, a sign error, a forgotten bias, a wrong 1/n, ... . The checks compare with a
reference computed by ``nncode`` and, when the answer differs, with the answers that the
typical slips of that exercise give (the *slip catalogue*); each test file in
``tests/unit/exercises/`` lists that catalogue as data and proves every message.

**Writing a check.** A check is a function decorated with :func:`never_raises`. Inside
it, the kit's helpers stop at the first thing that is wrong by raising :class:`NotYet`
with a message, and the decorator turns that into ``fail(message)``; any other error
becomes a failing ``Feedback`` too. So the check reads as a straight list of what must
hold::

    from nncode.exercises import kit
    from nncode.exercises.kit import Feedback, Slip, compare, hints, never_raises, passed

    Z = kit.read_only([[-1.0, 0.0, 2.0]])   # with a 0: the kink of ReLU is checked too

    @never_raises
    def check_relu(relu) -> Feedback:
        got = kit.run(relu, "relu(z)", {"z": Z})   # on a copy; an error is explained
        compare(
            "relu(z)",
            got,
            np.maximum(0.0, Z),                  # the reference
            [
                Slip(Z, "relu(z) returns z unchanged: negative receptors become 0."),
                Slip(np.abs(Z), "relu(z) is |z|: negative receptors become 0."),
            ],
            shape_hint="np.maximum(0, z) works entry by entry.",
        )
        return passed("relu is right, entry by entry.")

    hint_relu = hints(__name__, "relu", "Work entry by entry.", "np.maximum(0, z)")

A chapter module imports by name the words every check is made of (:class:`Feedback`,
:class:`NotYet`, :class:`Slip`, :func:`compare`, :func:`compare_cases`, :func:`hints`,
:func:`never_raises`, :func:`~nncode.exercises.passed`) and calls the kit's other
helpers as ``kit.run``, ``kit.as_array``, ..., so that a reader sees where each of them
lives. The hints are data: :func:`hints` makes the public function
``hint_relu(level=1)``, with its docstring.

Its test, ``tests/unit/exercises/test_<module>.py``, holds the slip catalogue as data,
one ``(name, the learner's code, words the message must contain)`` per slip::

    SLIPS = [
        ("identity", lambda z: z, ["returns z unchanged"]),
        ("abs", np.abs, ["|z|"]),
        ("np.max(0, z)", lambda z: np.max(0, z), ["np.max reduces", "np.maximum"]),
        ("a transpose", lambda z: np.maximum(0, z).T, ["transposed"]),
    ]

and proves that the reference solution passes, that every slip fails with its words,
and that garbage answers (``None``, ``"relu"``, a ragged list, a class, a function that
raises, ...) fail without raising. Note the third slip: ``np.max(0, z)`` raises inside
the reader's code, and :func:`run` translates the error without the check doing
anything. In short:

- :func:`run` calls the reader's function on copies of the check's data, refuses what is
  not a function, reports an argument changed in place, and translates an exception
  raised by the reader's code into what it means (``explain``: a list of functions
  ``(exception, line) -> message or None``; :func:`explain_shapes` knows the shapes of a
  network's forward and backward pass, :func:`explain_max` a maximum taken with
  ``np.max`` or ``max`` instead of ``np.maximum``); :func:`run_cases` runs the function
  on every case of a list, one after the other.
- :func:`as_array`, :func:`as_number`, :func:`as_dict` and :func:`function_dict` turn an
  answer into what the check needs, or say precisely what it is instead;
  :func:`expect_shape` says what a wrong shape means.
- :func:`compare` accepts the right value, names a slip whose value the answer equals,
  explains a wrong shape (a transpose is named), a NaN, or the first entry that differs;
  :func:`compare_cases` does the same over several cases at once, and names only a slip
  that fits every case (two slips that give the same number on one case are told apart
  by the others).

**Display.** In a notebook, ``Feedback`` and ``Hint`` render as HTML with these CSS
classes, styled by ``assets/feedback.css`` (light and dark):

- ``nncode-feedback`` on every note, plus ``nncode-feedback-correct`` or
  ``nncode-feedback-not-yet``;
- ``nncode-hint`` on a hint, with ``nncode-hint-next`` around the pointer to the next one;
- ``nncode-feedback-label`` on the leading word ("Correct:", "Not yet:", "Hint 1 of 3:").

The words "Correct:" and "Not yet:" carry the verdict, so colour is never the only signal.
"""

from __future__ import annotations

import html
import os
import re
import traceback
import types
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, NamedTuple

import numpy as np

# ---------------------------------------------------------------- what a check returns


@dataclass(frozen=True)
class Feedback:
    """What a check says about an answer.

    Attributes
    ----------
    ok : bool
        True when the answer is right.
    message : str
        What is right or, when it is not, the slip and how to fix it.
    """

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return ("Correct: " if self.ok else "Not yet: ") + self.message

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        kind, label = ("correct", "Correct:") if self.ok else ("not-yet", "Not yet:")
        return (
            f'<div data-nn-figure="feedback" class="nncode-feedback nncode-feedback-{kind}" role="status">'
            f'<span class="nncode-feedback-label">{label}</span> '
            f"{html.escape(self.message)}</div>"
        )


def passed(message: str) -> Feedback:
    """A right answer, with what is right about it."""
    return Feedback(True, message)


def fail(message: str) -> Feedback:
    """A wrong answer, with what is wrong and how to fix it."""
    return Feedback(False, message)


@dataclass(frozen=True)
class Hint:
    """One hint of an exercise: ``title`` ("Hint 1 of 3") and ``text``; ``next`` says how
    to ask for the following one ("" for the last)."""

    title: str
    text: str
    next: str = ""

    def __str__(self) -> str:
        return f"{self.title}: {self.text}" + (f" (next: {self.next})" if self.next else "")

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        more = (
            f' <span class="nncode-hint-next">Next: <code>{html.escape(self.next)}</code></span>'
            if self.next
            else ""
        )
        return (
            f'<div data-nn-figure="feedback" class="nncode-feedback nncode-hint" role="note">'
            f'<span class="nncode-feedback-label">{html.escape(self.title)}:</span> '
            f"{html.escape(self.text)}{more}</div>"
        )


def hint(name: str, level: Any, *texts: str) -> Hint:
    """Hint number ``level`` (1 is the most general) of the exercise whose hint function
    is ``name``; a level that does not exist gets a Hint that lists the levels there are."""
    count = len(texts)
    if (
        isinstance(level, bool)
        or not isinstance(level, (int, np.integer))
        or not 1 <= level <= count
    ):
        return Hint(f"{name} has hints 1 to {count}", f"ask for one of them, e.g. {name}(1).")
    level = int(level)
    return Hint(
        f"Hint {level} of {count}",
        texts[level - 1],
        f"{name}({level + 1})" if level < count else "",
    )


def hints(module: str, exercise: str, *texts: str) -> Callable[..., Hint]:
    """Make the public hint function ``hint_<exercise>(level=1)`` of a chapter module.

    A chapter module writes its hints as data, next to their check::

        hint_relu = hints(__name__, "relu", "Work entry by entry.", "np.maximum(0, z)")

    and ``hint_relu(2)`` is then ``hint("hint_relu", 2, ...)``: the second text, titled
    "Hint 2 of 2".

    Parameters
    ----------
    module : str
        The chapter module's ``__name__``: the function belongs to that module, so that
        the API reference lists it there.
    exercise : str
        The name the check and the hints share: ``"relu"`` for ``check_relu`` and
        ``hint_relu``.
    *texts : str
        The hints, from the most general to the most specific.

    Returns
    -------
    Callable
        ``hint_<exercise>(level=1)``, which returns a :class:`Hint`, with its own name
        and a docstring that names the check and the levels.
    """
    name, count = f"hint_{exercise}", len(texts)

    def hint_of_exercise(level: int = 1) -> Hint:
        return hint(name, level, *texts)

    hint_of_exercise.__name__ = hint_of_exercise.__qualname__ = name
    hint_of_exercise.__module__ = module
    hint_of_exercise.__doc__ = (
        f"Hints for :func:`check_{exercise}`, from the most general (1) to the most "
        f"specific ({count}).\n\n"
        "Parameters\n"
        "----------\n"
        "level : int\n"
        f"    Which hint, from 1 (the default) to {count}; another value gets a Hint that\n"
        "    lists the levels there are.\n\n"
        "Returns\n"
        "-------\n"
        "~nncode.exercises.Hint\n"
        f"    Its title (Hint 1 of {count}), its text, and the call that gives the next one.\n"
    )
    return hint_of_exercise


# ---------------------------------------------------------------- stopping at the first slip


class NotYet(Exception):
    """Raised inside a check at the first thing that is wrong; :func:`never_raises` turns
    it into ``fail(message)``."""


def never_raises(check: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Make ``check`` answer every input with a Feedback.

    ``NotYet`` becomes ``fail(message)``; any other error (an answer so unexpected that
    the check itself trips over it) becomes a failing Feedback that says so. NumPy's
    floating-point warnings are silenced while the check runs: a NaN in an answer is
    reported by :func:`compare`, in words.
    """

    @wraps(check)
    def guarded(*args: Any, **kwargs: Any) -> Feedback:
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return check(*args, **kwargs)
        except NotYet as why:
            return fail(str(why))
        except Exception as exc:  # noqa: BLE001 (a check answers, whatever it is given)
            return fail(
                f"the check could not make sense of this answer ({type(exc).__name__}: "
                f"{exc}); compare what you passed with what the exercise asks for."
            )

    return guarded


class Slip(NamedTuple):
    """A typical slip: the value a learner who makes it gets, and what to tell them."""

    value: Any
    says: str


# ---------------------------------------------------------------- describing what was given


def describe(value: Any) -> str:
    """A few words for what ``value`` is: "None", "a str", "a tuple of 5 items", ..."""
    if value is None:
        return "None"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    if isinstance(value, types.GeneratorType):
        return "a generator (made by a function that uses yield)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {shape_text(value.shape)}"
    if isinstance(value, (tuple, list, dict)):
        return f"a {type(value).__name__} of {len(value)} item{'s' * (len(value) != 1)}"
    if callable(value):
        return f"the function {getattr(value, '__name__', '')}".rstrip()
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape the way NumPy prints it: ``(3,)``, ``(4, 2)``."""
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


_SUP = str.maketrans("0123456789+-l", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ˡ")
_SUB = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉,")


def sup(text: Any) -> str:
    """``(text)`` as a superscript, the book's layer index: ``sup(2)`` is ⁽²⁾."""
    return f"⁽{text}⁾".translate(_SUP)


def neuron(l: int, i: int | None = None) -> str:
    """The words for neuron ``i`` of layer ``l``: "input 2", "neuron 2 of layer 1"; without
    ``i``, "input" and "neuron of layer 1"."""
    if l == 0:
        return "input" if i is None else f"input {i}"
    return f"neuron of layer {l}" if i is None else f"neuron {i} of layer {l}"


def sub(*indices: Any) -> str:
    """Indices as subscripts: ``sub(2, 1)`` is ₂,₁."""
    return ",".join(str(i) for i in indices).translate(_SUB)


# ---------------------------------------------------------------- running the reader's code

_NEW_ARRAY = "build a new array instead (z = z - y, not z -= y)"
"""What :func:`run` tells a reader whose code changed an argument in place, by default."""

Explain = Callable[[BaseException, str], "str | None"]
"""Turns an exception raised by the reader's code, and the line of their code that
raised it ("" when unknown), into what it means for the exercise, or None."""


def run(
    answer: Any,
    what: str,
    args: dict[str, Any],
    *,
    before: Sequence[Any] = (),
    keywords: dict[str, Any] | None = None,
    explain: Sequence[Explain] = (),
    in_place: str = _NEW_ARRAY,
) -> Any:
    """Call ``answer(*before, *args.values(), **keywords)`` safely and return its result.

    Each value of ``args`` is copied before the call and compared after it, so the
    reader's code can neither spoil the check's data nor change its arguments unnoticed.
    ``before`` (such as the ``self`` of a method) is passed as it is.

    Raises
    ------
    NotYet
        When ``answer`` is not a function; when the call raises (the message translates
        the exception with ``explain``, then with the kit's general ones (``np.max``/``max`` for an
        entrywise maximum, a product or a sum of the wrong shapes, a missing key, ...), and
        quotes the reader's line); when an argument was changed in place (``in_place``
        says how to avoid it); when the function returned a generator.
    """
    if isinstance(answer, type):
        raise NotYet(f"you passed the class {answer.__name__}; pass your function {what}")
    if not callable(answer):
        raise NotYet(f"you passed {describe(answer)}; pass your function {what} itself")
    copies = {name: _copy(value) for name, value in args.items()}
    try:
        result = answer(*before, *copies.values(), **(keywords or {}))
    except (Exception, SystemExit) as exc:  # noqa: BLE001 (the reader's code may raise anything)
        raise NotYet(_explained(exc, what, explain)) from None
    for name, value in args.items():
        where = _changed(name, value, copies[name])
        if where:
            raise NotYet(
                f"{what} changed its argument {where} in place, and the caller still needs "
                f"it: {in_place}."
            )
    if isinstance(result, types.GeneratorType):
        raise NotYet(f"{what} returned a generator: it uses yield; use return.")
    return result


def run_cases(
    answer: Any,
    what: str,
    cases: Sequence[Any],
    arguments: Sequence[str] = (),
    *,
    explain: Callable[[Any], Explain] | None = None,
    in_place: str = _NEW_ARRAY,
) -> Iterator[tuple[Any, Any]]:
    """Run ``answer`` on one case after the other and yield ``(case, result)``.

    Each case is a NamedTuple, such as the ``CASES`` of a chapter module, and ``answer``
    gets its fields ``arguments`` (all of them, in order, when none are named). The next
    case runs only when the check asks for it, so a check that stops at the first slip
    speaks of the first case that shows it.

    Parameters
    ----------
    answer : Any
        The reader's function.
    what : str
        How the call reads in messages, such as ``"forward(X, params)"``.
    cases : Sequence
        The data to run ``answer`` on.
    arguments : Sequence[str]
        The fields of a case that ``answer`` takes, in order; all of them when empty.
    explain : Callable or None
        ``explain(case)``: what an error means on that case, an :data:`Explain` that is
        tried before the kit's general ones (see :func:`run`).
    in_place : str
        What to do instead of changing an argument in place (see :func:`run`).

    Yields
    ------
    tuple[Any, Any]
        The case and what ``answer`` returned for it.

    Raises
    ------
    NotYet
        As :func:`run` does, on the first case where the call goes wrong.
    """
    for case in cases:
        args = {name: getattr(case, name) for name in arguments or case._fields}
        own = [explain(case)] if explain else []
        yield case, run(answer, what, args, explain=own, in_place=in_place)


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True)
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(v) for v in value)
    return value


def _changed(name: str, before: Any, after: Any) -> str:
    """The name of the part of an argument that the reader's code changed, or ""."""
    if isinstance(before, np.ndarray):
        same = (
            isinstance(after, np.ndarray)
            and after.shape == before.shape
            and bool(np.array_equal(after, before, equal_nan=True))
        )
        return "" if same else name
    if isinstance(before, Mapping):
        if not isinstance(after, Mapping):
            return name
        for key, value in before.items():
            where = _changed(f"{name}[{key!r}]", value, after.get(key)) if key in after else name
            if where:
                return where
    return ""


_LIBRARIES = (
    os.path.dirname(np.__file__) + os.sep,  # numpy
    os.path.dirname(os.__file__) + os.sep,  # the standard library
    os.path.dirname(os.path.dirname(__file__)) + os.sep,  # nncode
)


def failing_line(exc: BaseException) -> str:
    """The line of the reader's own code where ``exc`` was raised ("" when unknown): the
    last frame outside NumPy, the standard library and ``nncode``."""
    lines = [
        frame.line or ""
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith(_LIBRARIES)
    ]
    line = lines[-1].strip() if lines else ""
    return line if len(line) <= 100 else line[:97] + "..."


def _explained(exc: BaseException, what: str, explain: Sequence[Explain]) -> str:
    line = failing_line(exc)
    meaning = None
    for say in (*explain, *_GENERAL):
        try:
            meaning = say(exc, line)
        except Exception:  # noqa: BLE001,S112 (an explanation that trips is skipped)
            continue
        if meaning:
            break
    where = f" in the line `{line}`" if line else ""
    return f"{what} raised {type(exc).__name__}{where}: {meaning or exc}"


def matmul_sizes(exc: BaseException) -> tuple[int, int] | None:
    """(columns of the left factor, rows of the right factor) of a failed ``A @ B`` or
    ``np.dot(A, B)``, read from NumPy's message; None for any other error."""
    text = str(exc)
    found = re.search(r"core dimension 0.*\(size (\d+) is different from (\d+)\)", text)
    if found:
        return int(found[2]), int(found[1])
    found = re.search(r"not aligned: (\d+) \(dim \d+\) != (\d+) \(dim 0\)", text)
    return (int(found[1]), int(found[2])) if found else None


def broadcast_shapes(exc: BaseException) -> list[tuple[int, ...]]:
    """The shapes NumPy could not broadcast together, read from its message ([] if none)."""
    found = re.search(r"could not be broadcast together with shapes (.*)", str(exc))
    if not found:
        return []
    return [
        tuple(int(s) for s in group.split(",") if s.strip())
        for group in re.findall(r"\(([\d, ]*)\)", found[1])
    ]


def explain_max(np_max: str, python_max: str) -> Explain:
    """Explain a maximum taken with ``np.max`` or Python's ``max`` where an entrywise one,
    ``np.maximum``, is meant: the reader is told ``np_max`` when ``np.max`` took its second
    argument for an axis, and ``python_max`` when ``max`` compared two whole arrays."""

    def say(exc: BaseException, line: str) -> str | None:
        text = str(exc)
        integer_expected = "scalar index" in text or "cannot be interpreted as an integer" in text
        if isinstance(exc, TypeError) and integer_expected and ("max(" in line or not line):
            return np_max
        truth_value = isinstance(exc, ValueError) and "truth value of an array" in text
        if truth_value and re.search(r"(?<![.\w])max\(", line):
            return python_max
        return None

    return say


_explain_max = explain_max(
    "np.max reduces an array to its single largest entry, and its second argument is an "
    "axis, so np.max(0, z) fails. An entrywise maximum, such as ReLU, is np.maximum(0, z).",
    "Python's max(0, z) compares 0 with the whole array z at once, which has no single "
    "answer. An entrywise maximum, such as ReLU, is np.maximum(0, z).",
)


def _explain_truth_value(exc: BaseException, line: str) -> str | None:
    if isinstance(exc, ValueError) and "truth value of an array" in str(exc):
        return (
            "an array was used where one True or False is needed (as in `if z > 0:`); "
            "work entry by entry with np.maximum or np.where."
        )
    return None


def _explain_numpy(exc: BaseException, line: str) -> str | None:
    sizes = matmul_sizes(exc)
    if sizes:
        return (
            "a matrix product A @ B needs as many columns in A as rows in B; here A has "
            f"{sizes[0]} and B has {sizes[1]}. Write down both shapes and see which factor "
            "needs .T, or which comes first."
        )
    if "does not have enough dimensions" in str(exc):
        return (
            "a factor of the product @ is a single number, and @ needs arrays: did np.max, "
            "max or a sum reduce an array to one number?"
        )
    shapes = broadcast_shapes(exc)
    if shapes:
        listed = " and ".join(shape_text(s) for s in shapes)
        return (
            f"arrays of shapes {listed} cannot be combined entry by entry; print the shapes "
            "and compare them with the ones the exercise asks for."
        )
    return None


def _explain_python(exc: BaseException, line: str) -> str | None:
    if isinstance(exc, KeyError):
        return f"your code asked a dict for the key {exc.args[0]!r}, which it does not have."
    if isinstance(exc, NameError):
        return f"{exc}: define or import it (import numpy as np) before you run the check."
    if isinstance(exc, ZeroDivisionError):
        return "your code divided by zero."
    if isinstance(exc, RecursionError):
        return "your function calls itself again and again, without end."
    if isinstance(exc, IndexError):
        return f"{exc}. Python counts from 0: neuron 1 is index 0."
    return None


_GENERAL = (
    _explain_max,
    _explain_truth_value,
    _explain_numpy,
    _explain_python,
)  # tried after the exercise's own


def explain_shapes(dims: Sequence[int], n: int) -> Explain:
    """Explain a failed product or sum in the forward or backward pass of a network with
    layer widths ``dims`` on ``n`` samples: ``x @ W.T``, ``W @ x``, ``dZ @ W`` (for
    ``dZ @ W.T``), ``x @ dZ`` (for ``x.T @ dZ``), ``+ b.T``, and a'(Z) of the wrong layer.
    """

    def say(exc: BaseException, line: str) -> str | None:
        sizes, shapes = matmul_sizes(exc), sorted(broadcast_shapes(exc))
        transposed = ".T" in line or not line  # the reader's line, when it is known
        gradient = "dZ" in line  # a line of the backward pass: x @ dZ, not W @ x
        for l in range(1, len(dims)):
            a, b = dims[l - 1], dims[l]
            W, x, dZ = f"W{sup(l)}", f"X{sup(l - 1)}", f"dZ{sup(l)}"
            rows = f"{W} has one row per {neuron(l - 1)} and one column per {neuron(l)}"
            if sizes == (a, b) and transposed:  # x @ W.T
                return f"{rows}, so {x} @ {W} fits as it is: use x @ W, not x @ W.T."
            if sizes == (b, n) and not gradient:  # W @ x
                return f"the samples are the rows: {x} @ {W}, not {W} @ {x}."
            if sizes == (b, a) and l > 1 and (not transposed or not line):  # dZ @ W
                back = f"{dZ} @ {W}.T, not dZ @ W"
                return f"{rows}, so going back to layer {l - 1} takes its transpose: {back}."
            if sizes == (a, n) and (not transposed or not line or gradient):  # x @ dZ
                return (
                    "dW = X_prev.T @ dZ: transpose the activations of the layer before, so "
                    f"that the product sums over the {n} samples."
                )
            if shapes == sorted([(n, b), (b, 1)]):  # + b.T
                return f"the bias b{sup(l)} is a row, (1, {b}), added to every row: + b, not + b.T."
            if l + 1 < len(dims) and shapes == sorted([(n, b), (n, dims[l + 1])]):
                return (
                    f"an array of layer {l} met one of layer {l + 1}. The slope is taken at the "
                    f"receptors of the same layer: {dZ} = (dZ{sup(l + 1)} @ W{sup(l + 1)}.T) * "
                    f"a'(Z{sup(l)})."
                )
        return None

    return say


# ---------------------------------------------------------------- reading answers


def as_array(value: Any, name: str) -> np.ndarray:
    """``value`` as an array of floats, or NotYet saying precisely what it is instead."""
    if value is None:
        raise NotYet(f"{name} is None: did you forget a return statement?")
    if isinstance(value, (str, bytes, Mapping, types.GeneratorType)) or callable(value):
        raise NotYet(f"{name} must be a NumPy array of numbers; it is {describe(value)}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # noqa: BLE001 (whatever the answer is, say what it is)
        why = f"({type(exc).__name__}: {exc})"
        if "inhomogeneous" in str(exc):
            why = "its rows have different lengths (a ragged list); every row needs as many"
        raise NotYet(f"{name} cannot become an array of numbers: {why}") from None
    if arr.dtype == object:
        raise NotYet(
            f"{name} must be an array of numbers; it holds other objects or rows of different "
            "lengths (a ragged list)"
        )
    if np.iscomplexobj(arr) or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise NotYet(f"{name} must hold real numbers; it holds {arr.dtype} values")
    return arr.astype(np.float64)


def as_number(value: Any, name: str) -> float:
    """``value`` as one float (a one-entry array counts), or NotYet saying what it is."""
    if callable(value) and not isinstance(value, np.ndarray):
        raise NotYet(
            f"{name} must be one number; you passed {describe(value)}: pass the number it computes"
        )
    if isinstance(value, bool):
        raise NotYet(f"{name} must be a number, such as -0.147; got {value}")
    arr = as_array(value, name)
    if arr.size != 1:
        raise NotYet(f"{name} must be one number, such as -0.147; got {describe(arr)}")
    return float(arr.reshape(()))


def as_dict(value: Any, name: str, keys: Sequence[str]) -> dict[str, Any]:
    """``value`` if it is a dict holding ``keys``; otherwise NotYet listing what is missing."""
    if not isinstance(value, Mapping):
        raise NotYet(f"{name} must be a dict with the keys {list(keys)}; it is {describe(value)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise NotYet(f"{name} is missing {missing}; it needs {list(keys)} and has {list(value)}")
    return dict(value)


def function_dict(value: Any, name: str, keys: Sequence[str]) -> dict[str, Any]:
    """A dict of functions such as ``{'activation': a, 'derivative': a_prime}``, or NotYet."""
    shape = "{" + ", ".join(f"{k!r}: ..." for k in keys) + "}"
    if callable(value) and not isinstance(value, Mapping):
        raise NotYet(f"you passed {describe(value)}; {name} must be a dict {shape} of functions")
    if isinstance(value, str):
        raise NotYet(f"you passed the text {value!r}; {name} must be your dict {shape}")
    found = as_dict(value, name, keys)
    for key in keys:
        if isinstance(found[key], type) or not callable(found[key]):
            raise NotYet(f"{name}[{key!r}] must be a function; it is {describe(found[key])}")
    return found


def read_only(value: Any) -> Any:
    """A copy of an array (or a dict of arrays) that nobody can change in place."""
    if isinstance(value, Mapping):
        return {k: read_only(v) for k, v in value.items()}
    arr = np.array(value, dtype=np.float64)
    arr.flags.writeable = False
    return arr


# ---------------------------------------------------------------- comparing


def close(got: Any, want: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Same shape and the same numbers up to rounding."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))


def compare(
    name: str,
    got: Any,
    want: Any,
    slips: Sequence[Slip] = (),
    *,
    shape_hint: str = "",
    otherwise: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> None:
    """Return when ``got`` equals ``want``; otherwise raise NotYet with the reason.

    The reason is, in this order: the first slip whose value ``got`` equals (a slip whose
    value equals ``want`` on this data is skipped); a wrong shape (a transpose or a
    single number is named, then ``shape_hint``); a NaN or an infinity; ``otherwise``
    when given; else the first entry that differs.
    """
    got = as_array(got, name)
    want = np.asarray(want, dtype=float)
    if close(got, want, rtol, atol):
        return
    for slip in slips:
        if close(got, slip.value, rtol, atol) and not close(slip.value, want, rtol, atol):
            raise NotYet(slip.says)
    expect_shape(name, got, want.shape, shape_hint)
    if not np.isfinite(got).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(got))[0])  # () for one number
        at = f" at [{', '.join(str(i) for i in bad)}]" if bad else ""
        raise NotYet(
            f"{name} is {got[bad]}{at}: look for a 0/0, a log of 0 or an overflow in your code"
        )
    if otherwise:
        raise NotYet(otherwise)
    i = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
    at = f" at [{', '.join(str(int(k)) for k in i)}]" if want.ndim else ""
    raise NotYet(f"{name} is {float(got[i]):.6g}{at} but should be {float(want[i]):.6g}")


def compare_cases(
    name: str,
    gots: Sequence[Any],
    wants: Sequence[Any],
    slips: Sequence[Sequence[Slip]],
    **options: Any,
) -> None:
    """:func:`compare` over several cases at once, so that slips that coincide on one case
    are told apart by the others.

    ``gots[c]`` is the answer for case c, ``wants[c]`` the right value and ``slips[c]`` the
    slip catalogue computed for case c (the same slips, in the same order, for every case).
    Return when every answer is right. Otherwise the slip named is the first whose value
    the answers equal in every case (with the words computed for the first wrong case);
    when no slip fits every case, the first wrong case is compared on its own, with
    ``options`` (those of :func:`compare`).
    """
    rtol, atol = options.get("rtol", 1e-6), options.get("atol", 1e-9)
    got = [as_array(g, name) for g in gots]
    wrong = [c for c in range(len(got)) if not close(got[c], wants[c], rtol, atol)]
    if not wrong:
        return
    first = wrong[0]
    for k, slip in enumerate(slips[first]):
        if close(got[first], slip.value, rtol, atol) and all(
            close(got[c], slips[c][k].value, rtol, atol) for c in range(len(got))
        ):
            raise NotYet(slip.says)
    compare(name, got[first], wants[first], slips[first], **options)


def expect_shape(name: str, got: np.ndarray, shape: tuple[int, ...], hint: str = "") -> None:
    """Return when ``got`` has the shape ``shape``; otherwise raise NotYet with the
    sentence of :func:`shape_problem` (``hint`` says how to get the shape right)."""
    if got.shape != shape:
        raise NotYet(shape_problem(name, got.shape, shape, hint))


def shape_problem(name: str, got: tuple[int, ...], want: tuple[int, ...], hint: str = "") -> str:
    """A sentence about a wrong shape: a single number and a transpose are named."""
    if got == ():
        text = f"{name} is a single number, but it must be an array of shape {shape_text(want)}"
    else:
        text = f"{name} has shape {shape_text(got)}, but it must have shape {shape_text(want)}"
        if len(want) == 2 and got == want[::-1] and want[0] != want[1]:
            text += " (it is transposed)"
    return text + (f": {hint}" if hint else "")

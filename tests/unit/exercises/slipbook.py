"""What the tests of the exercise checks share: garbage answers and the verdict helpers.

Each test file of this folder holds the slip catalogue of its checks as data, ``SLIPS``,
one ``(name, learner code, words the message must contain)`` per slip, and proves three
things: the reference solution passes, every slip fails with its words, and every
garbage answer below fails without the check raising (decorate a test with
``@GARBAGE_ANSWERS``). The test files import this module by name: pytest puts their
folder on the import path.

**Every message in full.** The words a test names say what matters in a message; the
whole message, word for word, is approved text kept in ``approved_messages/<test
file>.json`` (one entry per call of :func:`passes` or :func:`fails`, keyed by the test and
the call's number in it), and both helpers compare the message with it. A changed word
or a lost space then fails a test (``make mutation`` relies on it). After changing a
message on purpose, or adding a slip, approve the new text and read the diff::

    NNBOOK_APPROVE_MESSAGES=1 .venv/bin/python -m pytest -q tests/unit/exercises
    git diff tests/unit/exercises/approved_messages
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from nncode.exercises import Feedback


def raises_value_error(*args, **kwargs):
    raise ValueError("not written yet")


def raises_key_error(*args, **kwargs):
    return {}["W1"]


def divides_by_zero(*args, **kwargs):
    return 1 / 0


def returns_nan(*args, **kwargs):
    return float("nan")


def returns_nan_arrays(*args, **kwargs):
    return np.full((4, 3), np.nan)


def exits(*args, **kwargs):
    sys.exit(1)


def yields(*args, **kwargs):
    yield 1


class NotAnAnswer:
    """A class: callable, but not the function the exercise asks for."""


GARBAGE = {
    "None": None,
    "a number": 3,
    "a text": "relu",
    "a ragged list": [[1, 2], [3]],
    "an empty dict": {},
    "an array of objects": np.array([None, "a"], dtype=object),
    "NaN": float("nan"),
    "a lambda that returns None": lambda *a, **k: None,
    "a function that raises ValueError": raises_value_error,
    "a function that raises KeyError": raises_key_error,
    "a function that raises ZeroDivisionError": divides_by_zero,
    "a function that returns NaN": returns_nan,
    "a function that returns NaN arrays": returns_nan_arrays,
    "a function that calls sys.exit": exits,
    "a generator function": yields,
    "a generator": (i for i in range(3)),
    "a class": NotAnAnswer,
    "an object": NotAnAnswer(),
}


APPROVED = Path(__file__).with_name("approved_messages")
APPROVING = os.environ.get("NNBOOK_APPROVE_MESSAGES") == "1"
_calls: Counter[str] = Counter()


@cache
def _approved_file(name: str) -> dict[str, str]:
    path = APPROVED / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def count_messages_afresh() -> None:
    """Start the numbering of the messages again (``conftest.py`` calls it before each test)."""
    _calls.clear()


def approved(message: str) -> None:
    """``message`` is, word for word, the approved text of this call (see the module's
    docstring); with NNBOOK_APPROVE_MESSAGES=1 it becomes the approved text."""
    test = os.environ["PYTEST_CURRENT_TEST"].rsplit(" (", 1)[0]  # file::name[id] (call)
    path, _, name = test.partition("::")
    _calls[test] += 1
    key = f"{name} #{_calls[test]}"
    text = re.sub(r"0x[0-9a-f]+", "0x...", message)  # no memory addresses
    known = _approved_file(Path(path).stem)
    if APPROVING:
        known[key] = text
        APPROVED.mkdir(exist_ok=True)
        (APPROVED / f"{Path(path).stem}.json").write_text(
            json.dumps(known, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        return
    assert key in known, (
        f"no approved message for {key} in approved_messages/{Path(path).stem}.json: "
        f"approve {text!r} (see slipbook's docstring)"
    )
    assert text == known[key], f"the message changed:\n{text!r}\nwas approved as\n{known[key]!r}"


def passes(feedback: Feedback) -> None:
    """The check accepted the answer, with its approved message."""
    assert isinstance(feedback, Feedback), feedback
    assert feedback.ok, feedback.message
    approved(feedback.message)


def fails(feedback: Feedback, *words: str) -> None:
    """The check refused the answer, its message holds every one of ``words``, and it is
    the approved message word for word."""
    assert isinstance(feedback, Feedback), feedback
    assert not feedback.ok, f"the check accepted a wrong answer: {feedback.message}"
    for word in words:
        assert word in feedback.message, f"{word!r} not in {feedback.message!r}"
    approved(feedback.message)


GARBAGE_ANSWERS = pytest.mark.parametrize("garbage", list(GARBAGE.values()), ids=list(GARBAGE))
"""Decorate a test with it to run the test once per garbage answer, as ``garbage``."""

"""What the tests of the exercise checks share: garbage answers and the verdict helpers.

Each test file of this folder holds the slip catalogue of its checks as data, ``SLIPS``,
one ``(name, learner code, words the message must contain)`` per slip, and proves three
things: the reference solution passes, every slip fails with its words, and every
garbage answer below fails without the check raising (decorate a test with
``@GARBAGE_ANSWERS``). The test files import this module by name: pytest puts their
folder on the import path.
"""

from __future__ import annotations

import sys

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


def passes(feedback: Feedback) -> None:
    """The check accepted the answer."""
    assert isinstance(feedback, Feedback), feedback
    assert feedback.ok, feedback.message


def fails(feedback: Feedback, *words: str) -> None:
    """The check refused the answer, and its message holds every one of ``words``."""
    assert isinstance(feedback, Feedback), feedback
    assert not feedback.ok, f"the check accepted a wrong answer: {feedback.message}"
    for word in words:
        assert word in feedback.message, f"{word!r} not in {feedback.message!r}"


GARBAGE_ANSWERS = pytest.mark.parametrize("garbage", list(GARBAGE.values()), ids=list(GARBAGE))
"""Decorate a test with it to run the test once per garbage answer, as ``garbage``."""

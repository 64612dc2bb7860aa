"""Checks for the book's exercises.

Each exercise has a ``check_...`` function that runs the reader's code on data it
chooses, compares the result with the reference computation and returns a ``Feedback``:
``Feedback.ok`` is True or False, and ``Feedback.message`` says what is right or,
precisely, what is wrong (a wrong shape, a forgotten bias, a sign error, ...). In a
notebook the feedback shows as a short coloured note.

The checks never raise on a wrong answer (a wrong answer is the normal case for a
learner); they raise ``TypeError`` only when they are called with something that is not
an answer at all, such as a number where a function is expected.
"""

from ._feedback import Feedback, fail, passed

__all__ = ["Feedback", "fail", "passed"]

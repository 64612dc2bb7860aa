"""The result of an exercise check."""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """What a check says about an answer.

    Attributes
    ----------
    ok : bool
        True when the answer is right.
    message : str
        One or two sentences: what is right, or what is wrong and how to find it.
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
        kind, title = ("correct", "Correct") if self.ok else ("not-yet", "Not yet")
        return (
            f'<div class="nncode-feedback nncode-feedback-{kind}" role="status">'
            f"<strong>{title}:</strong> {html.escape(self.message)}</div>"
        )


def passed(message: str) -> Feedback:
    """A right answer."""
    return Feedback(True, message)


def fail(message: str) -> Feedback:
    """A wrong answer, with what is wrong."""
    return Feedback(False, message)

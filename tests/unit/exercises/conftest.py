"""The exercise checks' tests count their messages from 1 in every test (slipbook)."""

from __future__ import annotations

import pytest
from slipbook import count_messages_afresh


@pytest.fixture(autouse=True)
def _messages_counted_from_one():
    """Number the messages of each test from 1, even in a process that ran it before
    (mutmut runs the tests once, then forks a worker per mutant from that process)."""
    count_messages_afresh()

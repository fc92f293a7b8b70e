"""Fixtures for the end-to-end tests: the installed command and tmux sessions torn down after."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tmux import Tmux, kill, require_tmux, reviewtui_exe, reviewtui_using


@pytest.fixture
def exe() -> Path:
    require_tmux()
    return reviewtui_exe()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Tmux]]:
    """Make tmux sessions: `terminal(width=, height=, term=, env=)`; all killed afterwards."""
    made: list[Tmux] = []

    def make(**options: Any) -> Tmux:
        session = Tmux(tmp_path, **options)
        made.append(session)
        return session

    yield make
    for session in made:
        session.kill()
    # Closing the terminals hangs them up: every app started here must exit by itself.
    deadline = time.monotonic() + 10
    while (left := reviewtui_using(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        kill(pid)
    if left:
        pytest.fail(f"reviewtui did not exit when its terminal closed (pids {left}, now killed)")

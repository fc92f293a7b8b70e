"""Fixtures shared by every test.

- `clock`: a ManualClock at 2026-11-26T14:00:00Z (a Thursday); it moves only when told.
- `ws`: a Workspace on a real SQLite file, tmp_path/'test.db', using that clock; closed after.
- `HOSTILE_TEXTS` (in tests/hostile.py): `from hostile import HOSTILE_TEXTS`.

Every test runs with its own empty config directory and data/config/cache homes, so nothing reads
or writes the real user's files, and a forgotten --db can never touch a real database.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewtui.domain.clock import ManualClock
from reviewtui.services.workspace import Workspace, open_workspace

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

START = "2026-11-26T14:00:00Z"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("REVIEWTUI_CONFIG_DIR", str(home / "config" / "reviewtui"))
    monkeypatch.delenv("REVIEWTUI_DB", raising=False)
    return home


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def ws(tmp_path: Path, clock: ManualClock) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "test.db", clock=clock, config=tmp_path / "config")
    try:
        yield workspace
    finally:
        workspace.close()

"""The benchmark scripts are not run by the suite, but each one answers --help: a script that
cannot even parse its arguments is found here, not on the day someone wants its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
# The scripts (helper modules have no main; the reference app takes no arguments).
SCRIPTS = sorted(
    p
    for p in BENCHMARKS.glob("*.py")
    if p.name != "minimal_app.py" and '__name__ == "__main__"' in p.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_each_benchmark_script_answers_help(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout

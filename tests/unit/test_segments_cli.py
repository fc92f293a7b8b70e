"""`reviewtui segments`, run as a real process against a real database file, checked against
the pure-Python evaluator over the same rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hostile import FORBIDDEN_ON_SCREEN
from segment_oracle import evaluate

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.segment_files import load_segments
from reviewtui.services.workspace import open_workspace
from reviewtui.store.accounts import add_snapshots, upsert_account

AS_OF = pendulum.date(2026, 11, 26)
REPO_ROOT = Path(__file__).resolve().parents[2]


def day(offset: int) -> pendulum.Date:
    return AS_OF.add(days=offset)


ROWS: list[dict[str, Any]] = [
    {"name": "Acme [bold]Corp[/bold]", "owner": "Ana", "status": "red", "arr_cents": 90_000,
     "renewal_date": day(30), "health": 35, "nps": -20, "last_engaged": day(-50)},
    {"name": "\x1b]0;PWNED\x07Evil Ltd", "owner": "Ana", "status": "red", "arr_cents": 120_000,
     "renewal_date": day(120), "health": 39.9, "usage": 12, "tier": "strategic"},
    {"name": "顧客レビュー株式会社", "owner": "Bo", "status": "green", "health": 88, "usage": 91,
     "nps": 70, "expansion": True, "client_since": day(-20), "goals": "achieved"},
    {"name": "Quiet Co", "owner": "Bo", "last_engaged": day(-61), "renewal_date": day(121),
     "lifecycle": "trial", "goals": "missing"},
    {"name": "Gone Inc", "owner": "Ana", "lifecycle": "churned", "churned_on": day(-10),
     "status": "red", "arr_cents": 999_999},
    {"name": "Renewed Ltd", "owner": "Bo", "renewed_on": day(-5), "status": "yellow",
     "status_changed_on": day(-3)},
]  # fmt: skip
HISTORY = {0: [{"as_of": day(-40), "status": "green"}, {"as_of": day(-5), "status": "red"}]}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    ws = open_workspace(path, clock=ManualClock("2026-11-26T09:00:00Z"))
    try:
        for n, row in enumerate(ROWS):
            row["id"] = upsert_account(ws.db, row, ws.clock.now())
            add_snapshots(ws.db, {row["id"]: HISTORY.get(n, [])})
    finally:
        ws.close()
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "segments", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )


def expected(scope_owner: str | None = None) -> dict[str, list[str]]:
    segments, problems = load_segments()
    assert problems == []
    histories = {ROWS[n]["id"]: rows for n, rows in HISTORY.items()}
    rows = [r for r in ROWS if scope_owner is None or r["owner"].lower() == scope_owner]
    by_id = {r["id"]: r["name"] for r in ROWS}
    return {
        sid: [by_id[i] for i in evaluate(seg, rows, histories, AS_OF)]
        for sid, seg in segments.items()
    }


def test_json_matches_the_evaluator(db_path: Path) -> None:
    result = run_cli("--json", "--db", str(db_path), "--as-of", "2026-11-26")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == list(expected())
    assert {d["id"]: d["accounts"] for d in data} == expected()
    for item in data:
        assert set(item) >= {"id", "name", "count", "accounts"}
        assert item["count"] == len(item["accounts"])
    red = next(d for d in data if d["id"] == "red")
    assert red["accounts"] == ["\x1b]0;PWNED\x07Evil Ltd", "Acme [bold]Corp[/bold]"]
    assert "\x1b" not in result.stdout  # JSON escapes it; the terminal never sees it raw


def test_json_with_a_scope(db_path: Path) -> None:
    result = run_cli("--json", "--db", str(db_path), "--as-of", "2026-11-26", "--scope", "csm:bo")
    assert result.returncode == 0, result.stderr
    assert {d["id"]: d["accounts"] for d in json.loads(result.stdout)} == expected("bo")


def test_text_lists_counts_and_shortened_names_safely(db_path: Path) -> None:
    result = run_cli("--db", str(db_path), "--as-of", "2026-11-26", "--show", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Segments as of 26 Nov 2026 · whole book · 6 accounts")
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("red "))
    assert "Red accounts" in lines[at] and lines[at].endswith("2  (largest ARR first)")
    # Only the first name is shown, cleaned of its escape sequence; the rest are counted.
    assert lines[at + 1] == "    Evil Ltd, … and 1 more"
    assert "顧客レビュー株式会社" in out and "Acme [bold]Corp[/bold]" in out
    assert not any(bad in out for bad in FORBIDDEN_ON_SCREEN)


@pytest.mark.parametrize("bad", ["2026-13-01", "26/11/2026", "tomorrow", "2026-02-30", ""])
def test_bad_as_of_is_one_line_and_exit_1(db_path: Path, bad: str) -> None:
    result = run_cli("--db", str(db_path), "--as-of", bad)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--as-of" in lines[0] and "YYYY-MM-DD" in lines[0]


def test_bad_scope_and_unknown_account_are_one_line_and_exit_1(db_path: Path) -> None:
    bad = run_cli("--db", str(db_path), "--scope", "region:north")
    assert bad.returncode == 1 and "csm:NAME" in bad.stderr
    assert len(bad.stderr.splitlines()) == 1
    missing = run_cli(
        "--db", str(db_path), "--scope", "account:Nobody Ltd", "--as-of", "2026-11-26"
    )
    assert missing.returncode == 1 and "no account named 'Nobody Ltd'" in missing.stderr
    assert len(missing.stderr.splitlines()) == 1


def test_a_broken_user_segment_is_a_warning_and_the_rest_still_run(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "conf"
    (config / "segments").mkdir(parents=True)
    broken = config / "segments" / "mine.toml"
    broken.write_text(
        'id = "mine"\nname = "Mine"\norder = [{ field = "health" }]\norder_label = "x"\n'
        'prompts = ["a", "b", "c"]\n'
        'rule = { field = "health; DROP TABLE accounts", op = "<", value = 1 }\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("REVIEWTUI_CONFIG_DIR", str(config))
    result = run_cli("--json", "--db", str(db_path), "--as-of", "2026-11-26")
    assert result.returncode == 0
    assert str(broken) in result.stderr and "segment 'mine'" in result.stderr
    assert "field 'rule.field'" in result.stderr
    assert len(json.loads(result.stdout)) == len(expected())


def test_only_the_segments_named(db_path: Path) -> None:
    result = run_cli("--json", "--db", str(db_path), "--as-of", "2026-11-26", "renewal-120", "red")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    everything = expected()
    # in the queues' own order, whatever order they were named in
    assert [d["id"] for d in data] == [s for s in everything if s in ("red", "renewal-120")]
    assert {d["id"]: d["accounts"] for d in data} == {
        s: everything[s] for s in ("red", "renewal-120")
    }


def test_an_unknown_segment_is_one_line(db_path: Path) -> None:
    result = run_cli("--db", str(db_path), "red", "[bold]nope")
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("reviewtui: no segment '[bold]nope' (known: ")
    assert "renewal-120" in line

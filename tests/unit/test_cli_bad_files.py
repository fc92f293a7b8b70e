"""Bad files, through the real command in a real process: one line on stderr, exit 1, no
traceback, and the file and its directory left exactly as they were (no -wal, no -shm, no
new directories). A FIFO must not hang a command: each run has a timeout."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_files import damaged

from reviewtui.store import open_database

TIMEOUT = 30
CSV = "name,owner,arr\nAcme,Ana,1000\n"
# The sample book on every command that takes one, the TUI ones included: each must stop
# before the app starts.
COMMANDS: list[list[str]] = [
    ["meetings"],
    ["actions"],
    ["report"],
    ["segments"],
    ["resume"],
    ["export", "1"],
    ["start", "strategy"],
    ["import", "accounts", "{csv}"],
    ["demo"],
    [],
]


def run(*argv: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command with a pseudo-terminal for stdin and stdout (the commands that open the
    app refuse to run without one) and stderr captured; stdout is read back from the pty."""
    master, slave = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "reviewtui", *argv],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            cwd=cwd,
            env=env or dict(os.environ),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"reviewtui {' '.join(argv)} hung (more than {TIMEOUT} s)")
    finally:
        os.close(slave)
    chunks = []
    try:
        os.set_blocking(master, False)
        while chunk := os.read(master, 65536):
            chunks.append(chunk)
    except OSError:  # nothing more: EAGAIN, or EIO once the terminal has no other end
        pass
    finally:
        os.close(master)
    result.stdout = b"".join(chunks).decode("utf-8", "replace")
    return result


def state(folder: Path) -> dict[str, object]:
    """Everything in `folder`, recursively: kind and content hash of each entry."""
    seen: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                seen[str(path)] = ("link", os.readlink(path))
            else:
                seen[str(path)] = stat.S_IFMT(info.st_mode)
    return seen


def dangling(path: Path) -> None:
    path.symlink_to(path.parent / "gone.db")


def fifo(path: Path) -> None:
    os.mkfifo(path)


def directory(path: Path) -> None:
    path.mkdir()


def binary(path: Path) -> None:
    path.write_bytes(bytes((i * 7919) % 256 for i in range(20_000)))


def not_sqlite(path: Path) -> None:
    path.write_text("this is a note, not a database\n" * 50, encoding="utf-8")


BAD_FILES: dict[str, Callable[[Path], None]] = {
    "damaged page": damaged,
    "dangling symlink": dangling,
    "fifo": fifo,
    "directory": directory,
    "binary file": binary,
    "not sqlite": not_sqlite,
}


def check_refused(result: subprocess.CompletedProcess, argv: list[str]) -> str:
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr + result.stdout, (argv, result.stderr)
    assert result.returncode == 1, (argv, result.returncode, result.stderr)
    assert len(lines) == 1, (argv, result.stderr)
    return lines[0]


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_every_command_refuses_a_bad_database_in_one_line(tmp_path: Path, kind: str) -> None:
    place = tmp_path / "place"
    place.mkdir()
    db = place / "reviews.db"
    BAD_FILES[kind](db)
    csv = tmp_path / "book.csv"
    csv.write_text(CSV, encoding="utf-8")
    before = state(place)
    for command in COMMANDS:
        argv = ["--db", str(db), *(part.format(csv=csv) for part in command)]
        line = check_refused(run(*argv, cwd=tmp_path), argv)
        if command != ["demo"]:
            assert str(db) in line, (argv, line)
        assert state(place) == before, (argv, "the bad file or its folder changed")
    assert not list(place.glob("*-wal")) and not list(place.glob("*-shm"))


def test_a_missing_directory_is_refused_and_not_made(tmp_path: Path) -> None:
    db = tmp_path / "nope" / "deeper" / "reviews.db"
    csv = tmp_path / "book.csv"
    csv.write_text(CSV, encoding="utf-8")
    before = state(tmp_path)
    for command in COMMANDS:
        argv = ["--db", str(db), *(part.format(csv=csv) for part in command)]
        line = check_refused(run(*argv, cwd=tmp_path), argv)
        if command[:1] in (["start"], ["import"], ["demo"], []):
            assert f"mkdir -p {db.parent}" in line, line
        assert state(tmp_path) == before, argv
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("content", ["binary", "sqlite"])
def test_importing_a_binary_or_sqlite_file_as_csv_is_one_line(tmp_path: Path, content: str) -> None:
    db = tmp_path / "reviews.db"
    open_database(db).close()
    source = tmp_path / ("book.bin" if content == "binary" else "other.db")
    if content == "binary":
        binary(source)
    else:
        open_database(source).close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run("--db", str(db), "import", "accounts", str(source), cwd=tmp_path)
    line = check_refused(result, ["import", content])
    assert str(source) in line
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_fresh_machine_says_there_is_no_database_yet(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("REVIEWTUI_DB", None)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    for command in (["meetings"], ["actions"], ["segments"], ["resume"], ["report"]):
        line = check_refused(run(*command, cwd=tmp_path, env=env), command)
        assert "no database yet" in line and "run `reviewtui`" in line, line
    assert not (tmp_path / "data").exists()
    # The default data directory is the app's own to make, readable by its owner only.
    created = run("start", "scrum", "--no-app", cwd=tmp_path, env=env)
    assert created.returncode == 0, created.stderr
    folder = tmp_path / "data" / "reviewtui"
    assert (folder / "reviews.db").is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_demo_refuses_an_existing_file_written_with_a_tilde(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    existing = home / "existing.db"
    open_database(existing).close()
    before = hashlib.sha256(existing.read_bytes()).hexdigest()
    env = dict(os.environ, HOME=str(home))
    for spelling in ("~/existing.db", str(existing)):
        line = check_refused(run("demo", "--no-app", "--db", spelling, cwd=tmp_path, env=env), [])
        assert "already exists" in line
    assert hashlib.sha256(existing.read_bytes()).hexdigest() == before


def test_a_newer_database_is_refused_without_a_trace(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    open_database(db).close()  # in WAL mode, as the app leaves it
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    conn.commit()
    conn.close()
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob("*-shm"))
    before = state(tmp_path)
    for command in (["meetings"], ["start", "scrum", "--no-app"], ["resume"], []):
        line = check_refused(run("--db", str(db), *command, cwd=tmp_path), command)
        assert "newer reviewtui" in line
        assert state(tmp_path) == before, command


def test_opening_a_current_database_does_not_wait_for_the_write_lock(tmp_path: Path) -> None:
    db = tmp_path / "reviews.db"
    open_database(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        holder.execute("CREATE TABLE other_program (n INTEGER)")
        started = time.monotonic()
        result = run("--db", str(db), "meetings", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert time.monotonic() - started < 4  # the busy timeout is 5 s
    finally:
        holder.execute("ROLLBACK")
        holder.close()

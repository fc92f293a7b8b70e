"""Driving the installed `reviewtui` in a real terminal: a tmux session on its own server.

Each `Tmux` starts its own tmux server (`tmux -L <unique socket>`), so tests can run in
parallel and never touch the user's tmux. The session has no status line, so the pane is
exactly the size asked for, and `remain-on-exit` keeps a pane whose program died, so what it
left on screen can still be read.

Waiting is always a bounded poll of `capture-pane` (every 50 ms), never a fixed sleep.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

POLL = 0.05
TARGET = "e2e"

# Variables of the test runner's own terminal that must not leak into the app's terminal.
_SCRUBBED = ("TMUX", "TMUX_PANE", "NO_COLOR", "FORCE_COLOR", "COLORTERM", "REVIEWTUI_DB")


def require_tmux() -> str:
    path = shutil.which("tmux")
    if path is None:
        pytest.skip("tmux is not installed (CI installs it with .ci/run)")
    return path


def reviewtui_exe() -> Path:
    """The `reviewtui` command installed in the environment running the tests."""
    exe = Path(sys.executable).parent / "reviewtui"
    if not exe.exists():
        pytest.skip(f"{exe} is missing: install the project first (pip install -e .)")
    return exe


def _tmux_arg(text: str) -> str:
    """tmux ends a command at an argument ending in `;` unless the `;` is escaped."""
    return text[:-1] + "\\;" if text.endswith(";") else text


class Tmux:
    """One tmux server with one session and one pane, of a given size, TERM and environment."""

    def __init__(
        self,
        workdir: Path,
        *,
        width: int = 80,
        height: int = 24,
        term: str = "xterm-256color",
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.exe = require_tmux()
        self.socket = f"reviewtui-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.workdir = workdir
        self.width = width
        self.height = height
        self.term = term
        self.env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
        self.env.update(env or {})
        self.env["TERM"] = term  # tmux itself (never seen by the app: panes get default-terminal)
        self.started = False

    # -- the server ------------------------------------------------------------------

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            [self.exe, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, command: Sequence[str]) -> None:
        """Open the session running `command` (run directly, without a shell)."""
        config = self.workdir / f"{self.socket}.conf"
        config.write_text(
            "set -g status off\n"
            f'set -g default-terminal "{self.term}"\n'
            "set -g remain-on-exit on\n"
            "set -g history-limit 200\n",
            encoding="utf-8",
        )
        self.tmux(
            "-f",
            str(config),
            "new-session",
            "-d",
            "-s",
            TARGET,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            "--",
            *command,
        )
        self.started = True

    def shell(self) -> None:
        """Open the session on a plain interactive bash (no rc files), prompt `$ `."""
        bash = shutil.which("bash") or "/bin/bash"
        self.env["PS1"] = "$ "
        self.start([bash, "--noprofile", "--norc", "-i"])
        self.wait_for("$")

    def run_in_shell(self, command: Sequence[str]) -> None:
        """Type a command line into the pane's shell and press Enter.

        The pane's screen is reset first (tmux's side only; nothing reaches the program), so
        what a killed app left on screen cannot be mistaken for the next app's first frame.
        """
        self.tmux("send-keys", "-R", "-t", TARGET)
        self.tmux("clear-history", "-t", TARGET)
        self.send_text(shlex.join(str(c) for c in command))
        self.send_keys("Enter")

    def respawn(self, command: Sequence[str]) -> None:
        """Run `command` in the same pane again (after its program exited or was killed).

        The old screen is wiped first, so it cannot pass for the new program's first frame.
        """
        self.tmux("send-keys", "-R", "-t", TARGET)
        self.tmux("clear-history", "-t", TARGET)
        self.tmux("respawn-pane", "-k", "-t", TARGET, "--", *command)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", TARGET, "-x", str(width), "-y", str(height))
        self.width, self.height = width, height

    def kill(self) -> None:
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False

    # -- keys --------------------------------------------------------------------------

    def send_text(self, text: str) -> None:
        """Type `text` literally (no key names)."""
        self.tmux("send-keys", "-t", TARGET, "-l", "--", _tmux_arg(text))

    def send_keys(self, *keys: str) -> None:
        """Press keys by tmux name: Enter, Escape, F1, C-n, BSpace ..."""
        self.tmux("send-keys", "-t", TARGET, *keys)

    def send_lines(self, lines: Sequence[str], enter: bool = True) -> None:
        """Type several lines, each followed by Enter, in ONE tmux call: as fast as tmux goes."""
        args: list[str] = []
        for line in lines:
            args += ["send-keys", "-t", TARGET, "-l", "--", _tmux_arg(line), ";"]
            if enter:
                args += ["send-keys", "-t", TARGET, "Enter", ";"]
        self.tmux(*args[:-1])

    def paste(self, text: str) -> None:
        """Paste `text` as a terminal does (bracketed, when the program asked for that)."""
        self.tmux("set-buffer", "-b", "e2e-paste", "--", text)
        self.tmux("paste-buffer", "-p", "-d", "-b", "e2e-paste", "-t", TARGET)

    # -- the screen --------------------------------------------------------------------

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", TARGET)

    def wait_until(self, check: Callable[[str], object], what: str, timeout: float = 10.0) -> str:
        """Poll the screen until `check(screen)` is true; return that screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.capture()
            if check(screen):
                return screen
            if time.monotonic() >= deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}:\n{screen}")
            time.sleep(POLL)

    def wait_for(self, *texts: str, timeout: float = 10.0) -> str:
        """Wait until every one of `texts` is on the screen."""
        return self.wait_until(
            lambda s: all(t in s for t in texts), " and ".join(repr(t) for t in texts), timeout
        )

    def wait_gone(self, text: str, timeout: float = 10.0) -> str:
        return self.wait_until(lambda s: text not in s, f"{text!r} to disappear", timeout)

    # -- the process in the pane -------------------------------------------------------

    def pane_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", TARGET, "#{pane_pid}").strip())

    def pane_dead(self) -> bool:
        return self.tmux("display-message", "-p", "-t", TARGET, "#{pane_dead}").strip() == "1"

    def app_pid(self, timeout: float = 10.0) -> int:
        """The pid of the reviewtui process in the pane: the pane's process or its child."""
        deadline = time.monotonic() + timeout
        while True:
            root = self.pane_pid()
            for pid in [root, *children(root)]:
                if is_reviewtui(pid):
                    return pid
            if time.monotonic() >= deadline:
                raise AssertionError(f"no reviewtui process under pane process {root}")
            time.sleep(POLL)

    def input_line(self, screen: str | None = None) -> str:
        """The text in the note input: the line under its top border (`▊▔ Note ▔▔...▎`)."""
        lines = (screen if screen is not None else self.capture()).splitlines()
        for above, line in itertools.pairwise(lines):
            if above.startswith("▊▔"):
                return line.strip("▊▎ ")
        return ""


# -- processes ---------------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    after = raw[raw.rindex(")") + 2 :].split()
    return after[0], int(after[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[1] == pid:
                found.append(int(entry.name))
    return found


def is_reviewtui(pid: int) -> bool:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(part.endswith(b"/reviewtui") for part in argv[:2])


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def wait_exit(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() >= deadline:
            raise AssertionError(f"process {pid} still running after {timeout}s")
        time.sleep(POLL)


def kill(pid: int, sig: signal.Signals = signal.SIGKILL) -> None:
    os.kill(pid, sig)


def reviewtui_using(folder: Path) -> list[int]:
    """Running reviewtui processes whose command line or environment mentions `folder`."""
    wanted = str(folder).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or not is_reviewtui(int(entry.name)):
            continue
        try:
            seen = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if wanted in seen and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


# -- the database, read from outside the app ---------------------------------------------


def query(db: Path, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, tuple(params)).fetchall()
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0][0]


def wait_db(
    db: Path, sql: str, expected: object, timeout: float = 5.0, params: Sequence[object] = ()
) -> None:
    """Poll a query until its rows equal `expected` (e.g. the draft saved on the tick)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = query(db, sql, params) if db.exists() else None
        if rows == expected:
            return
        if time.monotonic() >= deadline:
            raise AssertionError(f"{sql!r} gave {rows!r}, wanted {expected!r} within {timeout}s")
        time.sleep(POLL)


# -- the clock bar -----------------------------------------------------------------------

_CLOCKS = re.compile(r"Section (-?\d+):(\d\d) (left|over)\s+Meeting (-?\d+):(\d\d) (left|over)")


@dataclass(frozen=True)
class Clocks:
    """Section and meeting time left, in seconds (negative when over), as shown."""

    section: int
    meeting: int


def read_clocks(screen: str) -> Clocks:
    match = _CLOCKS.search(screen)
    if match is None:
        raise AssertionError(f"no clock bar on screen:\n{screen}")
    m1, s1, w1, m2, s2, w2 = match.groups()
    section = int(m1) * 60 + int(s1)
    meeting = int(m2) * 60 + int(s2)
    return Clocks(section if w1 == "left" else -section, meeting if w2 == "left" else -meeting)

"""`reviewtui serve` in a real browser: Debian's chromium, driven by playwright, opens the page,
waits for the app's first bytes, resumes a meeting and saves a note with the keyboard alone.
The terminal is drawn on a canvas, so what happened is read from the database (and the screen
is checked by a screenshot's size). Skipped where chromium or playwright is not installed."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import struct
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tmux import kill, reviewtui_exe, reviewtui_using

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("REVIEWTUI_TEST_CHROMIUM", "/usr/bin/chromium"))
VIEWPORT = {"width": 1280, "height": 800}
NOTE = "Browser note: renewal [bold]risk[/] at Acme 顧客"
DRAFT = "and the sponsor is leav"
WAIT = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _until(what: str, check: object, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except sqlite3.OperationalError:
            pass  # the app holds the write lock for a moment
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@dataclass
class Served:
    url: str
    db: Path
    server: subprocess.Popen[str]

    def stop_with_ctrl_c(self) -> str:
        """Ctrl+C where the server runs (SIGINT to its whole process group, the tabs' apps
        included): it must stop at once; what it said on stderr is returned."""
        os.killpg(self.server.pid, signal.SIGINT)
        _, errors = self.server.communicate(timeout=20)
        return errors


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    pytest.importorskip("textual_serve", reason="textual-serve is not installed")
    exe = reviewtui_exe()
    db = tmp_path / "reviews.db"
    started = subprocess.run(
        [exe, "--db", db, "start", "scrum", "--no-app", "--title", "Browser meeting"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert started.returncode == 0, started.stderr
    port = _free_port()
    server = subprocess.Popen(
        [exe, "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
        start_new_session=True,  # its own process group, as in a terminal of its own
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith(f"Serving reviewtui on http://127.0.0.1:{port} "), first
        yield Served(f"http://127.0.0.1:{port}/", db, server)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        deadline = time.monotonic() + 10
        while (left := reviewtui_using(tmp_path) + apps_on(db)) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in left:
            kill(pid)
        assert not left, f"reviewtui did not exit with the server (pids {left})"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_note_typed_in_the_browser_is_saved(served: Served, tmp_path: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    url, db = served.url, served.db
    [(meeting_id,)] = _query(db, "SELECT id FROM meetings WHERE status = 'live'")
    before = _heartbeat(db, meeting_id)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page(viewport=VIEWPORT)

            def local_only(route: Route) -> None:  # no web fonts from outside in a test
                if route.request.url.startswith(url):
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", local_only)
            page.goto(url)
            # textual-serve marks the page once the app's first bytes have arrived
            page.wait_for_selector("body.-first-byte", timeout=WAIT * 1000)
            page.click("#terminal")
            # The start screen offers the unfinished meeting: r, then Enter resumes it.
            page.keyboard.press("r")
            page.keyboard.press("Enter")
            # The app renews the meeting's lease once the meeting is open.
            _until(
                "the meeting to open in the browser",
                lambda: _heartbeat(db, meeting_id) != before,
            )
            page.keyboard.type(NOTE)
            page.keyboard.press("Enter")
            _until(
                "the note in the database",
                lambda: (
                    _query(db, "SELECT text FROM notes WHERE meeting_id = ?", (meeting_id,))
                    == [(NOTE,)]
                ),
            )
            shot = page.screenshot(path=str(tmp_path / "browser.png"))
            # Half a sentence, then the server is stopped with the tab still open.
            page.keyboard.type(DRAFT)
            _until(
                "the draft in the database",
                lambda: _query(db, "SELECT text FROM drafts") == [(DRAFT,)],
            )
            errors = served.stop_with_ctrl_c()
        finally:
            browser.close()
    assert _png_size(shot) == (VIEWPORT["width"], VIEWPORT["height"])
    assert len(shot) > 20_000, "the screenshot is (nearly) blank"
    assert served.server.returncode == 0
    assert errors == ""
    # Stopping the server told the tab's app to quit: it has saved its work and let go.
    assert apps_on(db) == []
    assert _query(db, "SELECT text FROM notes") == [(NOTE,)]
    assert _query(db, "SELECT text FROM drafts") == [(DRAFT,)]
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def _heartbeat(db: Path, meeting_id: int) -> str | None:
    [(beat,)] = _query(db, "SELECT heartbeat_at FROM meetings WHERE id = ?", (meeting_id,))
    return beat


def apps_on(db: Path) -> list[int]:
    """The app processes `reviewtui serve` started for browser tabs on `db`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"reviewtui" in argv and str(db).encode() in argv and b"ui" in argv:
            found.append(int(entry.name))
    return found

"""An idle meeting screen sends almost nothing: it fits a slow SSH link or a phone on 3G.

While nobody types, the only change is the once-a-second clock bar. The raw bytes the app
writes to its terminal are captured with `tmux pipe-pane` for five seconds of idling.

Measured at 80x24, xterm-256color (Textual 8.2.8): one repaint of the clock line is about
250 bytes (SGR colour codes included; the agenda line above it is redrawn only when it
changes), once a second, so about 250 B/s; nothing else is written (no cursor blink, no
repaint of the notes or the input). The bounds below leave about 40 % headroom over that:
< 350 bytes per repaint and < 350 B/s, and at most one repaint per elapsed second (plus one
for a tick landing on the edge of the window).
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux import TARGET, Tmux, read_clocks

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

IDLE_SECONDS = 5.0
MAX_BYTES_PER_SECOND = 350
MAX_BYTES_PER_REPAINT = 350
# Every clock repaint starts by moving the cursor to the clock line (the bar's second line).
REPAINT = b"\x1b[2;2H"
CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def test_idle_meeting_writes_only_the_clock_once_a_second(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    db = tmp_path / "idle.db"
    subprocess.run(
        [str(exe), "--db", str(db), "start", "strategy", "--series", "S", "--no-app"],
        check=True,
        capture_output=True,
        timeout=30,
    )
    term = terminal(width=80, height=24)
    term.start([str(exe), "--db", str(db), "resume"])
    first = term.wait_for("Section ", "Meeting ", "Type a note")
    # Let the first frames and one clock tick pass, so the capture holds only idle output.
    term.wait_until(lambda s: read_clocks(s) != read_clocks(first), "one clock tick")
    before = read_clocks(term.capture())

    raw_file = tmp_path / "idle.raw"
    term.tmux("pipe-pane", "-o", "-t", TARGET, f"cat >> {raw_file}")
    started = time.monotonic()
    time.sleep(IDLE_SECONDS)  # the measurement itself: five seconds of nobody touching anything
    term.tmux("pipe-pane", "-t", TARGET)  # stop the capture
    elapsed = time.monotonic() - started
    after = read_clocks(term.capture())
    # cat may still be flushing when pipe-pane returns: wait until the file stops growing.
    size = -1
    while raw_file.exists() and raw_file.stat().st_size != size:
        size = raw_file.stat().st_size
        time.sleep(0.1)
    raw = raw_file.read_bytes() if raw_file.exists() else b""

    # The clock did run meanwhile (so silence would mean a frozen screen, not a quiet one).
    assert before.section - after.section >= IDLE_SECONDS - 1, (before, after)

    repaints = [part for part in raw.split(REPAINT)[1:]]
    per_second = len(raw) / elapsed
    print(
        f"idle output: {len(raw)} bytes in {elapsed:.2f}s = {per_second:.0f} B/s,"
        f" {len(repaints)} repaints of {sorted({len(r) + len(REPAINT) for r in repaints})} bytes"
    )
    assert raw.startswith(REPAINT), f"output not made of clock repaints: {raw[:200]!r}"
    assert IDLE_SECONDS - 1 <= len(repaints) <= elapsed + 1, (len(repaints), elapsed)
    assert max(len(r) + len(REPAINT) for r in repaints) < MAX_BYTES_PER_REPAINT
    assert per_second < MAX_BYTES_PER_SECOND, per_second
    # No blink or other traffic: the whole capture is about N times one clock repaint.
    one = min(len(r) + len(REPAINT) for r in repaints)
    assert len(raw) <= len(repaints) * one * 1.1, (len(raw), len(repaints), one)
    # Only the two clock-bar lines are drawn; any other row is at most a cursor move back to
    # the input (a parked cursor, which writes nothing there).
    rows = [int(m.group(1)) for m in CURSOR_MOVE.finditer(raw)]
    drawn = {int(m.group(1)) for m in CURSOR_MOVE.finditer(raw) if not _bare_move(raw, m)}
    assert drawn <= {2}, f"rows redrawn while idle: {sorted(drawn)} (moves to {rows})"
    assert b"\x1b[?25h" not in raw and b"\x1b[?25l" not in raw, "cursor shown/hidden while idle"
    assert not term.pane_dead()


def _bare_move(raw: bytes, move: re.Match[bytes]) -> bool:
    """A cursor move followed by another move or the end: it draws nothing on its row."""
    rest = raw[move.end() :]
    return not rest or rest.startswith(REPAINT) or CURSOR_MOVE.match(rest) is not None

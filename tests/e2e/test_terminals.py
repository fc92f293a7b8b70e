"""Every documented key of a section, in the terminals people actually use.

The installed `reviewtui demo` runs in tmux with TERM = screen, screen-256color, tmux-256color
and xterm-256color, at 80x24 and 120x40, once resized down to 60x20 while running, and once
with NO_COLOR=1. In each, a meeting is started from the start screen through the new-meeting
dialog, then each key of the section screen is pressed and its effect read off the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux import Tmux, read_clocks

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TERMS = ["screen", "screen-256color", "tmux-256color", "xterm-256color"]
SIZES = [(80, 24), (120, 40)]
FIRST = "Progress vs quarterly goals"  # the scrum template's first section (no carry-over)
SECOND = "Blockers"
PACING = re.compile(r"\[(ON PLAN|AHEAD \d+:\d\d|BEHIND \d+:\d\d|MOVE ON|PAUSED)\]")
SGR = re.compile(r"\x1b\[([\d;:]*)m")


def input_title(screen: str) -> str:
    """The label on the note input's top border (the kind the next note is saved as)."""
    for line in screen.splitlines():
        match = re.match(r"^▊▔ (.+?) ▔", line)
        if match:
            return match.group(1)
    return ""


def section_title(screen: str) -> str:
    first = screen.splitlines()[0] if screen else ""
    match = re.match(r"^ \d+/\d+ (.+?)(  ·  .*)?$", first)
    return match.group(1) if match else ""


def start_scrum(term: Tmux, exe: Path, db: Path) -> str:
    """Open the demo and start the first template from the start screen; the first section."""
    term.start([str(exe), "--db", str(db), "demo"])
    term.wait_for("Start a new meeting", timeout=20)
    term.send_keys("Enter")  # the first template is highlighted: Enter starts it
    term.wait_for("New meeting: Bi-weekly progress scrum")
    term.send_text("E2E")
    term.send_keys("Enter", "Enter")  # series, then an empty scope (the whole book)
    term.send_text("Ana:strategist")
    term.send_keys("Enter")
    return term.wait_until(
        lambda s: section_title(s) == FIRST and "Type a note" in s and PACING.search(s),
        "the first section, with its clocks",
    )


def walk_section_keys(term: Tmux) -> None:
    """Press every key the section screen documents, checking what each one does."""
    term.send_text("first note from the key walk")
    term.send_keys("Enter")
    term.wait_until(
        lambda s: re.search(r"^ Note +first note from the key walk", s, re.MULTILINE),
        "the saved note",
    )

    assert input_title(term.capture()) == "Note"
    term.send_keys("F2")
    term.wait_until(lambda s: input_title(s) == "Decision", "F2: kind Decision")
    term.send_keys("F2")
    term.wait_until(lambda s: input_title(s) == "Risk", "F2: kind Risk")

    term.send_keys("F9")
    term.wait_for("[PAUSED]")
    term.send_keys("F9")
    term.wait_gone("[PAUSED]")

    before = read_clocks(term.capture()).section
    term.send_keys("F4")
    grown = term.wait_until(
        lambda s: read_clocks(s).section >= before + 55, "F4: a minute more for the section"
    )
    assert read_clocks(grown).section <= before + 61

    term.send_keys("F8")
    term.wait_until(lambda s: section_title(s) == SECOND, "F8: the next section")
    term.send_keys("F7")
    term.wait_until(
        lambda s: section_title(s) == FIRST and "first note from the key walk" in s,
        "F7: back to the first section and its note",
    )

    term.send_keys("F1")
    term.wait_for("Keys on this screen")
    term.send_keys("Escape")
    term.wait_gone("Keys on this screen")

    term.send_keys("F10")
    term.wait_for("Leave the live meeting?")
    term.send_keys("n")
    screen = term.wait_gone("Leave the live meeting?")
    assert section_title(screen) == FIRST
    assert not term.pane_dead()


def colours(term: Tmux) -> set[str]:
    """The colours used on screen that are not shades of grey (SGR codes, as tmux reports)."""
    raw = term.tmux("capture-pane", "-p", "-e", "-t", "e2e")
    found: set[str] = set()
    for params in SGR.findall(raw):
        parts = params.replace(":", ";").split(";")
        index = 0
        while index < len(parts):
            code = parts[index]
            if code in ("38", "48") and index + 1 < len(parts):
                if parts[index + 1] == "5" and index + 2 < len(parts):
                    n = int(parts[index + 2] or 0)
                    grey = n in (0, 7, 8, 15, 16, 59, 102, 145, 188, 231) or n >= 232
                    if not grey:
                        found.add(f"{code};5;{n}")
                    index += 3
                    continue
                if parts[index + 1] == "2" and index + 4 < len(parts):
                    r, g, b = (int(x or 0) for x in parts[index + 2 : index + 5])
                    if not r == g == b:
                        found.add(f"{code};2;{r};{g};{b}")
                    index += 5
                    continue
            elif code.isdigit() and (30 <= int(code) <= 36 or 40 <= int(code) <= 46):
                found.add(code)  # the 8 basic colours, bar black and white
            elif code.isdigit() and (90 <= int(code) <= 96 or 100 <= int(code) <= 106):
                found.add(code)
            index += 1
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("term_name", TERMS)
def test_section_keys(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path, term_name: str, size: tuple
) -> None:
    term = terminal(width=size[0], height=size[1], term=term_name)
    screen = start_scrum(term, exe, tmp_path / "demo.db")
    assert PACING.search(screen), screen
    walk_section_keys(term)
    if term_name.endswith("256color"):
        assert colours(term), "the app should use colour where the terminal has it"


def test_resized_to_60x20_while_running(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    term = terminal(width=80, height=24)
    start_scrum(term, exe, tmp_path / "demo.db")
    term.resize(60, 20)
    screen = term.wait_until(
        lambda s: (
            any(line.startswith("▊▁") and len(line) == 60 for line in s.splitlines())
            and PACING.search(s)
            and section_title(s) == FIRST
        ),
        "the layout redone at 60 columns",
    )
    assert len(screen.splitlines()) <= 20
    assert all(len(line) <= 60 for line in screen.splitlines())
    read_clocks(screen)
    walk_section_keys(term)


def test_no_color_keeps_status_readable(
    exe: Path, terminal: Callable[..., Tmux], tmp_path: Path
) -> None:
    term = terminal(width=80, height=24, env={"NO_COLOR": "1"})
    screen = start_scrum(term, exe, tmp_path / "demo.db")
    assert PACING.search(screen), "the pacing is in words, not only in colour"
    assert colours(term) == set(), "NO_COLOR=1: nothing but shades of grey"
    term.send_keys("F9")
    term.wait_for("[PAUSED]")
    term.send_keys("F9")
    term.wait_until(lambda s: "[PAUSED]" not in s and PACING.search(s), "the pacing back")
    walk_section_keys(term)
    assert colours(term) == set()

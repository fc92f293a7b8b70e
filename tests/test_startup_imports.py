"""What is imported before the first frame: the start screen needs no meeting code, no pydantic
and no sqlite-utils; resuming into a section needs only that section's code.

Each check runs in a fresh interpreter: the real `reviewtui` command path (argument parsing,
opening the database, the app), headless, stopped at the first frame of the first screen, where
the modules loaded so far are listed. The outline of the templates and settings comes from the
checked cache, so the first start fills it (with pydantic) and the second must not need it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import open_workspace

# Not before the start screen's first frame.
NOT_AT_START = (
    "pydantic",
    "pydantic_core",
    "sqlite_utils",
    "markdown_it",
    "textual.widgets._markdown",
    "reviewtui.services.meeting",
    "reviewtui.services.session_state",
    "reviewtui.services.session_clock",
    "reviewtui.services.session_notes",
    "reviewtui.services.session_actions",
    "reviewtui.services.session_record",
    "reviewtui.services.operations",
    "reviewtui.services.minutes",
    "reviewtui.domain.settings",
    "reviewtui.domain.templates",
    "reviewtui.screens.meeting_base",
    "reviewtui.screens.section",
    "reviewtui.screens.queues",
    "reviewtui.screens.carryover",
    "reviewtui.screens.wrapup",
    "reviewtui.screens.health",
)
# Not before a resumed discussion section's first frame: the other sections' screens, the
# minutes, and the validation of templates and settings it does not use.
NOT_IN_A_SECTION = (
    "pydantic",
    "pydantic_core",
    "sqlite_utils",
    "reviewtui.services.minutes",
    "reviewtui.exporters",
    "reviewtui.domain.settings",
    "reviewtui.domain.templates",
    "reviewtui.screens.queues",
    "reviewtui.screens.carryover",
    "reviewtui.screens.wrapup",
    "reviewtui.screens.health",
)
# Not before a resumed queues section's first frame, nor before its queues are shown once the
# segments' checked cache is filled: no validation of templates, settings or segments.
NOT_IN_QUEUES = (
    "pydantic",
    "pydantic_core",
    "sqlite_utils",
    "reviewtui.domain.settings",
    "reviewtui.domain.templates",
    "reviewtui.domain.segments",
)

_IMPORTS = """
import json, sys
import reviewtui.app, reviewtui.cli, reviewtui.screens.start
reviewtui.cli.build_parser()
print(json.dumps(sorted(sys.modules)))
"""

_FIRST_FRAME = """
import json, sys
from textual.app import App

WHEN_FIRST = sys.argv.pop(1) == "first"  # else: the first frame showing what it loads

seen = {}
display, run = App._display, App.run

def first_frame(self, screen, renderable):
    ours = type(screen).__module__.startswith("reviewtui.")
    if "modules" not in seen and ours and (WHEN_FIRST or getattr(screen, "loaded", True)):
        seen["screen"] = type(screen).__name__
        seen["modules"] = sorted(sys.modules)
        self.exit()
    return display(self, screen, renderable)

def headless(self, *args, **kwargs):
    return run(self, headless=True, size=(120, 40))

App._display, App.run = first_frame, headless
from reviewtui import cli
cli.has_terminal = lambda: True
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, **seen}))
"""


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def first_frame(*argv: str, shown: bool = False) -> dict[str, object]:
    """What was loaded at the first frame (with `shown`, the first that shows what the
    screen loads after its first frame)."""
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME, "loaded" if shown else "first", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, result
    result["stderr"] = done.stderr
    return result


def test_importing_the_app_and_the_start_screen_loads_no_meeting_code() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS], capture_output=True, text=True, timeout=60, check=True
    )
    assert loaded(json.loads(done.stdout), NOT_AT_START) == []


def test_the_start_screen_is_drawn_before_meeting_code_or_pydantic(tmp_path: Path) -> None:
    db = str(tmp_path / "reviews.db")
    first = first_frame("--db", db)  # fills the cache of the templates' outline
    assert first["screen"] == "StartScreen"
    again = first_frame("--db", db)
    assert again["screen"] == "StartScreen"
    assert loaded(again["modules"], NOT_AT_START) == []  # type: ignore[arg-type]


def test_a_changed_template_is_validated_again_before_the_start_screen(tmp_path: Path) -> None:
    """The cache is only used for the files it was made from: after an edit, pydantic runs."""
    db = str(tmp_path / "reviews.db")
    first_frame("--db", db)
    templates = Path(os.environ["REVIEWTUI_CONFIG_DIR"]) / "templates"
    templates.mkdir(parents=True)
    (templates / "mine.toml").write_text('name = "Mine"\n', encoding="utf-8")
    edited = first_frame("--db", db)
    assert "pydantic" in edited["modules"]  # type: ignore[operator]
    assert "mine.toml" in str(edited["stderr"]) and "sections" in str(edited["stderr"])
    assert loaded(edited["modules"], ("reviewtui.services.meeting",)) == []  # type: ignore[arg-type]


def test_resuming_into_a_section_loads_only_that_section(tmp_path: Path) -> None:
    db = tmp_path / "reviews.db"
    ws = open_workspace(db)
    try:
        session = start_meeting(ws, "strategy", series="Imports")
        session.apply(
            session.clock.goto(next(i for i in session.items if i.kind == "discussion").id)
        )
    finally:
        ws.close()
    first_frame("--db", str(db))  # fills the cache
    result = first_frame("--db", str(db), "resume", str(session.id))
    assert result["screen"] == "SectionScreen"
    assert loaded(result["modules"], NOT_IN_A_SECTION) == []  # type: ignore[arg-type]


def test_resuming_into_queues_validates_nothing_before_the_queues_show(tmp_path: Path) -> None:
    db = tmp_path / "reviews.db"
    ws = open_workspace(db)
    try:
        session = start_meeting(ws, "book-of-business", series="Queues")
        if session.current.kind != "queues":
            session.apply(
                session.clock.goto(next(i for i in session.items if i.kind == "queues").id)
            )
    finally:
        ws.close()
    argv = ("--db", str(db), "resume", str(session.id))
    first_frame(*argv, shown=True)  # fills the caches of the templates' outline and segments
    result = first_frame(*argv)
    assert result["screen"] == "QueuesScreen"
    assert loaded(result["modules"], NOT_IN_QUEUES) == []  # type: ignore[arg-type]
    queues = first_frame(*argv, shown=True)
    assert queues["screen"] == "QueuesScreen"
    # sqlite-utils is loaded once the queues are up, on a thread of its own: whether that
    # import has begun by the frame that shows them is a matter of scheduling, not a rule.
    validators = tuple(name for name in NOT_IN_QUEUES if name != "sqlite_utils")
    assert loaded(queues["modules"], validators) == []  # type: ignore[arg-type]

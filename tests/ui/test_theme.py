"""The theme: from config.toml at start, `--theme` over it, a palette choice saved back to
config.toml (other settings kept) and used by the next start, a bad name warned about."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

from textual.command import CommandPalette
from ui_helpers import SMALL, settle_writes

from reviewtui.app import ReviewApp
from reviewtui.cli import build_parser
from reviewtui.domain.clock import ManualClock
from reviewtui.services.workspace import Workspace, open_workspace

HEALTH = "# my thresholds\n[health]\nlow_health = 30\n"


def workspace(tmp_path: Path, config_text: str | None) -> Workspace:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    if config_text is not None:
        (config / "config.toml").write_text(config_text, encoding="utf-8")
    return open_workspace(
        tmp_path / "t.db", clock=ManualClock("2026-11-26T14:00:00Z"), config=config
    )


async def started_theme(ws: Workspace, theme: str | None = None) -> tuple[str, str]:
    app = ReviewApp(ws, theme=theme)
    async with app.run_test(size=SMALL) as pilot:
        await settle_writes(pilot)
        return app.theme, app.theme_choice.problem


async def test_the_config_theme_is_applied_at_start(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 'theme = "nord"\n' + HEALTH)
    try:
        assert ws.problems == []
        assert await started_theme(ws) == ("nord", "")
    finally:
        ws.close()


async def test_the_command_line_theme_wins_and_is_not_saved(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 'theme = "nord"\n')
    try:
        args = build_parser().parse_args(["ui", "--theme", "gruvbox"])
        assert await started_theme(ws, args.theme) == ("gruvbox", "")
    finally:
        ws.close()
    assert (tmp_path / "config" / "config.toml").read_text() == 'theme = "nord"\n'


async def test_a_bad_name_is_one_line_of_warning_and_the_default(tmp_path: Path) -> None:
    default = ReviewApp(workspace(tmp_path, None)).theme
    ws = workspace(tmp_path, 'theme = "no-such\\u001b[31mtheme"\n')
    try:
        theme, problem = await started_theme(ws)
        assert theme == default
        assert "no theme" in problem and "config.toml" in problem
        assert "\n" not in problem and "\x1b" not in problem
        theme, problem = await started_theme(ws, "neon")
        assert theme == default and problem.startswith("--theme: no theme 'neon'")
    finally:
        ws.close()


async def test_a_palette_choice_is_saved_and_used_next_time(tmp_path: Path) -> None:
    ws = workspace(tmp_path, HEALTH)
    app = ReviewApp(ws)
    try:
        async with app.run_test(size=SMALL) as pilot:
            await settle_writes(pilot)
            assert app.theme != "dracula"
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"theme")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.3)
            await pilot.press(*"dracula")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle_writes(pilot)
            assert app.theme == "dracula"
    finally:
        ws.close()
    path = tmp_path / "config" / "config.toml"
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved == {"theme": "dracula", "health": {"low_health": 30}}
    assert "# my thresholds" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = workspace(tmp_path, None)
    try:
        assert again.problems == []
        assert await started_theme(again) == ("dracula", "")
    finally:
        again.close()

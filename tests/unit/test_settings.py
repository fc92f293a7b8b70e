"""Settings from config.toml: the data-health thresholds, and clear messages for bad files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.settings import Settings, load_settings
from reviewtui.services.health import health_scan
from reviewtui.services.workspace import open_workspace
from reviewtui.store.accounts import add_snapshots, upsert_account


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "config.toml")
    assert settings == Settings() and problems == []
    assert settings.health.jump_factor == 3.0
    assert settings.health.low_health == 40.0
    assert settings.health.falling_usage_run == 3


def test_a_bad_file_names_the_field_and_keeps_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[health]\njump_factor = 0.5\ncolour = 'red'\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert len(problems) == 1
    assert str(path) in problems[0]
    assert "'health.jump_factor'" in problems[0] and "'health.colour'" in problems[0]
    path.write_text("[health\n", encoding="utf-8")
    assert "not valid TOML" in load_settings(path)[1][0]


def test_the_jump_factor_from_config_changes_what_is_flagged(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    clock = ManualClock("2026-11-26T12:00:00Z")

    def flags(factor_line: str) -> list[str]:
        (config / "config.toml").write_text(f"[health]\n{factor_line}\n", encoding="utf-8")
        ws = open_workspace(tmp_path / "t.db", clock=clock, config=config)
        try:
            assert ws.problems == []
            if not ws.db.query("SELECT id FROM accounts"):
                account = upsert_account(
                    ws.db, {"name": "Steady Co", "health": 70.0, "status": "green"}, clock.now()
                )
                add_snapshots(
                    ws.db,
                    {
                        account: [
                            {"as_of": "2026-10-01", "health": 70.0, "cost_per_lead_cents": 1000},
                            {"as_of": "2026-11-01", "health": 70.0, "cost_per_lead_cents": 2500},
                        ]
                    },
                )
            return [f.message for f in health_scan(ws).flags]
        finally:
            ws.close()

    assert flags("jump_factor = 3.0") == []  # 2.5x is under the default factor
    flagged = flags("jump_factor = 2.0")
    assert len(flagged) == 1 and "cost per lead up 2.5x" in flagged[0]


def test_the_theme_setting_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[health]\nlow_health = 30\n', encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == [] and settings.theme == "nord" and settings.health.low_health == 30
    path.write_text("theme = 3\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings() and "'theme'" in problems[0]


def test_setting_the_theme_keeps_every_other_line() -> None:
    from reviewtui.domain.settings import with_theme

    assert with_theme("", "nord") == 'theme = "nord"\n'
    kept = "# colours\n[health]\nlow_health = 30\n"
    assert with_theme(kept, "nord") == '# colours\ntheme = "nord"\n[health]\nlow_health = 30\n'
    replaced = with_theme('a_comment = 1\ntheme = "old"  # mine\n[health]\n', "dracula")
    assert replaced == 'a_comment = 1\ntheme = "dracula"\n[health]\n'
    quoted = with_theme("", 'we"ird\\name')
    assert tomllib.loads(quoted)["theme"] == 'we"ird\\name'


def test_setting_the_theme_in_a_broken_file_changes_nothing(tmp_path: Path) -> None:
    import pytest

    from reviewtui.services.settings_file import save_theme

    path = tmp_path / "config.toml"
    path.write_text("[health\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        save_theme(path, "nord")
    assert path.read_text(encoding="utf-8") == "[health\n"
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]
    fresh = tmp_path / "new" / "config.toml"
    save_theme(fresh, "nord")
    assert load_settings(fresh)[0].theme == "nord"

"""The outline of the templates and settings from the checked cache: the same as a full load,
made again when any file it came from changes, and never in the way when it cannot be used."""

from __future__ import annotations

from pathlib import Path

from reviewtui.services.user_config import UserConfig

GOOD = """
name = "Mine"
[[sections]]
title = "Only"
minutes = 10
prompts = ["a?", "b?", "c?"]
"""


def fresh(folder: Path, cache: Path | None) -> UserConfig:
    return UserConfig(folder, cache)


def test_the_cached_outline_is_the_full_load_and_is_used_while_nothing_changed(
    tmp_path: Path,
) -> None:
    folder, cache = tmp_path / "conf", tmp_path / "cache" / "outline.json"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "mine.toml").write_text(GOOD, encoding="utf-8")
    (folder / "config.toml").write_text('theme = "nord"\n', encoding="utf-8")
    made = fresh(folder, cache).outline()
    assert cache.is_file()
    assert ("mine", "Mine", 1, 10.0) in [
        (t.id, t.name, t.sections, t.minutes) for t in made.templates
    ]
    assert made.theme == "nord" and made.problems == ()
    again = fresh(folder, cache)
    assert again.outline() == made
    assert again._templates is None  # the models were not loaded for it
    full = again.templates
    assert sorted(full) == sorted(t.id for t in made.templates)


def test_an_edit_makes_the_cache_stale(tmp_path: Path) -> None:
    folder, cache = tmp_path / "conf", tmp_path / "cache.json"
    folder.mkdir()
    (folder / "config.toml").write_text('theme = "nord"\n', encoding="utf-8")
    assert fresh(folder, cache).outline().theme == "nord"
    (folder / "config.toml").write_text("theme = 7\n", encoding="utf-8")
    edited = fresh(folder, cache).outline()
    assert edited.theme is None
    assert len(edited.problems) == 1 and "theme" in edited.problems[0]
    (folder / "config.toml").unlink()
    assert fresh(folder, cache).outline().problems == ()


def test_a_broken_or_unwritable_cache_costs_only_the_full_load(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert fresh(folder, broken).outline().templates
    blocked = tmp_path / "a-file" / "cache.json"
    (tmp_path / "a-file").write_text("", encoding="utf-8")  # its folder is a file
    assert fresh(folder, blocked).outline().templates
    assert fresh(folder, None).outline().templates


def test_the_outline_carries_the_minutes_per_account_of_queue_sections(tmp_path: Path) -> None:
    folder, cache = tmp_path / "conf", tmp_path / "cache.json"
    (folder / "templates").mkdir(parents=True)
    timed = GOOD.replace("minutes = 10\n", "minutes = 10\naccount_minutes = 2.5\n")
    (folder / "templates" / "mine.toml").write_text(timed, encoding="utf-8")
    made = {t.id: t for t in fresh(folder, cache).outline().templates}
    cached = {t.id: t for t in fresh(folder, cache).outline().templates}
    assert cached == made
    assert cached["mine"].account_timebox("Only") == 150
    assert cached["mine"].account_timebox("Other") is None
    assert cached["book-of-business"].account_minutes != ()

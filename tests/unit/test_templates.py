"""Review templates: the five built-ins, the user's own, and clear messages for broken files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtui.domain.templates import TemplateError, load_template_file, load_templates

BUILTIN = {"strategy", "growth", "book-of-business", "account-planning", "scrum"}

GOOD = """
id = "{id}"
name = "{name}"
min_actions = 2
max_actions = 4

[[sections]]
title = "Open items"
kind = "carryover"
minutes = 3
prompts = ["one?", "two?", "three?"]

[[sections]]
title = "Close"
kind = "wrapup"
minutes = 2
prompts = ["one?", "two?", "three?"]
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_five_builtin_templates_load() -> None:
    templates, problems = load_templates()
    assert problems == []
    assert set(templates) == BUILTIN
    for template in templates.values():
        kinds = [s.kind for s in template.sections]
        assert kinds[0] == "carryover" and kinds[-1] == "wrapup", template.id
        for section in template.sections:
            assert 3 <= len(section.prompts) <= 7, (template.id, section.title)
            assert section.minutes > 0
        if template.id == "scrum":
            assert template.total_minutes == 15
        else:
            assert 45 <= template.total_minutes <= 60, template.id
    assert templates["book-of-business"].action_owner_roles == ["csm", "leader"]
    assert [s.segments for s in templates["book-of-business"].sections if s.kind == "queues"] == [
        ["red", "renewal-120", "health-over-80", "goals-achieved"]
    ]
    assert any(s.kind == "health" for s in templates["strategy"].sections)


def test_a_user_template_extends_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    _write(user, "weekly.toml", GOOD.format(id="weekly", name="Weekly check-in"))
    _write(user, "scrum.toml", GOOD.format(id="scrum", name="Our own scrum"))
    templates, problems = load_templates([user])
    assert problems == []
    assert templates["weekly"].name == "Weekly check-in"
    assert templates["scrum"].name == "Our own scrum"
    assert set(templates) == BUILTIN | {"weekly"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ('prompts = ["one?", "two?", "three?"]', "section 2 ('Close'), field 'prompts'"),
        ("minutes = 2", "section 2 ('Close'), field 'minutes'"),
        ('kind = "wrapup"', "section 2 ('Close'), field 'kind'"),
    ],
    ids=["too-few-prompts", "zero-minutes", "unknown-kind"],
)
def test_a_broken_section_is_named_with_its_field(
    tmp_path: Path, change: str, expected: str
) -> None:
    text = GOOD.format(id="bad", name="Bad")
    head, _, tail = text.rpartition(change)
    broken = {
        'prompts = ["one?", "two?", "three?"]': 'prompts = ["only one?"]',
        "minutes = 2": "minutes = 0",
        'kind = "wrapup"': 'kind = "party"',
    }[change]
    path = _write(tmp_path, "bad.toml", head + broken + tail)
    with pytest.raises(TemplateError) as caught:
        load_template_file(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert expected in message
    assert "\n" not in message


def test_broken_files_are_reported_and_the_rest_still_load(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    _write(user, "notoml.toml", "this is = = not toml")
    _write(
        user,
        "range.toml",
        GOOD.format(id="range", name="R").replace("min_actions = 2", "min_actions = 9"),
    )
    _write(user, "extra.toml", GOOD.format(id="extra", name="E") + '\ncolour = "blue"\n')
    templates, problems = load_templates([user])
    assert set(templates) == BUILTIN
    assert len(problems) == 3
    joined = "\n".join(problems)
    assert "notoml.toml: not valid TOML" in joined
    assert "min_actions is larger than max_actions" in joined
    assert "field 'colour'" in joined


def test_templates_command_warns_about_a_broken_file(tmp_path: Path) -> None:
    config = tmp_path / "config"
    _write(config / "templates", "broken.toml", "id = 3")
    result = subprocess.run(
        [sys.executable, "-m", "reviewtui", "templates"],
        capture_output=True,
        text=True,
        env={**os.environ, "REVIEWTUI_CONFIG_DIR": str(config)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "broken.toml" in result.stderr and "warning" in result.stderr
    for template_id in BUILTIN:
        assert template_id in result.stdout

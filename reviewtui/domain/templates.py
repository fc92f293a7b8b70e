"""Review templates: TOML files validated by pydantic, built-in ones overridable by the user's."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

# builtin_dir: re-exported, where the importers of the sample book look for it.
from reviewtui.domain.prompts import Prompts
from reviewtui.domain.template_files import builtin_dir as builtin_dir
from reviewtui.domain.template_files import template_files

SectionKind = Literal["discussion", "queues", "carryover", "wrapup", "health", "goals"]


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the file, section and field."""


class SectionTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=80)
    kind: SectionKind = "discussion"
    minutes: float = Field(gt=0, le=240)
    prompts: Prompts
    segments: list[str] = Field(default_factory=list)
    account_minutes: float | None = Field(default=None, gt=0, le=60)

    @property
    def planned_seconds(self) -> int:
        return round(self.minutes * 60)


class AttendanceRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str
    at_least_per_month: int = Field(ge=0)


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)
    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    attendees: list[str] = Field(default_factory=list)
    min_actions: int = Field(default=3, ge=0, le=50)
    max_actions: int = Field(default=5, ge=1, le=50)
    action_owner_roles: list[str] = Field(default_factory=list)
    # Closing needs at least one action owned by someone in each of `action_owner_roles`.
    action_per_role: bool = False
    attendance_rules: list[AttendanceRule] = Field(default_factory=list)
    sections: list[SectionTemplate] = Field(min_length=1)
    # How often a series of this review meets, unless the series says otherwise.
    cadence: Literal["weekly", "bi-weekly", "monthly", "quarterly"] | None = None
    # The book's accounts this review covers are those we run media for (is_media).
    media_only: bool = False
    # A series of this review follows a series of that template (a scrum its planning).
    follows: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)

    @model_validator(mode="after")
    def _range_is_sane(self) -> Template:
        if self.min_actions > self.max_actions:
            raise ValueError("min_actions is larger than max_actions")
        if self.action_per_role and not self.action_owner_roles:
            raise ValueError("action_per_role needs the roles in action_owner_roles")
        return self

    @property
    def total_minutes(self) -> float:
        return sum(s.minutes for s in self.sections)


def _describe_error(path: Path, data: dict[str, object], error: ValidationError) -> str:
    problems = []
    for issue in error.errors():
        loc = list(issue["loc"])
        where = []
        if len(loc) >= 2 and loc[0] == "sections" and isinstance(loc[1], int):
            sections = data.get("sections")
            title = None
            if isinstance(sections, list) and loc[1] < len(sections):
                entry = sections[loc[1]]
                if isinstance(entry, dict):
                    title = entry.get("title")
            label = f"section {loc[1] + 1}" + (f" ({title!r})" if title else "")
            where.append(label)
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "(whole file)"
        where.append(f"field {field!r}")
        problems.append(f"{', '.join(where)}: {issue['msg']}")
    return f"{path}: " + "; ".join(problems)


def load_template_file(path: Path) -> Template:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{path}: not valid TOML: {error}") from None
    data.setdefault("id", path.stem)
    try:
        return Template.model_validate(data)
    except ValidationError as error:
        raise TemplateError(_describe_error(path, data, error)) from None


def load_templates(
    user_dirs: Iterable[Path] = (),
) -> tuple[dict[str, Template], list[str]]:
    """Built-in templates, then the user's (same id overrides). Returns (templates, problems)."""
    templates: dict[str, Template] = {}
    problems: list[str] = []
    for path in template_files(user_dirs):
        try:
            template = load_template_file(path)
        except TemplateError as error:
            problems.append(str(error))
            continue
        templates[template.id] = template
    return templates, problems

"""User settings from `config.toml` in the config directory, validated at the edge.

    theme = "nord"           # the app's colours (any Textual theme; Ctrl+P -> theme saves it)
    day_first = false        # due dates with slashes: 15/12 is 15 December when true

    [health]
    jump_factor = 3.0        # flag a metric that moves more than this many times between snapshots
    low_health = 40          # flag health below this
    falling_usage_run = 3    # flag usage that fell this many snapshots in a row

    [[benchmarks]]           # what a metric is compared with in the growth review
    metric = "cost_per_lead" # health, usage, nps, arr, spend, cost_per_lead, leads
    tier = "enterprise"      # or industry = "Retail", or group = "Q4 launch"; none: every account
    value = 30.0             # money in dollars

    [keys]                   # binding id = keys, comma-separated (the README lists the ids)
    next_section = "f8,f12"
    undo = "ctrl+y"

A missing file means the defaults; a broken one is reported (file and field) and the defaults
are used, so the app still starts. A `[keys]` entry that is not text is reported on its own and
left out; the app checks the rest (known binding ids, real keys) when it applies them.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class HealthSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    jump_factor: float = Field(default=3.0, gt=1, le=1000)
    low_health: float = Field(default=40.0, ge=0, le=100)
    falling_usage_run: int = Field(default=3, ge=2, le=24)


class BenchmarkSetting(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str = Field(min_length=1, max_length=40)
    value: float = Field(allow_inf_nan=False)
    tier: str | None = Field(default=None, min_length=1, max_length=80)
    industry: str | None = Field(default=None, min_length=1, max_length=80)
    group: str | None = Field(default=None, min_length=1, max_length=80)

    @model_validator(mode="after")
    def _one_scope(self) -> BenchmarkSetting:
        from reviewtui.domain.metric_lines import metric_name

        if metric_name(self.metric) is None:
            raise ValueError(f"unknown metric {self.metric!r}")
        if sum(v is not None for v in (self.tier, self.industry, self.group)) > 1:
            raise ValueError("give at most one of tier, industry or group")
        return self


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str | None = Field(default=None, min_length=1, max_length=100)
    day_first: bool = False
    health: HealthSettings = HealthSettings()
    benchmarks: list[BenchmarkSetting] = Field(default_factory=list, max_length=500)
    # Binding id -> keys, comma-separated like Textual's keymaps ("f8,ctrl+n").
    keys: dict[str, str] = Field(default_factory=dict)


_THEME_LINE = re.compile(r"^\s*theme\s*=")
_TABLE_HEADER = re.compile(r"^\s*\[")


def with_theme(text: str, theme: str) -> str:
    """`text` (a config.toml) with its top-level `theme` set to `theme`; every other line
    kept as it was. The line is replaced where it is, or added before the first table (a key
    after a `[table]` header would belong to that table). Raises ValueError when `text` is not
    valid TOML (then it is not touched) or the result would not read back."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"not valid TOML: {error}") from None
    line = f"theme = {json.dumps(theme)}"
    lines = text.splitlines()
    for index, current in enumerate(lines):
        if _THEME_LINE.match(current):
            lines[index] = line
            break
        if _TABLE_HEADER.match(current):
            lines.insert(index, line)
            break
    else:
        lines.append(line)
    updated = "\n".join(lines) + "\n"
    try:
        read_back = tomllib.loads(updated).get("theme")
    except tomllib.TOMLDecodeError:
        read_back = None
    if read_back != theme:
        raise ValueError("the theme line could not be placed; edit the file by hand")
    return updated


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings in `path` (defaults when it does not exist), and any problems found."""
    if not path.is_file():
        return Settings(), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [f"{path}: cannot read: {error}; using the defaults"]
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path}: not valid TOML: {error}; using the defaults"]
    data, problems = _keys_apart(path, data)
    try:
        return Settings.model_validate(data), problems
    except ValidationError as error:
        fields = "; ".join(
            f"field {'.'.join(str(p) for p in issue['loc'])!r}: {issue['msg']}"
            for issue in error.errors()
        )
        return Settings(), [*problems, f"{path}: {fields}; using the defaults"]


def _keys_apart(path: Path, data: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """`data` with its `[keys]` entries that are not text left out, each reported in one line;
    the other settings are not affected by a bad key entry."""
    keys = data.get("keys")
    if keys is None:
        return data, []
    if not isinstance(keys, dict):
        return {**data, "keys": {}}, [f"{path}: [keys] must be a table; the default keys stay"]
    kept: dict[str, str] = {}
    problems = []
    for binding_id, value in keys.items():
        if isinstance(value, str) and value.strip():
            kept[binding_id] = value
        else:
            problems.append(
                f'{path}: [keys] {binding_id}: give the keys as text, such as "f8,ctrl+n";'
                " its default keys stay"
            )
    return {**data, "keys": kept}, problems

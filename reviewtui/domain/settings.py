"""User settings from `config.toml` in the config directory, validated at the edge.

    [health]
    jump_factor = 3.0        # flag a metric that moves more than this many times between snapshots
    low_health = 40          # flag health below this
    falling_usage_run = 3    # flag usage that fell this many snapshots in a row

A missing file means the defaults; a broken one is reported (file and field) and the defaults
are used, so the app still starts.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class HealthSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    jump_factor: float = Field(default=3.0, gt=1, le=1000)
    low_health: float = Field(default=40.0, ge=0, le=100)
    falling_usage_run: int = Field(default=3, ge=2, le=24)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    health: HealthSettings = HealthSettings()


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
    try:
        return Settings.model_validate(data), []
    except ValidationError as error:
        fields = "; ".join(
            f"field {'.'.join(str(p) for p in issue['loc'])!r}: {issue['msg']}"
            for issue in error.errors()
        )
        return Settings(), [f"{path}: {fields}; using the defaults"]

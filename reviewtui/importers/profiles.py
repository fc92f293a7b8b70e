"""Export profiles: how the platforms people bring their book from name their columns.

The profiles are data (profiles.toml, shipped in the package), read once and checked by a
pydantic model. `detect` picks the profile a set of headers looks like, if any.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reviewtui.importers.columns import FIELDS, normalise_header

SCALABLE = frozenset({"health", "usage", "health_change", "usage_change"})


class _ProfileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    source: str = Field(min_length=1)
    detect: list[str] = Field(min_length=1)
    min_detect: int = Field(ge=1)
    columns: dict[str, str]
    ignore: dict[str, str] = Field(default_factory=dict)
    scale: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_fields(self) -> _ProfileSpec:
        for header, target in self.columns.items():
            if target not in FIELDS:
                raise ValueError(f"{self.id}: {header!r} = {target!r} is not a field")
        both = {normalise_header(h) for h in self.columns} & {
            normalise_header(h) for h in self.ignore
        }
        if both:
            raise ValueError(f"{self.id}: both mapped and ignored: {sorted(both)}")
        for header, factor in self.scale.items():
            if self.columns.get(header) not in SCALABLE or factor <= 0:
                raise ValueError(f"{self.id}: {header!r} cannot be scaled by {factor}")
        if self.min_detect > len(self.detect):
            raise ValueError(f"{self.id}: min_detect is more than the detect headers")
        return self


class _ProfilesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: list[_ProfileSpec]


@dataclass(frozen=True)
class Profile:
    """One platform's export: its known columns by normalised header."""

    id: str
    label: str
    source: str
    detect: frozenset[str]
    min_detect: int
    columns: dict[str, str]  # normalised header -> field
    ignore: dict[str, str]  # normalised header -> why it is left out
    scale: dict[str, float]  # normalised header -> factor to the 0-100 scale (0-10 scores)


@functools.cache
def profiles() -> tuple[Profile, ...]:
    """Every profile, in the order of the file."""
    text = resources.files("reviewtui.importers").joinpath("profiles.toml").read_text("utf-8")
    specs = _ProfilesFile.model_validate(tomllib.loads(text))
    return tuple(
        Profile(
            id=spec.id,
            label=spec.label,
            source=spec.source,
            detect=frozenset(normalise_header(h) for h in spec.detect),
            min_detect=spec.min_detect,
            columns={normalise_header(h): f for h, f in spec.columns.items()},
            ignore={normalise_header(h): why for h, why in spec.ignore.items()},
            scale={normalise_header(h): factor for h, factor in spec.scale.items()},
        )
        for spec in specs.profile
    )


@dataclass(frozen=True)
class Detected:
    profile: Profile
    matched: int  # how many of its detect headers the file has


def detect(normalised_headers: Sequence[str]) -> Detected | None:
    """The profile whose distinctive headers the file has most of (at least its minimum);
    the first such profile on a tie. None when no profile fits."""
    present = set(normalised_headers)
    best: Detected | None = None
    for profile in profiles():
        matched = len(profile.detect & present)
        if matched >= profile.min_detect and (best is None or matched > best.matched):
            best = Detected(profile, matched)
    return best

"""Finding the files that ship with reviewtui, from an installed wheel or a source checkout:
the templates, the segments, the styles and the sample data, all through `asset_dir`."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """`templates`, `segments`, `styles` or `sample_data`: inside the package (where the wheel
    puts them all), or else at the top of a source checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reviewtui cannot find its {name!r} folder (looked in {_PACKAGE})")


def styles_dir() -> Path:
    return asset_dir("styles")


def sample_data_dir() -> Path:
    return asset_dir("sample_data")

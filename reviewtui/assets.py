"""Finding the files that ship with reviewtui, from an installed wheel or a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """`styles` or `sample_data`: inside the package when installed, at the top of a checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reviewtui cannot find its {name!r} folder (looked in {_PACKAGE})")


def styles_dir() -> Path:
    return asset_dir("styles")


def sample_data_dir() -> Path:
    return asset_dir("sample_data")

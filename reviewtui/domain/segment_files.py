"""Segment files: built-in ones shipped in the package, the user's in their config directory.

A file holds either a `[[segments]]` list or one segment at the top level (its id defaults to
the file name). A bad segment is reported with the file, the segment and the field, and the
rest still load, so one typo never hides every queue.

Listing the files needs no pydantic; reading them validates each segment with it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewtui.assets import asset_dir

if TYPE_CHECKING:
    from pydantic import ValidationError

    from reviewtui.domain.segments import Segment


def builtin_dir() -> Path:
    return asset_dir("segments")


def segment_paths(user_dirs: Iterable[Path] = ()) -> list[Path]:
    """The segment files, built-in first, then each of the user's directories, by name."""
    paths: list[Path] = []
    for directory in (builtin_dir(), *user_dirs):
        if directory.is_dir():
            paths.extend(sorted(directory.glob("*.toml")))
    return paths


def _where(loc: Sequence[int | str]) -> str:
    from reviewtui.domain.segments import CONDITION_TAGS

    text = ""
    for part in loc:
        if part in CONDITION_TAGS:
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part).rstrip("_")
    return text or "(whole segment)"


def _describe(origin: str, data: object, error: ValidationError) -> str:
    ident = data.get("id") if isinstance(data, dict) else None
    label = f"segment {ident!r}" if isinstance(ident, str) else "segment (no id)"
    problems = [
        f"field {_where(issue['loc'])!r}: {issue['msg'].removeprefix('Value error, ')}"
        for issue in error.errors()
    ]
    return f"{origin}: {label}: " + "; ".join(problems)


def parse_segments(
    data: dict[str, Any], origin: str, default_id: str
) -> tuple[list[Segment], list[str]]:
    """Segments from parsed TOML: a `[[segments]]` list, or one segment at the top level."""
    from pydantic import ValidationError

    from reviewtui.domain.segments import Segment

    entries = data.get("segments")
    if entries is None:
        entries = [{"id": default_id, **data}] if "id" not in data else [data]
    elif not isinstance(entries, list) or set(data) != {"segments"}:
        return [], [f"{origin}: 'segments' must be the only key, holding a list of tables"]
    segments: list[Segment] = []
    problems: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"{origin}: segment {index + 1}: not a table")
            continue
        try:
            segments.append(Segment.model_validate(entry))
        except ValidationError as error:
            problems.append(_describe(origin, entry, error))
    return segments, problems


def load_segment_file(path: Path) -> tuple[list[Segment], list[str]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return [], [f"{path}: cannot read: {error}"]
    except tomllib.TOMLDecodeError as error:
        return [], [f"{path}: not valid TOML: {error}"]
    return parse_segments(data, str(path), path.stem)


def load_segments(user_dirs: Iterable[Path] = ()) -> tuple[dict[str, Segment], list[str]]:
    """Built-in segments, then the user's (same id overrides). Returns (segments, problems)."""
    segments: dict[str, Segment] = {}
    problems: list[str] = []
    for path in segment_paths(user_dirs):
        found, trouble = load_segment_file(path)
        problems.extend(trouble)
        for segment in found:
            segments[segment.id] = segment
    return segments, problems

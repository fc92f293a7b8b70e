"""The segments from the checked cache: the same as validating the files, made again when any
file changes (with the same messages), and read without pydantic while nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reviewtui.domain.segment_files import load_segments as load_segment_files
from reviewtui.services.segments import load_segments

GOOD = """
[[segments]]
id = "big-red"
name = "Big red accounts"
order = [{ field = "arr_cents", direction = "desc" }]
order_label = "largest ARR first"
prompts = ["Why red?", "Who helps?", "What next?"]
rule = { all = [{ field = "status", op = "=", value = "red" },
    { field = "tier", op = "in", value = ["smb", "mid"] },
    { any = [{ metric = "health", change = "dropped", by = 15.5 },
             { turned = "red", days = 30, from = "green" },
             { top = 5, by = "arr_cents", among = { metric = "usage", op = "<", value = 30 } },
             { field = "renewal_date", op = "within", days = 90 }] },
    { field = "arr_cents", op = ">=", value = 1000 }] }
"""

_LOAD = """
import json, sys
from pathlib import Path
from reviewtui.services.segments import load_segments
segments, problems = load_segments(Path(sys.argv[1]))
print(json.dumps({"pydantic": "pydantic" in sys.modules, "ids": sorted(segments),
                  "problems": problems}))
"""


def load_elsewhere(config: Path) -> dict[str, object]:
    """`load_segments` in a fresh interpreter (this one has pydantic loaded already)."""
    done = subprocess.run(
        [sys.executable, "-c", _LOAD, str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=os.environ.copy(),
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def write_user_segment(config: Path, text: str) -> Path:
    folder = config / "segments"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_cached_segments_are_the_validated_ones(tmp_path: Path) -> None:
    config = tmp_path / "config"
    path = write_user_segment(config, GOOD)
    validated, problems = load_segment_files([config / "segments"])
    expected = {key: segment.plain() for key, segment in validated.items()}
    assert load_segments(config) == (expected, problems)
    os.utime(path, ns=(1, 1))  # touched, not changed: read back from the cache file
    assert load_segments(config) == (expected, problems)
    assert expected["big-red"].prompts == ("Why red?", "Who helps?", "What next?")


def test_unchanged_files_are_read_without_pydantic(tmp_path: Path) -> None:
    config = tmp_path / "config"
    write_user_segment(config, GOOD)
    first = load_elsewhere(config)
    assert first["pydantic"] is True and first["problems"] == []
    again = load_elsewhere(config)
    assert again == {**first, "pydantic": False}
    assert "big-red" in again["ids"]  # type: ignore[operator]


def test_a_changed_file_is_validated_again_with_the_same_messages(tmp_path: Path) -> None:
    config = tmp_path / "config"
    write_user_segment(config, GOOD)
    load_elsewhere(config)
    write_user_segment(config, GOOD.replace("value = 1000", 'value = "lots"'))
    edited = load_elsewhere(config)
    _, expected = load_segment_files([config / "segments"])
    assert edited["pydantic"] is True and edited["problems"] == expected != []
    assert "big-red" not in edited["ids"]  # type: ignore[operator]


def test_a_broken_cache_costs_only_the_validation(tmp_path: Path) -> None:
    config = tmp_path / "config"
    write_user_segment(config, GOOD)
    load_elsewhere(config)
    cache_root = Path(os.environ["XDG_CACHE_HOME"])
    for cached in cache_root.rglob("segments-*.json"):
        data = json.loads(cached.read_text(encoding="utf-8"))
        data["segments"] = [{"id": "half a segment"}]
        cached.write_text(json.dumps(data), encoding="utf-8")
    again = load_elsewhere(config)
    assert again["pydantic"] is True and "big-red" in again["ids"]  # type: ignore[operator]

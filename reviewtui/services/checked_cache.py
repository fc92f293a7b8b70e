"""Checked caches: a small JSON file in the user cache directory holding what a full load with
pydantic found, together with a digest of everything that went into it (the files read, the
modules that validate them and the version). While the digest matches, the copy stands in for
the full load; when anything changed, the full load runs again and rewrites the copy.

The cache is only ever a copy: a missing, unreadable or stale one costs the full load, and one
that cannot be written changes nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reviewtui import __version__


def input_digest(
    cache_format: int, validators: Iterable[str], files: Iterable[tuple[str, Path]]
) -> str | None:
    """A digest of the validating modules' source and of each (label, file) in order; None
    when one cannot be read (then the full load reports it)."""
    digest = hashlib.sha256(f"{cache_format}\0{__version__}\0".encode())
    try:
        for name in validators:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                return None
            digest.update(Path(spec.origin).read_bytes())
        for label, path in files:
            digest.update(f"\0{label}\0{path}\0".encode())
            digest.update(path.read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    return digest.hexdigest()


def read_cache(cache_file: Path | None, digest: str) -> dict[str, Any] | None:
    """The cached data when it was made from the inputs `digest` describes, else None."""
    if cache_file is None:
        return None
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("digest") != digest:
        return None
    return data


def write_cache(cache_file: Path | None, digest: str, data: dict[str, object]) -> None:
    """Replace the cache file at once with `data` and its digest; a failure leaves no copy."""
    if cache_file is None:
        return
    with contextlib.suppress(OSError):
        folder = cache_file.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(prefix=f".{cache_file.name}.", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"digest": digest, **data}, handle, ensure_ascii=False)
            os.replace(temp, cache_file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

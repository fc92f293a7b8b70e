"""Names as people type them: without regard to case, accents or spacing."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """`Tomás  Reyes` -> `tomas reyes`: accents dropped, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def find_name(typed: str, names: Iterable[str]) -> str | None:
    """The one name `typed` means: equal when folded (spaces optional), else the only name
    that it starts, or one of whose words it starts. None when none or several match."""
    wanted = fold(typed)
    if not wanted:
        return None
    squeezed = wanted.replace(" ", "")
    known = list(dict.fromkeys(names))
    exact = [n for n in known if fold(n) == wanted or fold(n).replace(" ", "") == squeezed]
    if exact:
        return exact[0]
    matches = [
        n
        for n in known
        if fold(n).startswith(wanted)
        or fold(n).replace(" ", "").startswith(squeezed)
        or any(part.startswith(wanted) for part in fold(n).split())
    ]
    return matches[0] if len(matches) == 1 else None


def closest(typed: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Up to `limit` names most like `typed` (for 'did you mean'), best first."""
    known = list(dict.fromkeys(names))
    by_fold: dict[str, str] = {}
    for name in known:
        by_fold.setdefault(fold(name), name)
    wanted = fold(typed)
    starts = [n for f, n in by_fold.items() if wanted and wanted[:3] in f]
    similar = difflib.get_close_matches(wanted, list(by_fold), n=limit, cutoff=0.5)
    found = [by_fold[f] for f in similar] + starts
    return list(dict.fromkeys(found))[:limit]

"""Segment queues for a workspace: which accounts are in each queue on a date, in queue order.

The segment files (built-in and the user's) are validated with pydantic, and the segments they
define kept in plain form in a checked cache (`services.checked_cache`) together with a digest
of the files, the modules that validate them and the version: while nothing changed, a queue
is evaluated without pydantic; after any change, every file is validated again (the same
messages) and the cache rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewtui.domain.models import Account
from reviewtui.domain.scope import Scope, parse_scope
from reviewtui.domain.segment_files import builtin_dir, segment_paths
from reviewtui.domain.segment_rules import PlainSegment, segment_data, segment_from_data
from reviewtui.services.checked_cache import input_digest, read_cache, write_cache
from reviewtui.services.places import cache_dir
from reviewtui.services.workspace import Workspace, config_dir
from reviewtui.store import segments as segment_store
from reviewtui.store.accounts import accounts_by_ids, find_account
from reviewtui.store.segments import ScopeFilter

if TYPE_CHECKING:
    from reviewtui.domain.segments import Segment

CACHE_FORMAT = 1
# The modules whose rules decide what is valid, and how it is kept: a change makes it stale.
_VALIDATORS = (
    "reviewtui.domain.segments",
    "reviewtui.domain.prompts",
    "reviewtui.domain.segment_files",
    "reviewtui.domain.segment_fields",
    "reviewtui.domain.segment_rules",
)
_PAGE_CHUNK = 500


class SegmentError(ValueError):
    """A segment request that cannot be answered; the message is for the user."""


@dataclass(frozen=True)
class SegmentQueue:
    """One evaluated segment: its accounts on `as_of`, in queue order."""

    id: str
    name: str
    description: str
    order_label: str
    prompts: tuple[str, ...]
    account_ids: tuple[int, ...]
    count: int
    as_of: dt.date
    scope: str | None = None


_cache_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[object, ...], tuple[dict[str, PlainSegment], list[str]]]] = {}


def _signature(directories: Iterable[Path]) -> tuple[object, ...]:
    parts: list[object] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                stat = path.stat()
            except OSError:
                continue
            parts.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(parts)


def user_segments_dir(config: Path | None = None) -> Path:
    return (config or config_dir()) / "segments"


def load_segments(config: Path | None = None) -> tuple[dict[str, PlainSegment], list[str]]:
    """Built-in segments plus the user's (same id overrides), and the problems found.

    Re-read only when a file changed, so a queue screen can ask on every page.
    """
    user_dir = user_segments_dir(config)
    signature = _signature((builtin_dir(), user_dir))
    with _cache_lock:
        cached = _cache.get(user_dir)
        if cached and cached[0] == signature:
            return dict(cached[1][0]), list(cached[1][1])
    segments, problems = _checked_load(user_dir)
    with _cache_lock:
        _cache[user_dir] = (signature, (segments, problems))
    return dict(segments), list(problems)


def _checked_load(user_dir: Path) -> tuple[dict[str, PlainSegment], list[str]]:
    """The segments and problems: from the cache when it was made from exactly these files,
    else from validating them all (which then refreshes the cache)."""
    name = hashlib.sha256(str(user_dir.expanduser().absolute()).encode()).hexdigest()[:16]
    cache_file = cache_dir() / f"segments-{name}.json"
    files = [("segment", path) for path in segment_paths([user_dir])]
    digest = input_digest(CACHE_FORMAT, _VALIDATORS, files)
    data = read_cache(cache_file, digest) if digest else None
    if data is not None:
        try:
            found = [segment_from_data(item) for item in data["segments"]]
            return {s.id: s for s in found}, [str(p) for p in data["problems"]]
        except (KeyError, TypeError, ValueError):
            pass  # not a cache this version wrote: validate the files again
    from reviewtui.domain.segment_files import load_segments as load_files

    validated, problems = load_files([user_dir])
    segments = {key: segment.plain() for key, segment in validated.items()}
    if digest:
        cached = [segment_data(segment) for segment in segments.values()]
        write_cache(cache_file, digest, {"segments": cached, "problems": problems})
    return segments, problems


def resolve_scope(ws: Workspace, scope: Scope | str | None) -> ScopeFilter | None:
    """Check a scope (`csm:NAME`, `team:NAME`, `account:NAME` or None) and resolve it for the
    store; SegmentError says what is wrong with it."""
    return _scope(ws, scope)[1]


def _scope(ws: Workspace, scope: Scope | str | None) -> tuple[Scope | None, ScopeFilter | None]:
    if isinstance(scope, Scope) or scope is None:
        parsed = scope
    else:
        try:
            parsed = parse_scope(scope)
        except ValueError as error:
            raise SegmentError(str(error)) from None
    if parsed is not None and parsed.kind == "account" and find_account(ws.db, parsed.name) is None:
        raise SegmentError(f"no account named {parsed.name!r}")
    return parsed, segment_store.resolve_scope(ws.db, parsed)


def _segment(
    segments: Mapping[str, PlainSegment | Segment], segment_id: str
) -> PlainSegment | Segment:
    try:
        return segments[segment_id]
    except KeyError:
        known = ", ".join(sorted(segments))
        raise SegmentError(f"no segment {segment_id!r} (known: {known})") from None


def _queue(
    segment: PlainSegment | Segment, ids: Sequence[int], as_of: dt.date, scope: Scope | None
) -> SegmentQueue:
    return SegmentQueue(
        id=segment.id,
        name=segment.name,
        description=segment.description,
        order_label=segment.order_label,
        prompts=tuple(segment.prompts),
        account_ids=tuple(ids),
        count=len(ids),
        as_of=as_of,
        scope=str(scope) if scope else None,
    )


def evaluate_segments(
    ws: Workspace,
    segment_ids: Sequence[str] | None = None,
    *,
    as_of: dt.date | None = None,
    scope: Scope | str | None = None,
    segments: Mapping[str, PlainSegment | Segment] | None = None,
    config: Path | None = None,
) -> list[SegmentQueue]:
    """Evaluate the given segments (all of them by default, in their defined order)."""
    if segments is None:
        segments = load_segments(config)[0]
    day = as_of or ws.clock.today()
    parsed, where = _scope(ws, scope)
    chosen = list(segments) if segment_ids is None else list(segment_ids)
    picked = [_segment(segments, segment_id) for segment_id in chosen]
    found = _segment_ids(ws, picked, day, where)
    return [_queue(segment, ids, day, parsed) for segment, ids in zip(picked, found, strict=True)]


def _segment_ids(
    ws: Workspace,
    picked: Sequence[PlainSegment | Segment],
    day: dt.date,
    where: ScopeFilter | None,
) -> list[list[int]]:
    """Each segment's account ids, in the order given.

    Over a database file, a second connection in a second thread shares the work: SQLite lets
    go of the interpreter while it evaluates a query, so two queues are evaluated at once (on
    two cores, all the built-in ones in about 60% of the time). Each thread takes the next
    segment not yet taken, so a slow one does not hold the other thread up. An in-memory
    database has only the one connection, and a caller inside a write transaction must see
    its own changes: both are evaluated on the caller's connection alone.
    """
    if len(picked) < 2 or ws.db.path is None or ws.db.conn.in_transaction:
        return [segment_store.segment_ids(ws.db, segment, day, where) for segment in picked]
    found: list[list[int]] = [[] for _ in picked]
    pending = iter(range(len(picked)))
    lock = threading.Lock()
    failed = threading.Event()

    def work(other: Workspace) -> None:
        while not failed.is_set():
            with lock:
                index = next(pending, None)
            if index is None:
                return
            try:
                found[index] = segment_store.segment_ids(other.db, picked[index], day, where)
            except BaseException:
                failed.set()  # the other thread stops after the segment it is on
                raise

    def helper() -> None:
        with ws.own_connection() as other:
            work(other)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="segments") as pool:
        helping = pool.submit(helper)
        try:
            work(ws)
        except BaseException:
            failed.set()
            raise
        helping.result()  # its error, if it had one, is the caller's
    return found


def account_names(ws: Workspace, ids: Sequence[int]) -> dict[int, str]:
    return segment_store.account_names(ws.db, ids)


def accounts_in_scope(ws: Workspace, scope: Scope | str | None) -> int:
    return segment_store.scope_account_count(ws.db, _scope(ws, scope)[1])


def accounts_for_ids(ws: Workspace, ids: Sequence[int]) -> dict[int, Account]:
    """The accounts behind one page of a queue, keyed by id (any number of ids)."""
    found: dict[int, Account] = {}
    for start in range(0, len(ids), _PAGE_CHUNK):
        found.update(accounts_by_ids(ws.db, ids[start : start + _PAGE_CHUNK]))
    return found

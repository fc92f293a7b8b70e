"""Every performance target of reviewtui in one run, printed as a Markdown table.

    /tmp/venv/bin/python tests/benchmarks/run_all.py [--accounts 100000] [--quick] [--out FILE]
        [--peers] [--retries 2]

`--quick` is a sanity check in about a minute (10,000 accounts, fewer samples); without it
the run takes a few minutes, most of it building the 100,000-account book (pass `--cache DIR`
to keep that book between runs). Needs tmux and the installed `reviewtui` command beside the
Python running this (an editable install is fine). Not collected by pytest.

What is measured, all in the same run so the reference figures share the machine's load:

- start-up in a real terminal: a tmux server of our own (`tmux -L bench-<pid>-<n>`) runs the
  program in a 120x40 pane and the screen is read every 5 ms until it shows the first screen;
  median of `--runs` starts after one warm-up, against `minimal_app.py` (a header, a footer,
  a 50-row DataTable and an Input) started the same way, in turn with it;
- key-to-screen latency: one character sent to the pane, the input's line read every 1 ms until
  it shows; median and p99 over `--keys` keys typed at a 30 ms cadence into the note input of
  the section, queues and data-health screens, against the same typing into the reference
  app's Input;
- with `--peers`, two well-known Textual apps, Harlequin and Posting (`peers.py`: installed
  once into a cached environment of their own), started in the same pane and typed into in the
  same rounds, for scale;
- every row records the 1-minute load average when it was measured, and how much its
  reference moved between the first and second half of its samples: a start-up or typing
  round whose reference swings more than 25% is measured again (`--retries`), since the
  machine's load changed under it;
- Enter to "✓ Note saved." on screen (tmux), to the status set (in-process, Pilot), and the
  service alone (`MeetingSession.add`, committed with synchronous=FULL);
- the segment queues: one row down until the account panel shows the next account (tmux and
  Pilot), opening the queues screen (Pilot), and the app's resident memory there;
- all built-in segments (as `bench_segments.py`) and the 200,000-row CSV import
  (`bench_import.py`, run as it is).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))

import bigbook  # noqa: E402
import minimal_app  # noqa: E402
import peers  # noqa: E402
from meeting_notes import add_note  # noqa: E402
from terminal import Terminal  # noqa: E402

WIDTH, HEIGHT = 120, 40
KEY_GAP = 0.030  # seconds between typed keys: a fast typist
START_MARKER = "reviewtui · account reviews"
QUEUES_MARKER = "Loading the queues"  # the account panel, until the queues are evaluated
PANEL = re.compile(r"^ (Account \d+)  · ", re.MULTILINE)
FRAME_BUDGET_MS = 33.0
# A measurement whose reference moved more than this between the first and the second half of
# its samples ran on a machine whose load changed under it: it is taken again (`--retries`).
SWING_LIMIT = 0.25


# -- numbers -------------------------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank: with 200 samples p99 is the 2nd largest."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def swing(values: Sequence[float]) -> float:
    """How far apart the medians of the first and the second half of `values` are, as a share
    of the smaller: 0.3 means one half ran 30% slower than the other."""
    half = len(values) // 2
    if half == 0:
        return 0.0
    first, second = statistics.median(values[:half]), statistics.median(values[half:])
    return abs(first - second) / max(min(first, second), 1e-9)


def steady(
    measure: Callable[[], dict[str, list[float]]], reference: str, what: str, retries: int
) -> tuple[dict[str, list[float]], str]:
    """`measure()` taken again (up to `retries` times) while the `reference` samples swing
    more than SWING_LIMIT between their halves; the steadiest try is kept. Returns it, and its
    swing as the table shows it (with the number of tries when more than one)."""
    tries: list[tuple[float, dict[str, list[float]]]] = []
    for attempt in range(retries + 1):
        found = measure()
        moved = swing(found[reference])
        tries.append((moved, found))
        if moved <= SWING_LIMIT:
            break
        if attempt < retries:
            log(f"  {what}: the reference swung {moved:.0%} between halves; measuring again")
    moved, found = min(tries, key=lambda t: t[0])
    label = f"{moved:.0%}" + (f" ({len(tries)} tries)" if len(tries) > 1 else "")
    return found, label


@dataclass
class Row:
    what: str
    figure: str
    reference: str = "–"
    ratio: str = "–"
    target: str = "–"
    passed: bool | None = None  # None: for information, no target
    # How much the reference's median moved between the first and second half of its samples
    # (and how many times the measurement was taken), and the 1-minute load average then.
    swing: str = "–"
    load: str = ""

    @property
    def verdict(self) -> str:
        return "–" if self.passed is None else "pass" if self.passed else "**FAIL**"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        row.load = row.load or load_average()
        self.rows.append(row)
        print(f"  {row.what}: {row.figure} (ref {row.reference}) {row.verdict}", file=sys.stderr)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- the programs --------------------------------------------------------------------------


def reviewtui_exe() -> str:
    exe = Path(sys.executable).parent / "reviewtui"
    if not exe.exists():
        raise SystemExit(f"{exe} is missing: install the project first (pip install -e .)")
    return str(exe)


def minimal_argv() -> list[str]:
    return [sys.executable, str(HERE / "minimal_app.py")]


def shows(term: Terminal, *texts: str) -> Callable[[], bool]:
    def check() -> bool:
        screen = term.screen()
        return all(t in screen for t in texts)

    return check


def panel_account(screen: str) -> str | None:
    match = PANEL.search(screen)
    return match.group(1) if match else None


def queues_drawn(term: Terminal) -> Callable[[], bool]:
    """The queues screen's first frame: its queues loading, or already shown (the queues of a
    meeting resumed on them are evaluated while the app starts)."""
    loading = shows(term, QUEUES_MARKER, "Type a note")

    def check() -> bool:
        return loading() or panel_account(term.screen()) is not None

    return check


def start_and_time(term: Terminal, argv: list[str], ready: Callable[[], bool], what: str) -> float:
    """Seconds from launching `argv` in the pane to `ready()`, polled every 5 ms."""
    term.stop()
    started = time.perf_counter()
    term.launch(argv)
    seen = term.wait(ready, what, timeout=60, every=0.005)
    return seen - started


# -- start-up ----------------------------------------------------------------------------------


def cold_starts(
    term: Terminal, cases: dict[str, tuple[list[str], Callable[[], bool]]], runs: int
) -> dict[str, list[float]]:
    """Start every case `runs` times, in turn (one warm-up round first, not counted)."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for round_number in range(runs + 1):
        for name, (argv, ready) in cases.items():
            spent = start_and_time(term, argv, ready, name)
            if round_number:
                times[name].append(spent)
            term.stop()
    return times


# -- typing --------------------------------------------------------------------------------


def words(count: int, seed: int = 11) -> list[str]:
    """Lowercase words of 12-24 letters, `count` letters in all (nothing an input reacts to)."""
    rng = random.Random(seed)
    out: list[str] = []
    left = count
    while left > 0:
        size = min(left, rng.randint(12, 24))
        out.append("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(size)))
        left -= size
    return out


def find_input(term: Terminal, clear: Sequence[str] = ("C-u",)) -> tuple[int, int]:
    """(row, column) where text typed into the focused input appears; `clear` are the keys
    that empty it."""
    probe = "qzxjq"
    term.send_text(probe)
    term.wait(shows(term, probe), "the probe text in the input", every=0.002)
    lines = term.capture()
    row = next(i for i, line in enumerate(lines) if probe in line)
    column = lines[row].index(probe)
    term.send_keys(*clear)
    term.wait(lambda: probe not in term.capture(row, row)[0], "the input to empty", every=0.002)
    return row, column


class Typist:
    """Types into the focused input of the program in one pane and times each key."""

    def __init__(self, term: Terminal, clear: Sequence[str] = ("C-u",)) -> None:
        self.term = term
        self.clear = tuple(clear)
        self.row, self.column = find_input(term, self.clear)
        self.latencies: list[float] = []

    def line(self) -> str:
        return self.term.capture(self.row, self.row)[0][self.column :]

    def word(self, word: str, gap: float = KEY_GAP) -> None:
        """Type `word` a key at a time (each: sent until the input's line shows it, polled
        every 1 ms), then empty the input (Ctrl+U, or the program's own keys; not timed)."""
        typed = ""
        for char in word:
            typed += char

            def arrived(want: str = typed) -> bool:
                return self.line()[: len(want)] == want

            started = time.perf_counter()
            self.term.send_text(char)
            seen = self.term.wait(arrived, f"{typed!r} in the input", every=0.001)
            self.latencies.append(seen - started)
            time.sleep(gap)
        self.term.send_keys(*self.clear)
        self.term.wait(lambda: not self.line().startswith(typed), "the input to empty", 10, 0.002)
        time.sleep(gap)


def type_in_turn(typists: Sequence[Typist], keys: int) -> None:
    """The same words into every input, a word each in turn, so that a change in the
    machine's load over the run falls on all of them alike."""
    for word in words(keys):
        for typist in typists:
            typist.word(word)


def enter_and_time(term: Terminal, notes: int) -> list[float]:
    """Enter on a typed note until the status line says it is saved. The status line is found
    on the first note (full-screen polls); after that only its row is read, as for keys."""
    row, column = find_input(term)
    status_row: int | None = None
    times: list[float] = []

    def saved() -> bool:
        if status_row is None:
            return "✓ Note saved." in term.screen()
        return "✓ Note saved." in term.capture(status_row, status_row)[0]

    for number in range(notes):
        text = f"bench note {number} zzq"
        term.send_text(text)

        def typed(text: str = text) -> bool:
            return term.capture(row, row)[0][column:].startswith(text) and not saved()

        term.wait(typed, "the note typed", every=0.002)
        time.sleep(KEY_GAP)
        started = time.perf_counter()
        term.send_keys("Enter")
        seen = term.wait(saved, "✓ Note saved.", every=0.001)
        times.append(seen - started)
        if status_row is None:
            status_row = next(i for i, line in enumerate(term.capture()) if "✓ Note saved." in line)
        time.sleep(0.1)
    return times


def queue_moves(term: Terminal, moves: int, gap: float = KEY_GAP) -> list[float]:
    """Down in the first queue until the account panel names the next account (only the
    panel's first row is read, every 1 ms, found once from the whole screen)."""
    times: list[float] = []
    lines = term.capture()
    panel_row = next(i for i, line in enumerate(lines) if PANEL.search(line))
    current = panel_account(lines[panel_row])
    for _ in range(moves):
        before = current
        started = time.perf_counter()
        term.send_keys("Down")

        def moved(before: str | None = before) -> bool:
            nonlocal current
            current = panel_account(term.capture(panel_row, panel_row)[0])
            return current is not None and current != before

        times.append(term.wait(moved, "the panel to show the next account", every=0.001) - started)
        time.sleep(gap)
    return times


# -- in-process (Pilot) ------------------------------------------------------------------------


async def pilot_enter(path: Path, meeting_id: int, notes: int) -> list[float]:
    """Enter posted to the app until the screen sets "✓ ... saved." (the writer has committed)."""
    from textual import events

    from reviewtui.app import ReviewApp
    from reviewtui.screens.section import SectionScreen
    from reviewtui.services.workspace import open_workspace
    from reviewtui.widgets.note_input import NoteInput

    ws = open_workspace(path)
    app = ReviewApp(ws, meeting_id=meeting_id)
    times: list[float] = []
    try:
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SectionScreen), screen
            note_input = screen.query_one(NoteInput)
            seen: dict[str, float | str] = {}
            composer = screen.composer
            show_status = composer.show_status

            def spy(text: str, error: bool = False) -> None:
                show_status(text, error)
                if text.startswith("✓"):
                    seen["saved"] = time.perf_counter()
                elif text.startswith("!"):
                    seen["error"] = text

            composer.show_status = spy  # type: ignore[method-assign]
            assert app._driver is not None
            for number in range(notes):
                note_input.value = f"pilot note {number} on pacing"
                await pilot.pause()
                seen.clear()
                started = time.perf_counter()
                app._driver.send_message(events.Key("enter", "\r"))
                deadline = started + 10
                while "saved" not in seen:
                    if "error" in seen or time.perf_counter() > deadline:
                        raise RuntimeError(f"the note was not saved: {seen.get('error')}")
                    await asyncio.sleep(0.0002)
                times.append(float(seen["saved"]) - started)
                await pilot.pause()
    finally:
        ws.close()
    return times


async def pilot_queues(
    path: Path, meeting_id: int, moves: int, opens: int
) -> dict[str, list[float]]:
    """One row down (key handled, panel updated, frame composed), and the screen opening."""
    from textual import events

    from reviewtui.app import ReviewApp
    from reviewtui.screens.queues import QueuesScreen
    from reviewtui.services.workspace import open_workspace
    from reviewtui.widgets.account_panel import AccountPanel

    ws = open_workspace(path)
    app = ReviewApp(ws, meeting_id=meeting_id)
    result: dict[str, list[float]] = {"move": [], "open": []}
    try:
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QueuesScreen), screen
            while not screen.loaded:  # the queues are evaluated in a thread
                await asyncio.sleep(0.001)
            await pilot.pause()
            panel = screen.query_one(AccountPanel)
            seen: list[float] = []
            show_view = panel.show_view

            def spy(view: object) -> None:
                show_view(view)  # type: ignore[arg-type]
                seen.append(time.perf_counter())

            panel.show_view = spy  # type: ignore[method-assign]
            assert app._driver is not None
            for _ in range(moves):
                seen.clear()
                started = time.perf_counter()
                app._driver.send_message(events.Key("down", None))
                while not seen:
                    await asyncio.sleep(0.0002)
                app.screen._on_timer_update()  # compose the frame now, as the next refresh would
                result["move"].append(time.perf_counter() - started)
                await asyncio.sleep(KEY_GAP)
            session = screen.session
            for _ in range(opens):
                app.pop_screen()
                await pilot.pause()
                started = time.perf_counter()
                fresh = QueuesScreen(session)
                await app.push_screen(fresh)  # resolves once the screen is mounted
                fresh._on_timer_update()
                while not fresh.loaded:
                    await asyncio.sleep(0.0002)
                fresh._on_timer_update()
                result["open"].append(time.perf_counter() - started)
                await pilot.pause()
    finally:
        ws.close()
    return result


def service_add(path: Path, notes: int) -> dict[str, list[float]]:
    """`MeetingSession.add` alone: with a new session per note (for comparison) and with one
    session kept, as the app's writer thread does; each is one committed transaction (WAL,
    synchronous=FULL)."""
    from reviewtui.services.meeting import MeetingSession, start_meeting
    from reviewtui.services.workspace import open_workspace

    ws = open_workspace(path)
    try:
        session = start_meeting(ws, "growth", series="Bench service")
        item = next(i for i in session.items if i.kind == "discussion")
        session.apply(session.clock.goto(item.id))
        fresh, kept = [], []
        for number in range(notes):
            started = time.perf_counter()
            add_note(MeetingSession(ws, session.id), f"service note {number}")
            fresh.append(time.perf_counter() - started)
        for number in range(notes):
            started = time.perf_counter()
            add_note(session, f"kept-session note {number}")
            kept.append(time.perf_counter() - started)
        return {"fresh": fresh, "kept": kept}
    finally:
        ws.close()


def segments(path: Path, runs: int) -> dict[str, object]:
    import bench_segments
    import pendulum

    from reviewtui.domain.clock import ManualClock
    from reviewtui.services.segments import evaluate_segments, load_segments
    from reviewtui.services.workspace import open_workspace

    defined, problems = load_segments(Path(tempfile.gettempdir()) / "no-such-config-dir")
    if problems:
        raise RuntimeError("; ".join(problems))
    ws = open_workspace(path, clock=ManualClock(pendulum.datetime(2026, 11, 26, 9, tz="UTC")))
    try:
        timings = []
        queues = []
        for _ in range(runs):
            started = time.perf_counter()
            queues = evaluate_segments(ws, as_of=bench_segments.AS_OF, segments=defined)
            timings.append(time.perf_counter() - started)
        four = []
        for _ in range(runs):
            started = time.perf_counter()
            evaluate_segments(
                ws,
                ["red", "renewal-120", "health-over-80", "goals-achieved"],
                as_of=bench_segments.AS_OF,
            )
            four.append(time.perf_counter() - started)
        return {
            "all": timings,
            "queues_section": four,
            "count": len(queues),
            "memberships": sum(q.count for q in queues),
        }
    finally:
        ws.close()


def health(path: Path, runs: int) -> tuple[float, int, int, int] | None:
    """bench_health.py on the book: (median seconds, flags, accounts, peak RSS in MB)."""
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_health.py"), str(path), "--runs", str(runs)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    match = re.search(
        r"health scan: (?P<wall>[\d.]+) s median .*?, (?P<flags>\d+) flags on (?P<accounts>\d+)"
        r" accounts, .*?peak RSS (?P<rss>\d+) MB",
        done.stdout,
    )
    if match is None:
        log(f"bench_health.py: exit {done.returncode}\n{done.stdout}{done.stderr}")
        return None
    return float(match["wall"]), int(match["flags"]), int(match["accounts"]), int(match["rss"])


def health_section(path: Path, runs: int) -> tuple[float, float, int] | None:
    """bench_health_section.py on the book: (first rows ms, flags ms, accounts)."""
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_health_section.py"), str(path), "--runs", str(runs)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    match = re.search(
        r"first rows (?P<first>\d+) ms median .*?, flags (?P<flags>\d+) ms, (?P<n>\d+) accounts",
        done.stdout,
    )
    if match is None:
        log(f"bench_health_section.py: exit {done.returncode}\n{done.stdout}{done.stderr}")
        return None
    return float(match["first"]), float(match["flags"]), int(match["n"])


@dataclass(frozen=True)
class ImportRun:
    label: str
    wall: float
    rss_mb: int
    code: int


def csv_import(rows: int) -> tuple[list[ImportRun], str]:
    """Run bench_import.py as it is and read its result lines; (runs, everything it said)."""
    script = HERE / "bench_import.py"
    if not script.exists():
        return [], "bench_import.py is not there"
    done = subprocess.run(
        [sys.executable, str(script), "--rows", str(rows)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    pattern = re.compile(
        r"^(?P<label>[^:\n]+): (?P<wall>[\d.]+) s wall .*?"
        r"peak RSS (?P<rss>\d+) MB, exit (?P<code>-?\d+)"
    )
    runs = [
        ImportRun(m["label"], float(m["wall"]), int(m["rss"]), int(m["code"]))
        for m in map(pattern.match, done.stdout.splitlines())
        if m is not None
    ]
    return runs, f"exit {done.returncode}\n{done.stdout}{done.stderr}"


# -- the run -------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import textual

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu or platform.processor() or "?",
        "python": platform.python_version(),
        "textual": textual.__version__,
        "tmux": tmux,
        "kernel": platform.release(),
        "load": load_average(),
    }


def load_average() -> str:
    """The 1-minute load average: other programs on the machine move every figure here."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def ratio_row(
    what: str, figure: float, reference: float, limit: float | None, moved: str = "–"
) -> Row:
    ratio = figure / reference
    return Row(
        what,
        ms(figure),
        ms(reference),
        f"{ratio:.2f}x",
        f"≤ {limit:.2f}x" if limit is not None else "–",
        ratio <= limit if limit is not None else None,
        swing=moved,
    )


def compile_package() -> None:
    """Compile reviewtui's modules to bytecode now, as installing a wheel does: an editable
    install left to itself (or run with PYTHONDONTWRITEBYTECODE) would compile them at every
    start, while the programs it is compared with start from compiled bytecode."""
    import compileall

    import reviewtui

    compileall.compile_dir(str(Path(reviewtui.__file__).parent), quiet=1)


def run(args: argparse.Namespace) -> Report:
    report = Report()
    exe = reviewtui_exe()
    compile_package()
    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as scratch:
        work = Path(scratch)
        cache = Path(args.cache) if args.cache else work / "cache"
        log(f"building the book: {args.accounts:,} accounts x 12 snapshots ...")
        book = bigbook.prepare(cache, work, args.accounts)
        built = (
            f"built in {book.build_seconds:.1f} s"
            if book.build_seconds is not None
            else "taken from the cache"
        )
        report.notes.append(f"Book: {args.accounts:,} accounts x 12 snapshots ({built}).")
        db = str(book.path)

        env = peers.scratch_home(work)  # nobody's own config, history or cache
        programs = peers.peers(peers.ensure(log), work) if args.peers else []
        ready_health = ("Type a note",)

        def health_ready(term_: Terminal) -> Callable[[], bool]:
            def check() -> bool:
                screen = term_.screen()
                return all(t in screen for t in ready_health) and "Checking the" not in screen

            return check

        with Terminal(work, WIDTH, HEIGHT, env=env) as term:
            # -- start-up ----------------------------------------------------------------
            log(f"start-up: {args.runs} runs each, after a warm-up ...")
            cases = {
                "minimal": (minimal_argv(), shows(term, minimal_app.MARKER, "Type here")),
                "start": ([exe, "--db", db], shows(term, START_MARKER, "Book-of-business review")),
                "resume": (
                    [exe, "--db", db, "resume", str(book.strategy_meeting)],
                    shows(term, bigbook.NOTES[-1], "Type a note"),
                ),
                # The queues screen is drawn (its columns loading) before its segments are
                # evaluated: timed to that first frame, and to the first account shown.
                "queues": (
                    [exe, "--db", db, "resume", str(book.queues_meeting)],
                    queues_drawn(term),
                ),
                "queues-filled": (
                    [exe, "--db", db, "resume", str(book.queues_meeting)],
                    lambda: panel_account(term.screen()) is not None,
                ),
            }
            for peer in programs:
                cases[peer.name] = (peer.argv, shows(term, *peer.markers))
            starts, moved = steady(
                lambda: cold_starts(term, cases, args.runs), "minimal", "start-up", args.retries
            )
            report.raw["starts"] = starts
            ref = statistics.median(starts["minimal"])
            for name, label, limit in (
                ("start", "Cold start to the start screen", 1.10),
                ("resume", "`resume` to the live section with its notes", 1.30),
                (
                    "queues",
                    f"`resume` into the queues section, 4 queues over {args.accounts:,},"
                    " to its first frame (the queues loading)",
                    None,
                ),
                (
                    "queues-filled",
                    f"`resume` into the queues section, 4 queues over {args.accounts:,},"
                    " until the panel shows the first account",
                    1.5,
                ),
            ):
                report.add(
                    ratio_row(
                        f"{label} (median of {args.runs})",
                        statistics.median(starts[name]),
                        ref,
                        limit,
                        moved,
                    )
                )
            for peer in programs:
                report.add(
                    ratio_row(
                        f"Peer: {peer.name} {peer.version}, start to its first screen"
                        f" (median of {args.runs})",
                        statistics.median(starts[peer.name]),
                        ref,
                        None,
                        moved,
                    )
                )

        # -- typing: the programs run side by side, each in a terminal of its own ----------
        log(f"typing {args.keys} keys into each input, in turn ...")
        typed = [
            ("minimal", minimal_argv(), lambda t: shows(t, minimal_app.MARKER, "Type here")),
            ("section", cases["resume"][0], lambda t: shows(t, bigbook.NOTES[-1], "Type a note")),
            (
                "queues",
                cases["queues-filled"][0],
                lambda t: lambda: panel_account(t.screen()) is not None,
            ),
            ("health", [exe, "--db", db, "resume", str(book.health_meeting)], health_ready),
            *((p.name, p.argv, lambda t, p=p: shows(t, *p.markers)) for p in programs),
        ]
        clears = {p.name: p.clear for p in programs}
        with contextlib.ExitStack() as stack:
            terms = {
                name: stack.enter_context(Terminal(work, WIDTH, HEIGHT, env=env))
                for name, _, _ in typed
            }
            for name, argv, _ in typed:
                terms[name].launch(argv)
            for name, _, ready in typed:
                terms[name].wait(ready(terms[name]), f"{name} to be ready", timeout=120)
            time.sleep(1.0)  # past the hold on keys typed while the app starts

            def typing() -> dict[str, list[float]]:
                typists = {
                    name: Typist(terms[name], clears.get(name, ("C-u",))) for name, _, _ in typed
                }
                type_in_turn(list(typists.values()), args.keys)
                return {name: typist.latencies for name, typist in typists.items()}

            latencies, keys_moved = steady(typing, "minimal", "typing", args.retries)
            _, ref_rss = terms["minimal"].rss_kib()
            log(f"Enter on {args.notes} notes ...")
            enters = enter_and_time(terms["section"], args.notes)
            log(f"{args.moves} moves down the first queue ...")
            moves = queue_moves(terms["queues"], args.moves)
            rss, hwm = terms["queues"].rss_kib()
        report.raw.update(keys=latencies, enters=enters, moves=moves)

        ref_keys = latencies["minimal"]
        ref_median, ref_p99 = statistics.median(ref_keys), pct(ref_keys, 99)
        on_screens = [
            ("section", f"the section, {args.accounts:,} accounts", 1.0),
            ("queues", "the queues screen", 1.0),
            ("health", "the data-health screen", 1.0),
        ]
        on_screens += [
            (p.name, f"peer: {p.name} {p.version}, its main input", None) for p in programs
        ]
        for name, where, limit in on_screens:
            values = latencies[name]
            report.add(
                ratio_row(
                    f"Key to screen, {where} (median of {len(values)})",
                    statistics.median(values),
                    ref_median,
                    limit,
                    keys_moved,
                )
            )
            p99 = pct(values, 99)
            budget = limit is not None
            report.add(
                Row(
                    f"Key to screen, {where} (p99)",
                    ms(p99),
                    ms(ref_p99),
                    f"{p99 / ref_p99:.2f}x",
                    f"< {FRAME_BUDGET_MS:.0f} ms" if budget else "–",
                    p99 * 1000 < FRAME_BUDGET_MS if budget else None,
                    swing=keys_moved,
                )
            )

        # -- Enter to saved ----------------------------------------------------------------
        log("service time of MeetingSession.add ...")
        service = service_add(book.path, args.service_notes)
        report.raw["service"] = service
        for key, label in (
            ("fresh", "a new session per note (for comparison)"),
            ("kept", "one session kept, as the app's writer does"),
        ):
            p95 = pct(service[key], 95)
            report.add(
                Row(
                    f"`MeetingSession.add` incl. durable commit, {label} (p95; median"
                    f" {ms(statistics.median(service[key]))})",
                    ms(p95),
                    target="< 5 ms" if key == "kept" else "–",
                    passed=p95 * 1000 < 5 if key == "kept" else None,
                )
            )
        log("Enter in Pilot ...")
        ui_enter = asyncio.run(pilot_enter(book.path, book.strategy_meeting, args.notes))
        report.raw["pilot_enter"] = ui_enter
        p95 = pct(ui_enter, 95)
        report.add(
            Row(
                f'Enter to "✓ Note saved." set, Pilot'
                f" (p95; median {ms(statistics.median(ui_enter))})",
                ms(p95),
                target="< 5 ms",
                passed=p95 * 1000 < 5,
            )
        )
        p95 = pct(enters, 95)
        report.add(
            Row(
                f'Enter to "✓ Note saved." on screen, tmux'
                f" (p95; median {ms(statistics.median(enters))})",
                ms(p95),
                f"{ms(pct(ref_keys, 95))} (key echo p95)",
                # The 5 ms target is for the save (rows above); on screen, a frame of the
                # terminal comes on top, which the reference's key echo shows.
            )
        )

        # -- queues --------------------------------------------------------------------------
        log("queues in Pilot ...")
        pq = asyncio.run(pilot_queues(book.path, book.queues_meeting, args.moves, args.opens))
        report.raw["pilot_queues"] = pq
        for label, values in (
            ("tmux, panel shows the next account", moves),
            ("Pilot, handled and composed", pq["move"]),
        ):
            p99 = pct(values, 99)
            report.add(
                Row(
                    f"Queue one row down, {label} (p99; median {ms(statistics.median(values))})",
                    ms(p99),
                    target=f"< {FRAME_BUDGET_MS:.0f} ms",
                    passed=p99 * 1000 < FRAME_BUDGET_MS,
                )
            )
        worst_open = max(pq["open"])
        report.add(
            Row(
                f"Queues screen opens, 4 queues, Pilot (max of {len(pq['open'])};"
                f" median {ms(statistics.median(pq['open']))}; until the queues are shown:"
                " the rows are paged, 100 at a time, so this is the first frame, the 4"
                " segments' evaluation and the frame that shows them)",
                ms(worst_open),
            )
        )
        report.add(
            Row(
                f"Memory (VmRSS) on the queues screen, {args.accounts:,} accounts"
                f" (peak {hwm / 1024:.0f} MB)",
                f"{rss / 1024:.0f} MB",
                f"{ref_rss / 1024:.0f} MB",
                f"{rss / ref_rss:.2f}x",
                "< 100 MB",
                rss / 1024 < 100,
            )
        )

        # -- segments and import -----------------------------------------------------------
        log("segments ...")
        seg = segments(book.path, args.segment_runs)
        report.raw["segments"] = seg
        median = statistics.median(seg["all"])  # type: ignore[arg-type]
        report.add(
            Row(
                f"All {seg['count']} built-in segments over {args.accounts:,} accounts"
                f" ({seg['memberships']:,} memberships, median of {args.segment_runs})",
                ms(median),
                target="< 300 ms",
                passed=median < 0.3,
            )
        )
        report.add(
            Row(
                "The queues section's 4 segments (median)",
                ms(statistics.median(seg["queues_section"])),  # type: ignore[arg-type]
            )
        )
        log("data-health scan (bench_health.py) ...")
        scanned = health(book.path, 3)
        if scanned is None:
            report.add(Row("Data-health scan", "did not run", passed=False))
        else:
            wall, flags, accounts, rss = scanned
            report.raw["health"] = {"wall": wall, "flags": flags, "accounts": accounts, "rss": rss}
            report.add(
                Row(
                    f"Data-health section's scan, {args.accounts:,} accounts ({flags:,} flags on"
                    f" {accounts:,} accounts, 200 explained; median of 3; peak RSS {rss} MB)",
                    f"{wall:.2f} s",
                )
            )
        log("data-and-health section opening (bench_health_section.py) ...")
        opened = health_section(book.path, 3)
        if opened is None:
            report.add(Row("Data-and-health section opening", "did not run", passed=False))
        else:
            first, flags_ms, shown = opened
            report.raw["health_section"] = {"first_rows_ms": first, "flags_ms": flags_ms}
            report.add(
                Row(
                    f"Data-and-health section over the whole book ({shown:,} accounts): first"
                    f" rows of its table (flags after {flags_ms / 1000:.1f} s; median of 3)",
                    f"{first:.0f} ms",
                    target="< 300 ms",
                    passed=first < 300,
                )
            )
    if args.import_rows:
        log(f"CSV import of {args.import_rows:,} rows (bench_import.py) ...")
        runs, output = csv_import(args.import_rows)
        report.raw["import"] = [asdict(r) for r in runs]
        if not runs:
            report.add(Row(f"Import {args.import_rows:,} CSV rows", "did not run", passed=False))
            report.notes.append("bench_import.py said:\n\n```\n" + output.strip() + "\n```")
        for one in runs:
            report.add(
                Row(
                    f"Import {args.import_rows:,} CSV rows, {one.label} (peak RSS {one.rss_mb} MB)",
                    f"{one.wall:.2f} s",
                    target="< 6 s, < 250 MB",
                    passed=one.code == 0 and one.wall < 6 and one.rss_mb < 250,
                )
            )
    return report


def markdown(report: Report, info: dict[str, str], args: argparse.Namespace) -> str:
    lines = [
        "## reviewtui performance",
        "",
        f"{info['date']} · {info['nproc']} CPUs ({info['cpu']}) · Python {info['python']}"
        f" · Textual {info['textual']} · {info['tmux']} · Linux {info['kernel']}"
        f" · {args.accounts:,} accounts{' · quick' if args.quick else ''}"
        f" · load average {info['load']} before, {load_average()} after",
        "",
        "| measure | figure | reference (same run) | ratio | target | result | reference"
        " swing | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in report.rows:
        lines.append(
            f"| {row.what} | {row.figure} | {row.reference} | {row.ratio} | {row.target}"
            f" | {row.verdict} | {row.swing} | {row.load} |"
        )
    lines.append("")
    lines.append(
        "Reference: `tests/benchmarks/minimal_app.py` (header, footer, 50-row DataTable, Input)"
        f" in the same {WIDTH}x{HEIGHT} tmux pane. Start-up: median of {args.runs} starts after"
        " a warm-up, screen read every 5 ms. Keys: one character per `send-keys -l`, the input"
        " line read every 1 ms through a tmux control client."
    )
    lines.append(
        "Reference swing: how far the reference's median moved between the first and the second"
        f" half of its samples; above {SWING_LIMIT:.0%} the measurement was taken again (up to"
        f" {args.retries} more times) and the steadiest try is shown. Load: the 1-minute load"
        " average when the row was measured."
    )
    lines.extend(report.notes)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, help="accounts in the book (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="a smaller, faster sanity run")
    parser.add_argument("--runs", type=int, help="starts per program (default 7)")
    parser.add_argument("--keys", type=int, help="keys typed into each input (default 200)")
    parser.add_argument("--cache", metavar="DIR", help="keep the generated book here")
    parser.add_argument("--import-rows", type=int, help="CSV rows to import; 0 skips it")
    parser.add_argument("--out", metavar="FILE", help="also write the table here")
    parser.add_argument("--json", metavar="FILE", help="write every raw sample here")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also start and type into Harlequin and Posting (installed once into"
        f" {peers.peers_dir()})",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=2,
        help=f"times a measurement is taken again when its reference swings more than"
        f" {SWING_LIMIT * 100:.0f}%% (default 2)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.accounts = args.accounts or (10_000 if quick else 100_000)
    args.runs = args.runs or (3 if quick else 7)
    args.keys = args.keys or (60 if quick else 200)
    args.notes = 10 if quick else 40
    args.service_notes = 20 if quick else 100
    args.moves = 40 if quick else 200
    args.opens = 3 if quick else 7
    args.segment_runs = 2 if quick else 5
    if args.import_rows is None:
        args.import_rows = 20_000 if quick else 200_000
    info = machine()
    started = time.perf_counter()
    report = run(args)
    table = markdown(report, info, args)
    log(f"done in {time.perf_counter() - started:.0f} s")
    print(table)
    if args.out:
        Path(args.out).write_text(table + "\n", encoding="utf-8")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": info, "rows": [asdict(r) for r in report.rows], **report.raw}),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where reviewtui's time goes: imports at start-up, and its main thread at work in a terminal.

    /tmp/venv/bin/python tests/benchmarks/profile_app.py imports [--top 25]
    /tmp/venv/bin/python tests/benchmarks/profile_app.py start|keys|queues [--accounts N]
        [--cache DIR] [--out DIR]
    /tmp/venv/bin/python tests/benchmarks/profile_app.py repaint [--steps 200] [--accounts N]

- `imports`: `python -X importtime` over a `reviewtui resume` start (the real command path,
  run headless until the first screen is up), summed by package, with the heaviest single
  imports and the reviewtui module that pulls each one in.
- `start`, `keys`, `queues` (need pyinstrument: `pip install pyinstrument`): the real app in
  a tmux pane of its own, under pyinstrument, while it starts up (SIGTERM once the first
  screen shows), while 200 keys are typed into the note input and 40 notes saved, or while
  the cursor moves 200 rows down a queue. Prints the functions with the most time of their
  own (idle waiting left out) and writes the full call tree to `--out`.

- `repaint`: what one row down a queue costs the renderer, counted rather than timed (the
  counts do not depend on the machine's speed or load): the app in process (Pilot, headless,
  120x40) under cProfile while the cursor moves `--steps` rows down the first queue, a frame
  composed after each move; prints, per move, the calls of the compositor and render functions,
  and the screen lines and cells each frame sends to the terminal, for moves that stay on the
  page and for moves that scroll.

The book is the one `run_all.py` uses (`bigbook.py`), 100,000 accounts unless told otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))
# Nothing of reviewtui, Textual or the other benchmarks is imported up here: `_headless`
# below must import exactly what the command does, in the same order.

# Frames that are the event loop waiting for something to do, not work.
IDLE = ("select", "poll", "epoll", "_run_once", "sleep", "wait")


# -- imports ---------------------------------------------------------------------------------


@dataclass
class Imported:
    name: str
    self_us: int
    cumulative_us: int
    depth: int
    parent: Imported | None = None


def parse_importtime(text: str) -> list[Imported]:
    rows: list[Imported] = []
    pattern = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$")
    for line in text.splitlines():
        match = pattern.match(line)
        if match:
            depth = len(match[3]) // 2
            rows.append(Imported(match[4], int(match[1]), int(match[2]), depth))
    # A module's imports are listed before it, one level deeper: the parent is the next row
    # below at a smaller depth.
    waiting: dict[int, list[Imported]] = defaultdict(list)
    for row in rows:
        for deeper in [d for d in waiting if d > row.depth]:
            for child in waiting.pop(deeper):
                child.parent = row
        waiting[row.depth].append(row)
    return rows


def importer_in_app(row: Imported) -> str:
    """The reviewtui module whose import brought `row` in (the nearest ancestor)."""
    node = row.parent
    while node is not None:
        if node.name.startswith("reviewtui"):
            return node.name
        node = node.parent
    return "(the command itself)"


def headless_start(db: str, meeting: str) -> None:
    """`reviewtui --db DB resume MEETING` as the command runs it, headless, until the first
    screen is up: the same modules are imported in the same order (but the terminal driver)."""
    from reviewtui import cli
    from reviewtui.commands import app as app_command

    def run_headless(args: argparse.Namespace, meeting_id: int | None = None) -> int:
        from reviewtui.app import ReviewApp
        from reviewtui.commands.common import workspace

        ws = workspace(args, create=True)
        app = ReviewApp(ws, meeting_id=meeting_id)

        async def first_screen(pilot: object) -> None:
            await pilot.pause()  # type: ignore[attr-defined]
            app.exit()

        try:
            app.run(headless=True, size=(120, 40), auto_pilot=first_screen)
        finally:
            ws.close()
        return 0

    app_command.run_app = run_headless
    cli.main(["--db", db, "resume", meeting])


def imports(args: argparse.Namespace) -> None:
    import bigbook

    with tempfile.TemporaryDirectory(prefix="reviewtui-prof-") as scratch:
        book = bigbook.prepare(Path(args.cache or scratch), Path(scratch), args.accounts)
        import compileall

        import reviewtui

        # From compiled bytecode, as an installed program starts (not compiling every module).
        compileall.compile_dir(str(Path(reviewtui.__file__).parent), quiet=1)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-X", "importtime", __file__, "_headless", str(book.path),
             str(book.strategy_meeting)],
            capture_output=True, text=True, check=False, env=env,
        )  # fmt: skip
        wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    rows = parse_importtime(done.stderr)
    total = sum(r.self_us for r in rows)
    bare = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"], capture_output=True, text=True
    )
    baseline = sum(r.self_us for r in parse_importtime(bare.stderr))
    print(
        f"`reviewtui resume` to its first screen, headless: {wall * 1000:.0f} ms wall;"
        f" {len(rows)} modules imported in {total / 1000:.0f} ms"
        f" (the interpreter's own start-up imports: {baseline / 1000:.0f} ms)\n"
    )
    by_package: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        root = row.name.split(".")[0]
        by_package[root] += row.self_us
        counts[root] += 1
    print("| package | import time (self, summed) | modules |\n|---|---|---|")
    for root, spent in sorted(by_package.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"| {root} | {spent / 1000:.1f} ms | {counts[root]} |")
    print("\nHeaviest imports outside reviewtui (cumulative), and the reviewtui module that"
          " imports them first:\n")  # fmt: skip
    print("| module | cumulative | imported first by |\n|---|---|---|")
    outside = [
        r
        for r in rows
        if not r.name.startswith("reviewtui")
        and (r.parent is None or r.parent.name.startswith("reviewtui") or r.parent.depth == 0)
    ]
    for row in sorted(outside, key=lambda r: -r.cumulative_us)[: args.top]:
        print(f"| {row.name} | {row.cumulative_us / 1000:.1f} ms | {importer_in_app(row)} |")
    print("\nreviewtui modules by cumulative import time:\n")
    print("| module | cumulative | self |\n|---|---|---|")
    own = [r for r in rows if r.name.startswith("reviewtui")]
    for row in sorted(own, key=lambda r: -r.cumulative_us)[: args.top]:
        print(f"| {row.name} | {row.cumulative_us / 1000:.1f} ms | {row.self_us / 1000:.1f} ms |")


# -- the app under pyinstrument, in a real terminal -----------------------------------------------


def profiled(out: str, argv: list[str]) -> int:
    """Run the reviewtui command under pyinstrument; write the session to `out` on exit."""
    from pyinstrument import Profiler

    from reviewtui import cli

    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    try:
        return cli.main(argv)
    finally:
        profiler.stop()
        profiler.last_session.save(out)  # type: ignore[union-attr]


def report(session_file: Path, out: Path | None, label: str, per: int, top: int) -> None:
    from pyinstrument.renderers import ConsoleRenderer
    from pyinstrument.session import Session

    session = Session.load(str(session_file))
    tree = ConsoleRenderer(unicode=True, color=False, show_all=False).render(session)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{label}.txt").write_text(tree, encoding="utf-8")
        session.save(str(out / f"{label}.pyisession"))  # for `pyinstrument --load`
    flat = ConsoleRenderer(unicode=True, color=False, flat=True).render(session)
    busy = []
    idle = 0.0
    pattern = re.compile(r"^\s*([\d.]+)\s+(\S+)\s+(.*)$")
    for line in flat.splitlines():
        match = pattern.match(line)
        if not match:
            continue
        seconds, function, where = float(match[1]), match[2], match[3]
        if function.split(".")[-1] in IDLE or function.startswith("[await]"):
            idle += seconds
            continue
        busy.append((seconds, function, where))
    work = sum(s for s, _, _ in busy) or 1e-9
    print(
        f"{label}: main thread {session.duration:.2f} s under the profiler, {work:.2f} s of it"
        f" at work, {idle:.2f} s waiting"
        + (f", over {per} steps" if per else "")
        + ". The profiler slows calls down several times over: read the shares, not the times."
    )
    print("\n| share of the work | own time (profiled) | function | where |\n|---|---|---|---|")
    for seconds, function, where in busy[:top]:
        print(f"| {seconds / work:.1%} | {seconds * 1000:.0f} ms | `{function}` | {where} |")
    if out is not None:
        print(f"\nfull call tree: {out / (label + '.txt')}")


def session_in_terminal(args: argparse.Namespace) -> None:
    import bigbook
    import run_all
    from terminal import Terminal

    with tempfile.TemporaryDirectory(prefix="reviewtui-prof-") as scratch:
        work = Path(scratch)
        book = bigbook.prepare(Path(args.cache) if args.cache else work, work, args.accounts)
        session_file = work / "profile.pyisession"
        meeting = book.queues_meeting if args.mode == "queues" else book.strategy_meeting
        argv = [sys.executable, __file__, "_profiled", str(session_file), "--",
                "--db", str(book.path), "resume", str(meeting)]  # fmt: skip
        steps = 0
        with Terminal(work, run_all.WIDTH, run_all.HEIGHT) as term:
            term.launch(argv)
            if args.mode == "queues":
                ready = lambda: run_all.panel_account(term.screen()) is not None  # noqa: E731
            else:
                ready = run_all.shows(term, bigbook.NOTES[-1], "Type a note")
            term.wait(ready, "the first screen", timeout=120)
            if args.mode == "keys":
                time.sleep(1.0)
                typist = run_all.Typist(term)
                for word in run_all.words(args.steps):
                    typist.word(word)
                notes = run_all.enter_and_time(term, 40)
                steps = len(typist.latencies)
                print(f"(also saved {len(notes)} notes)")
            elif args.mode == "queues":
                time.sleep(1.0)
                steps = len(run_all.queue_moves(term, args.steps))
            pid = term.pane_pid()
            subprocess.run(["kill", "-TERM", str(pid)], check=False)
            term.wait(term.pane_dead, "the app to exit", timeout=60)
        report(session_file, Path(args.out) if args.out else None, args.mode, steps, args.top)


# What `repaint` counts, per move: (label, module path suffix, function name).
RENDER_FUNCTIONS = (
    ("frames composed: Compositor.render_update", "_compositor.py", "render_update"),
    ("  full-screen frames: render_full_update", "_compositor.py", "render_full_update"),
    ("layout: Compositor.reflow", "_compositor.py", "reflow"),
    ("layout: Screen._refresh_layout", "screen.py", "_refresh_layout"),
    ("widgets rendered: Widget.render_lines", "widget.py", "render_lines"),
    ("lines rendered: StylesCache.render_line", "_styles_cache.py", "render_line"),
    ("  queue rows: QueueColumn.render_line", "queue_column.py", "render_line"),
    ("  queue rows painted: QueueColumn._render_row", "queue_column.py", "_render_row"),
    ("  panel: AccountPanel.render_line", "account_panel.py", "render_line"),
    ("  Static content rendered: Widget._render_content", "widget.py", "_render_content"),
    ("  scrollbars rendered: ScrollBar.render", "scrollbar.py", "render"),
)


async def _repaint_moves(
    path: Path, meeting_id: int, steps: int, dump: str | None = None
) -> dict[str, object]:
    import asyncio
    import cProfile
    import pstats

    from textual.app import App
    from textual.events import Key

    from reviewtui.app import ReviewApp
    from reviewtui.screens.queues import QueuesScreen
    from reviewtui.services.workspace import open_workspace

    frames: list[tuple[str, int, int]] = []  # (kind, lines, cells) per frame shown
    display = App._display

    def spy(self: App, screen: object, update: object) -> None:
        spans = getattr(update, "spans", None)
        if spans is not None:
            frames.append(
                ("partial", len({y for y, _, _ in spans}), sum(b - a for _, a, b in spans))
            )
        elif update is not None:
            size = self.size
            frames.append(("full", size.height, size.width * size.height))
        display(self, screen, update)  # type: ignore[arg-type]

    App._display = spy  # type: ignore[method-assign]
    ws = open_workspace(path)
    app = ReviewApp(ws, meeting_id=meeting_id)
    result: dict[str, object] = {}
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QueuesScreen), screen
            while not screen.loaded:  # the queues are evaluated in a thread
                await asyncio.sleep(0.001)
            await pilot.pause()
            column = screen.queue_columns[screen.active_queue]
            height = column.scrollable_content_region.height
            assert app._driver is not None
            per_move: list[tuple[bool, list[tuple[str, int, int]]]] = []
            profiler = cProfile.Profile()
            for _ in range(steps):
                before = column.scroll_offset.y
                frames.clear()
                profiler.enable()
                app._driver.send_message(Key("down", None))
                await pilot.pause()
                screen._on_timer_update()  # the frame, as the next refresh would compose it
                profiler.disable()
                per_move.append((column.scroll_offset.y != before, list(frames)))
            # The same moves again without the profiler: CPU time of the whole process per
            # move (key handled, panel read from the database, frame composed).
            cpu: list[float] = []
            for _ in range(steps):
                started = time.process_time()
                app._driver.send_message(Key("down", None))
                await pilot.pause()
                screen._on_timer_update()
                cpu.append(time.process_time() - started)
            result["cpu"] = cpu
            if dump:
                profiler.dump_stats(dump)
            stats = pstats.Stats(profiler)
            counts: dict[str, int] = {}
            for label, where, name in RENDER_FUNCTIONS:
                counts[label] = sum(
                    calls
                    for (file, _line, function), (calls, *_rest) in stats.stats.items()  # type: ignore[attr-defined]
                    if function == name and file.endswith(where)
                )
            result.update(counts=counts, moves=per_move, page=height)
    finally:
        App._display = display  # type: ignore[method-assign]
        ws.close()
    return result


def repaint(args: argparse.Namespace) -> None:
    import asyncio

    import bigbook

    with tempfile.TemporaryDirectory(prefix="reviewtui-prof-") as scratch:
        work = Path(scratch)
        book = bigbook.prepare(Path(args.cache) if args.cache else work, work, args.accounts)
        dump = str(Path(args.out) / "repaint.prof") if args.out else None
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
        found = asyncio.run(_repaint_moves(book.path, book.queues_meeting, args.steps, dump))
    moves = found["moves"]
    counts = found["counts"]
    assert isinstance(moves, list) and isinstance(counts, dict)
    steps = len(moves)
    scrolled = [frames for moved, frames in moves if moved]
    stayed = [frames for moved, frames in moves if not moved]
    print(
        f"{steps} moves down the first queue over {args.accounts:,} accounts, 120x40"
        f" ({len(stayed)} within the page, {len(scrolled)} scrolling it by a row)\n"
    )
    print("| per move (mean) | calls |\n|---|---|")
    for label, value in counts.items():
        print(f"| {label} | {value / steps:.1f} |")

    def frame_stats(group: list[list[tuple[str, int, int]]], what: str) -> None:
        if not group:
            return
        full = sum(1 for frames in group for kind, _, _ in frames if kind == "full")
        lines = sum(n for frames in group for _, n, _ in frames) / len(group)
        cells = sum(c for frames in group for _, _, c in frames) / len(group)
        print(f"| {what} | {len(group)} | {lines:.1f} | {cells:.0f} | {full} |")

    print("\n| moves | count | screen lines sent | cells sent | full-screen frames |")
    print("|---|---|---|---|---|")
    frame_stats(stayed, "within the page")
    frame_stats(scrolled, "scrolling")
    cpu = found["cpu"]
    assert isinstance(cpu, list)
    ordered = sorted(cpu)
    print(
        f"\nCPU time per move, without the profiler (process time; the machine's load moves it"
        f" less than wall time): median {ordered[len(ordered) // 2] * 1000:.1f} ms,"
        f" p90 {ordered[int(len(ordered) * 0.9)] * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
    )
    if args.out:
        print(f"cProfile of the moves: {Path(args.out) / 'repaint.prof'}")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "_headless":
        headless_start(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "_profiled":
        return profiled(sys.argv[2], sys.argv[4:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["imports", "start", "keys", "queues", "repaint"])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=200, help="keys typed or rows moved")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cache", metavar="DIR", help="where the generated book is kept")
    parser.add_argument("--out", metavar="DIR", help="write the full call tree here")
    args = parser.parse_args()
    if args.mode == "imports":
        imports(args)
    elif args.mode == "repaint":
        repaint(args)
    else:
        session_in_terminal(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

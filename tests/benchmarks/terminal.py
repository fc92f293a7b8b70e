"""A real terminal for timing: one tmux server of our own, driven through a control-mode client.

Every `tmux` command in the e2e helpers is a fork and exec of the tmux client (a few ms each),
which is more than the latencies measured here. So the bench starts its own server
(`tmux -L bench-<pid>-<n>`) and keeps one control-mode client (`tmux -C`) attached: a command
is one line written to its stdin and its reply is read back between `%begin` and `%end`, a
round trip of well under a millisecond. Output notifications are switched off so the replies
are all it says. `close()` kills the server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

TARGET = "bench"
# Variables of the caller's terminal that must not reach the programs in the pane. Without
# PYTHONDONTWRITEBYTECODE the programs run as installed ones do: from compiled bytecode, not
# compiling their modules at every start (the reference's Textual was compiled when installed).
_SCRUBBED = (
    "TMUX",
    "TMUX_PANE",
    "NO_COLOR",
    "FORCE_COLOR",
    "COLORTERM",
    "REVIEWTUI_DB",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPYCACHEPREFIX",
)
_counter = 0


class TmuxError(RuntimeError):
    pass


def quote(arg: str) -> str:
    """One argument for tmux's command parser: single quotes, with ' spelled '\\''."""
    return "'" + arg.replace("'", "'\\''") + "'"


class Terminal:
    """One tmux session of a fixed size whose pane runs the program being timed."""

    def __init__(
        self,
        workdir: Path,
        width: int = 120,
        height: int = 40,
        term: str = "xterm-256color",
        env: Mapping[str, str] | None = None,
    ) -> None:
        global _counter
        _counter += 1
        exe = shutil.which("tmux")
        if exe is None:
            raise TmuxError("tmux is not installed")
        self.exe = exe
        self.socket = f"bench-{os.getpid()}-{_counter}"
        self.width, self.height = width, height
        self.env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
        self.env.update(env or {})
        self.env["TERM"] = term
        config = workdir / f"{self.socket}.conf"
        config.write_text(
            "set -g status off\n"
            f'set -g default-terminal "{term}"\n'
            "set -g remain-on-exit on\n"
            "set -g history-limit 100\n"
            "set -g escape-time 10\n",
            encoding="utf-8",
        )
        # The session starts on an idle shell-less placeholder; `launch` respawns the pane.
        self._run(
            "-f", str(config), "new-session", "-d", "-s", TARGET,
            "-x", str(width), "-y", str(height), "--", "sleep", "100000",
        )  # fmt: skip
        self._client = subprocess.Popen(
            [self.exe, "-L", self.socket, "-C", "attach-session", "-t", TARGET],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self.env,
        )
        try:
            self._sync()
            self.command("refresh-client -f no-output,ignore-size")
        except BaseException:
            self.close()
            raise

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            [self.exe, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )
        if done.returncode != 0:
            raise TmuxError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    # -- the control client --------------------------------------------------------------

    def _send(self, line: str) -> None:
        assert self._client.stdin is not None
        self._client.stdin.write(line.encode() + b"\n")
        self._client.stdin.flush()

    def _reply(self) -> tuple[bool, list[str], str]:
        """The next reply block: (ok, its lines, its flags); notifications are skipped.

        Flags are "1" for a command sent on stdin and "0" for the attach given on the
        command line.
        """
        assert self._client.stdout is not None
        out: list[str] = []
        inside: str | None = None
        while True:
            raw = self._client.stdout.readline()
            if not raw:
                raise TmuxError("the tmux control client went away")
            text = raw.decode("utf-8", "replace").rstrip("\n")
            if inside is None:
                if text.startswith("%begin "):
                    inside = text.split(" ", 2)[2]  # "<number> <flags>" names the block
                continue  # a notification between replies
            if text.startswith(("%end ", "%error ")) and text.split(" ", 2)[2] == inside:
                return text.startswith("%end"), out, inside.rsplit(" ", 1)[-1]
            out.append(text)

    def _sync(self) -> None:
        """Wait for the attach to be done: its reply can come before or after that of a
        command sent at once on stdin, and commands run before it have no client."""
        token = f"sync-{time.monotonic_ns()}"
        self._send(f"display-message -p {token}")
        attached = answered = False
        while not (attached and answered):
            ok, out, flags = self._reply()
            if flags == "0":
                if not ok:
                    raise TmuxError(f"cannot attach to the bench session: {' '.join(out)}")
                attached = True
            elif out == [token]:
                answered = True

    def command(self, line: str) -> list[str]:
        """Run one tmux command line through the control client; its output lines."""
        self._send(line)
        ok, out, _ = self._reply()
        if not ok:
            raise TmuxError(f"{line!r}: {' '.join(out)}")
        return out

    def capture(self, first: int = 0, last: int | None = None) -> list[str]:
        """The pane's visible lines `first`..`last` (inclusive), as plain text."""
        last = self.height - 1 if last is None else last
        return self.command(f"capture-pane -p -t {TARGET} -S {first} -E {last}")

    def screen(self) -> str:
        return "\n".join(self.capture())

    def send_text(self, text: str) -> None:
        self.command(f"send-keys -t {TARGET} -l -- {quote(text)}")

    def send_keys(self, *keys: str) -> None:
        self.command(f"send-keys -t {TARGET} " + " ".join(quote(k) for k in keys))

    # -- the program in the pane -----------------------------------------------------------

    def launch(self, argv: Sequence[str], cwd: Path | None = None) -> None:
        """Replace whatever runs in the pane with `argv`, on a wiped screen."""
        self.command(f"send-keys -R -t {TARGET}")
        self.command(f"clear-history -t {TARGET}")
        where = f"-c {quote(str(cwd))} " if cwd else ""
        self.command(f"respawn-pane -k {where}-t {TARGET} -- " + " ".join(quote(a) for a in argv))

    def pane_pid(self) -> int:
        return int(self.command(f"display-message -p -t {TARGET} '#{{pane_pid}}'")[0])

    def pane_dead(self) -> bool:
        return self.command(f"display-message -p -t {TARGET} '#{{pane_dead}}'")[0] == "1"

    def stop(self, timeout: float = 10.0) -> None:
        """End the program in the pane (SIGTERM, then SIGKILL) and wait until it has gone."""
        if self.pane_dead():
            return
        pid = self.pane_pid()
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while not self.pane_dead():
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                deadline = time.monotonic() + timeout
            time.sleep(0.01)

    def wait(
        self,
        check: Callable[[], bool],
        what: str,
        timeout: float = 30.0,
        every: float = 0.005,
    ) -> float:
        """Poll `check` every `every` seconds until true; the perf_counter time it was seen.

        Whether the program has died is asked only every quarter second, to keep each poll to
        one round trip.
        """
        start = time.perf_counter()
        deadline = start + timeout
        next_health = start + 0.25
        while True:
            if check():
                return time.perf_counter()
            now = time.perf_counter()
            if now > deadline:
                raise TmuxError(f"timed out after {timeout}s waiting for {what}:\n{self.screen()}")
            if now > next_health:
                next_health = now + 0.25
                if self.pane_dead():
                    raise TmuxError(
                        f"the program exited while waiting for {what}:\n{self.screen()}"
                    )
            time.sleep(every)

    def rss_kib(self) -> tuple[int, int]:
        """(VmRSS, VmHWM) of the program in the pane, in KiB."""
        fields = {}
        for line in Path(f"/proc/{self.pane_pid()}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

    def close(self) -> None:
        # End the program first, and wait for it: a program that outlives its terminal would
        # go on running (and loading the machine) after the benchmark has finished.
        with contextlib.suppress(TmuxError, OSError, IndexError, ValueError):
            self.stop(timeout=5)
        try:
            if self._client.stdin is not None:
                self._client.stdin.close()
            self._client.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._client.kill()
        subprocess.run(
            [self.exe, "-L", self.socket, "kill-server"], capture_output=True, env=self.env
        )
        # The server removes its socket; keep the directory tidy if it could not.
        Path(f"/tmp/tmux-{os.getuid()}/{self.socket}").unlink(missing_ok=True)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

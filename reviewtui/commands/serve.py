"""`reviewtui serve`: the same app in a web browser (textual-serve), for a facilitator with
no terminal. Each browser tab runs its own copy of the app on the same database."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from typing import Any

from reviewtui.commands.common import database, fail, workspace
from reviewtui.services.database_location import DatabaseLocation

DEFAULT_PORT = 8000
LOOPBACK = "127.0.0.1"
INSTALL_HINT = (
    "serving in a browser needs the textual-serve package: install reviewtui with its"
    " serve extra (pip install 'reviewtui[serve]', or pipx inject reviewtui textual-serve)"
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "serve",
        parents=[common],
        help="run the app in a web browser (no terminal needed)",
        description=(
            "Serve the app to a web browser: every browser tab that opens the address runs the"
            " app on the database, as `reviewtui` would in a terminal. Listens on this machine"
            f" only ({LOOPBACK}) unless --host names another address, which also needs"
            " --allow-remote: there is no login, so anyone who reaches the port can read and"
            " change the whole database. From another machine, reach it through SSH:"
            f" ssh -L {DEFAULT_PORT}:localhost:{DEFAULT_PORT} HOST, then open"
            f" http://localhost:{DEFAULT_PORT}."
        ),
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"the TCP port to listen on (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--host",
        default=LOOPBACK,
        metavar="ADDR",
        help=f"the address to listen on (default {LOOPBACK}, this machine only)",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="listen on an address other machines can reach (no login: they get everything)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not http://HOST:PORT (a tunnel, a proxy)",
    )
    parser.set_defaults(func=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host` (localhost, 127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to an outside address


def remote_warning(host: str, port: int) -> str:
    return (
        f"warning: serving on {host}:{port}, which other machines may reach; there is no login,"
        " so anyone who reaches this port gets the whole database (every meeting, note and"
        " account) and can change it. Prefer the default and an SSH tunnel."
    )


def public_url(host: str, port: int, given: str | None) -> str:
    if given:
        return given.rstrip("/")
    shown = host
    if host in ("0.0.0.0", "::", ""):
        shown = socket.gethostname()  # a browser cannot open the wildcard address
    elif ":" in host and not host.startswith("["):
        shown = f"[{host}]"
    return f"http://{shown}:{port}"


def port_problem(host: str, port: int) -> str:
    """Why the server could not listen on host:port (in use, no such address), or ""; asked
    before anything is served, so a second `reviewtui serve` says so in one line at once."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        return str(error.strerror or error)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            return str(error.strerror or error)
    return ""


def app_command(db: DatabaseLocation, theme: str | None) -> str:
    """The command each browser tab runs (through a shell, which `exec` replaces): this
    Python, this package, this database."""
    parts = [shlex.quote(part) for part in (sys.executable, "-m", "reviewtui", "--db")]
    parts.append(db.command_arg)
    if theme:
        parts += ["--theme", shlex.quote(theme)]
    return "exec " + " ".join([*parts, "ui"])


def run(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import one_line
    from reviewtui.store.db import MEETING_TABLES

    args.host = args.host.strip().strip("[]")  # [::1] as in a URL, or ::1
    if not is_loopback(args.host) and not args.allow_remote:
        fail(
            f"--host {args.host}: other machines may reach it, and there is no login, so"
            " anyone who reaches the port would get the whole database; add --allow-remote"
            " to serve there anyway, or keep the default and use an SSH tunnel"
        )
    try:
        import textual_serve.server  # noqa: F401
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] in ("textual_serve", "aiohttp", "jinja2"):
            fail(INSTALL_HINT)
        raise
    problem = port_problem(args.host, args.port)
    if problem:
        fail(f"cannot listen on {args.host}:{args.port}: {problem}")
    # The database is checked (and made, the first time) here, not in a browser tab.
    workspace(args, create=True, check=MEETING_TABLES).close()
    db = database(args).absolute()
    if not is_loopback(args.host):
        print(f"reviewtui: {one_line(remote_warning(args.host, args.port))}", file=sys.stderr)
    url = public_url(args.host, args.port, args.public_url)
    server = make_server(
        app_command(db, getattr(args, "theme", None)),
        host=args.host,
        port=args.port,
        public_url=url,
        banner=[
            f"Serving reviewtui on {one_line(url)} (database {one_line(str(db))})",
            "Each browser tab runs the app; Ctrl+C stops serving.",
        ],
    )
    sys.unraisablehook = _quiet_after_the_loop(sys.unraisablehook)
    try:
        server.serve()
    except OSError as error:
        fail(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    return 0


def _quiet_after_the_loop(default: Any) -> Any:
    """asyncio's pipes to a tab's app, collected after the server's loop has closed, complain
    that it is closed; nothing is lost (the app has quit), so that is not shown."""

    def hook(unraisable: Any) -> None:
        error = unraisable.exc_value
        if isinstance(error, RuntimeError) and str(error) == "Event loop is closed":
            return
        default(unraisable)

    return hook


def make_server(command: str, *, host: str, port: int, public_url: str, banner: list[str]) -> Any:
    """textual-serve's server, saying in plain lines what it serves, logging without colours
    or tracebacks full of local variables, and stopping every tab's app (which saves its work
    and quits) when it is stopped, instead of waiting for the browsers to go away."""
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve import server as textual_server

    running: set[Any] = set()

    class TrackedAppService(textual_server.AppService):
        async def start(self, width: int, height: int) -> None:
            running.add(self)
            await super().start(width, height)

        async def stop(self) -> None:
            try:
                await super().stop()
                process = getattr(self, "_process", None)
                if process is not None and process.returncode is None:
                    # reaped before the server's loop closes: no warning about a lost child
                    await asyncio.wait_for(process.wait(), 20)
            finally:
                running.discard(self)

    class ReviewServer(textual_server.Server):
        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING, format="reviewtui serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            for line in banner:
                print(line, flush=True)

        async def on_shutdown(self, app: web.Application) -> None:
            if running:
                stops = [service.stop() for service in list(running)]
                await asyncio.wait_for(asyncio.gather(*stops, return_exceptions=True), 20)

    # handle_websocket makes each tab's AppService by this module-level name.
    setattr(textual_server, "AppService", TrackedAppService)  # noqa: B010
    return ReviewServer(command, host=host, port=port, title="reviewtui", public_url=public_url)

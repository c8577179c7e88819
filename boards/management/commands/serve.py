"""Serve the app with its background worker beside it, as `make run` does.

Ctrl+C (or SIGTERM) stops both and exits cleanly. Each child runs in a process group of its own,
so that a Ctrl+C is not sent to it straight from the terminal (half-started, it would print a
traceback): this command stops it.
"""

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.files import where_files_live

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Serve the app with a background worker beside it; Ctrl+C stops both."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="host:port (127.0.0.1:8000)"
        )
        parser.add_argument(
            "--demo", action="store_true", help="Load the demo partnership before serving."
        )

    def handle(self, *, addrport, demo, **options):
        host, port = _host_and_port(addrport)
        _check_port_free(host, port)
        if demo:
            call_command("load_demo", stdout=self.stdout)
        self.stdout.write(f"Database: {database_location()}")
        self.stdout.write(f"Uploaded files: {where_files_live()}")
        self.stdout.write("To start again from a fresh demo: make reset-demo")
        self.stdout.write(
            f"Serving on http://{host}:{port}/ with a background worker (Ctrl+C stops both)."
        )
        self.stdout.flush()

        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        commands = {
            "background worker": [*manage, "db_worker", "--queue-name", "*"],
            "web server": [*manage, "runserver", f"{host}:{port}"],
        }
        received = []
        # Noted, not acted on in the handler: the loop below stops the children, once.
        for signum in STOP_SIGNALS:
            signal.signal(signum, lambda signum, frame: received.append(signum))
        with _ctrl_c_comes_here():
            children = {
                name: subprocess.Popen(command, stdin=subprocess.DEVNULL, process_group=0)
                for name, command in commands.items()
            }
            try:
                while not received and all(c.poll() is None for c in children.values()):
                    time.sleep(0.1)
            finally:
                _stop(children.values())
        if not received:
            name, child = next((n, c) for n, c in children.items() if c.returncode is not None)
            raise CommandError(f"The {name} stopped (exit status {child.returncode}).")


def _host_and_port(addrport: str) -> tuple[str, int]:
    host, _, port = addrport.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"{addrport!r} is not a host and port, such as 127.0.0.1:8000.")
    return host, int(port)


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            pass
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                f"Port {port} on {host} is in use already (another `make run`?). "
                f"Choose another port, for example: PORT={port + 1 if port < 65535 else 8001} "
                "make run"
            ) from None
        raise CommandError(f"Cannot serve on {host}:{port}: {error.strerror}.") from None


def database_location() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return str(db["NAME"])
    return f"{db['NAME']} on {db['HOST'] or 'localhost'} ({connection.display_name})"


def _stop(children) -> None:
    """SIGTERM to each child (Django's reloader then stops the process it runs), and after a
    grace period the kill to whatever is left of its group."""
    children = list(children)
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()


@contextmanager
def _ctrl_c_comes_here():
    """Take the terminal's Ctrl+C for this process alone while it serves.

    Started by make, this process is in make's process group, which a terminal signals on Ctrl+C:
    make would die of it too and report failure whatever happened here. In a group of its own in
    the terminal's foreground, the Ctrl+C comes here only, and make sees a clean exit.
    """
    terminal = sys.stdin.fileno() if sys.stdin is not None and sys.stdin.isatty() else None
    if terminal is None or os.tcgetpgrp(terminal) != os.getpgrp():
        yield  # no terminal, or started in the background: signals come as they are sent
        return
    previous = os.getpgrp()
    try:
        os.setpgid(0, 0)
    except OSError:
        yield  # a session leader already: no make to protect
        return
    # Taking and handing back the terminal from a background group needs SIGTTOU ignored. Ctrl+Z
    # would stop this process alone while make waits on it, leaving the terminal stuck: ignored.
    handlers = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGTTOU, signal.SIGTSTP)}
    os.tcsetpgrp(terminal, os.getpgrp())
    try:
        yield
    finally:
        with suppress(OSError):
            os.tcsetpgrp(terminal, previous)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

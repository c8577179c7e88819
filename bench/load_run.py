"""Load run: 20 simulated users for 60 seconds against gunicorn, on 127.0.0.1 only.

Readers open pages, owners write updates to their actions from "My actions", and secretaries
autosave minutes. Afterwards every write the server acknowledged is looked for in the database.

Prints `load_requests`, `load_errors`, `load_lost_writes` (acknowledged but not found: must be 0),
`load_p50_ms` and `load_p95_ms`.

    LOAD_SECONDS=60 LOAD_USERS=20 .venv/bin/python bench/load.py

PostgreSQL is used when it answers on 127.0.0.1:5432 (a throw-away database `boards_bench_load`),
otherwise a SQLite file under bench/out/.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PORT = int(os.environ.get("LOAD_PORT", "8765"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
PASSWORD = "bench-load-password"
PG_URL = "postgres://postgres@127.0.0.1:5432/boards_bench_load"


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _environment() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEMO_PASSWORD": PASSWORD,
        "LOGIN_FAILURE_LIMIT": "1000",
    }
    if _postgres_answers():
        env["DATABASE_URL"] = PG_URL
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as db:
            db.execute("DROP DATABASE IF EXISTS boards_bench_load WITH (FORCE)")
            db.execute("CREATE DATABASE boards_bench_load")
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        database = OUT / "load.sqlite3"
        for leftover in OUT.glob("load.sqlite3*"):
            leftover.unlink()
        env["DATABASE_URL"] = f"sqlite:///{database}"
    return env


class Session:
    """A signed-in browser, as far as cookies and CSRF go."""

    def __init__(self, username: str):
        self.cookies: dict[str, str] = {}
        page = self.request("GET", "/accounts/login/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise RuntimeError(f"could not sign in as {username}: {status}")

    def request(self, method, path, form=None, headers=None):
        headers = {
            "Host": "127.0.0.1",
            "Connection": "close",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        # A connection per request, as a browser's would be after gunicorn's keep-alive ends.
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text


def _wait_for_server(process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped before it answered")
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _django(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main():
    env = _environment()
    python = sys.executable
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**env, "DJANGO_STATIC_ROOT": str(OUT / "static")},
        check=True,
    )
    _django({**env, "DJANGO_STATIC_ROOT": str(OUT / "static")})

    from actions.models import Action, ActionUpdate
    from boards.models import AgendaItem, Meeting
    from boards.services.minutes import minutes_of

    meeting = (
        Meeting.objects.filter(board__short_name="SSPB", minutes__isnull=True)
        .order_by("date")
        .first()
        or Meeting.objects.filter(board__short_name="SSPB").order_by("-date").first()
    )
    minutes_of(meeting)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    owned = list(
        Action.objects.filter(owners__initials="GB", status="open").values_list("pk", flat=True)
    )

    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "4",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_STATIC_ROOT": str(OUT / "static")},
    )
    latencies, errors, acknowledged = [], [], {"updates": set(), "minutes": {}}
    lock = threading.Lock()
    stop_at = float("inf")  # set once everyone has signed in

    def timed(session, method, path, form=None, headers=None):
        started = time.perf_counter()
        try:
            status, text = session.request(method, path, form, headers)
        except (OSError, http.client.HTTPException) as error:
            status, text = 0, str(error)
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
            if status >= 500 or status == 0 or (method == "GET" and status != 200):
                errors.append(f"{status} {method} {path}")
        return status, text

    def reader(n, session):
        pages = [
            "/p/southend/",
            "/p/southend/b/sspb/",
            "/p/southend/actions/",
            f"/meetings/{meeting.pk}/",
            "/p/southend/risks/",
            "/my-actions/",
        ]
        i = n
        while time.monotonic() < stop_at:
            timed(session, "GET", pages[i % len(pages)])
            i += 1

    def owner(n, session):
        i = 0
        while time.monotonic() < stop_at:
            pk = owned[(n + i) % len(owned)]
            token = f"load-{n}-{i}"
            status, text = timed(
                session,
                "POST",
                f"/my-actions/{pk}/update/",
                {f"a{pk}-text": f"Update {token}"},
                {"HX-Request": "true"},
            )
            if status == 200 and "saved." in text:
                with lock:
                    acknowledged["updates"].add(token)
            i += 1

    def secretary(n, session):
        item = items[n % len(items)]
        i = 0
        while time.monotonic() < stop_at:
            text = f"Minutes of item {item.position}, draft {n}-{i}."
            status, reply = timed(
                session,
                "POST",
                f"/items/{item.pk}/minutes/",
                {"minutes_text": text, "decision": ""},
                {"HX-Request": "true"},
            )
            if status == 200 and "Saved at" in reply:
                with lock:
                    acknowledged["minutes"][item.pk] = text
            i += 1
            time.sleep(0.5)  # a secretary's autosave comes every few seconds, not flat out

    try:
        _wait_for_server(server)
        roles = [(reader, "member")] * (USERS // 2) + [(owner, "sro")] * (USERS // 4)
        roles += [(secretary, "secretary")] * (USERS - len(roles))
        sessions = [Session(username) for _role, username in roles]
        for path in ("/p/southend/", "/my-actions/"):  # every worker imports and warms up
            for session in sessions[:8]:
                session.request("GET", path)
        threads = [
            threading.Thread(target=role, args=(n, session))
            for n, ((role, _username), session) in enumerate(zip(roles, sessions, strict=True))
        ]
        stop_at = time.monotonic() + SECONDS
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored = set(
        ActionUpdate.objects.filter(text__startswith="Update load-").values_list("text", flat=True)
    )
    lost = [t for t in acknowledged["updates"] if f"Update {t}" not in stored]
    texts = dict(
        AgendaItem.objects.filter(pk__in=acknowledged["minutes"]).values_list("pk", "minutes_text")
    )
    # Each item has one writer: its last acknowledged text must be what is stored.
    lost += [pk for pk, text in acknowledged["minutes"].items() if texts.get(pk) != text]
    ordered = sorted(latencies)
    print(f"load_database: {'postgresql' if 'postgres' in env['DATABASE_URL'] else 'sqlite'}")
    print(f"load_users: {USERS}")
    print(f"load_seconds: {SECONDS:g}")
    print(f"load_requests: {len(ordered)}")
    print(
        f"load_writes_acknowledged: {len(acknowledged['updates']) + len(acknowledged['minutes'])}"
    )
    print(f"load_errors: {len(errors)}")
    print(f"load_lost_writes: {len(lost)}")
    print(f"load_p50_ms: {statistics.median(ordered):.1f}")
    print(f"load_p95_ms: {ordered[int(len(ordered) * 0.95) - 1]:.1f}")
    for line in errors[:5]:
        print(f"  error: {line}")
    if lost or errors:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Two app servers and two workers behind one PostgreSQL database and one bucket, as a shared
service runs them behind a load balancer: whichever node answers, a person sees the same session,
the same files and the same login lockout, and no node keeps a file on its own disk.

Run it alone with `pytest -m two_nodes` and DATABASE_URL pointing at PostgreSQL (the test makes a
fresh database of its own beside the one named there, and drops it afterwards).
"""

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
import requests
from django.urls import reverse
from pypdf import PdfReader

from tests.pack.factories import pdf_of
from tests.s3 import bucket_environment, keys_under, s3_server

ROOT = Path(__file__).resolve().parent.parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
PASSWORD = "correct-horse-battery"  # the factories' password
PAPER_TEXT = "INCLUSION STRATEGY SEEN BY BOTH NODES"

pytestmark = [
    pytest.mark.two_nodes,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="two nodes share a PostgreSQL database: set DATABASE_URL to one",
    ),
]

SEED = """
import datetime, json
from django.core.files.base import ContentFile
from tests.pack.factories import PaperFactory
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
from boards.models import Role
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    AgendaItemFactory, BoardFactory, MeetingFactory, PartnershipFactory, member_user,
)
board = BoardFactory(partnership=PartnershipFactory(slug="southend"), short_name="SSPB")
secretary = member_user(board, Role.SECRETARY, "secretary")
member_user(board, Role.MEMBER, "forgetful")
owner = secretary.people.get()
owner.email = "secretary@example.org"
owner.save()
ActionFactory(board=board, due_date=datetime.date.today() - datetime.timedelta(days=3),
              owners=[owner])
meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
item = AgendaItemFactory(meeting=meeting, position=1, title="Inclusion strategy")
# A long agenda, each item a section of the pack of its own: a build that takes a while.
long = MeetingFactory(board=board, date=datetime.date(2023, 3, 30))
for position in range(1, 31):
    PaperFactory(
        agenda_item=AgendaItemFactory(meeting=long, position=position),
        original_name="notes.docx",
        content_type=DOCX,
        document=ContentFile(b"not a pdf", name="notes.docx"),
    )
print(json.dumps({"meeting": meeting.pk, "item": item.pk, "long": long.pk}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def fresh_database():
    """A new, empty PostgreSQL database on the server DATABASE_URL names; yields its URL."""
    config = dj_database_url.parse(DATABASE_URL)
    name = f"two_nodes_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Nodes:
    """The processes of the deployment, their logs, and what they share."""

    def __init__(self, tmp_path: Path, database_url: str, endpoint: str):
        self.tmp_path = tmp_path
        self.database_url = database_url
        self.endpoint = endpoint
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.servers: dict[str, str] = {}
        self.workers: dict[str, subprocess.Popen] = {}
        self.media = {name: tmp_path / f"media-{name}" for name in ("a", "b", "w1", "w2")}

    def env(self, node: str) -> dict[str, str]:
        outer = {k: v for k, v in os.environ.items() if not k.startswith(("STORAGE_", "DJANGO_"))}
        return {
            **outer,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.database_url,
            "DJANGO_MEDIA_ROOT": str(self.media[node]),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            **bucket_environment(self.endpoint),
            "STORAGE_PREFIX": "two-nodes",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, node: str, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(node),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def _start(self, node: str, command: list[str]) -> subprocess.Popen:
        log = open(self.tmp_path / f"{node}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env(node), stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.processes.append((node, process))
        return process

    def start_server(self, node: str) -> None:
        port = _free_port()
        self._start(
            node,
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"),
                "--no-control-socket",
            ],
        )
        self.servers[node] = f"http://127.0.0.1:{port}"

    def start_worker(self, node: str) -> None:
        self.workers[node] = self._start(
            node,
            [
                *(sys.executable, "manage.py", "db_worker", "--queue-name", "*"),
                *("--no-reload", "--interval", "0.2", "--no-startup-delay", "--worker-id", node),
            ],
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {node}\n{(self.tmp_path / f'{node}.log').read_text(errors='replace')[-3000:]}"
            for node, _ in self.processes
        )

    def wait_until_ready(self, node: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{self.servers[node]}/readyz", timeout=30).status_code == 200:
                    return
            time.sleep(0.2)
        raise AssertionError(f"server {node} never became ready\n{self.logs()}")

    def stop(self) -> None:
        for _, process in self.processes:
            if process.poll() is None:
                process.terminate()
        for _, process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def files_on_local_disks(self) -> list[Path]:
        return [
            path for media in self.media.values() if media.exists() for path in media.rglob("*")
        ]

    def query(self, sql: str, *params):
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    with fresh_database() as database_url, s3_server() as endpoint:
        nodes = Nodes(tmp_path_factory.mktemp("nodes"), database_url, endpoint)
        nodes.manage("a", "migrate", "--noinput", "-v", "0")
        seeded = json.loads(
            nodes.manage("a", "shell", "--no-imports", "-c", SEED).stdout.strip().splitlines()[-1]
        )
        nodes.seeded = seeded
        try:
            for server in ("a", "b"):
                nodes.start_server(server)
            for worker in ("w1", "w2"):
                nodes.start_worker(worker)
            for server in ("a", "b"):
                nodes.wait_until_ready(server)
            yield nodes
        finally:
            nodes.stop()


def sign_in(base: str, username: str, password: str = PASSWORD):
    """Sign in on one server; the session cookie is then sent to either (both are 127.0.0.1)."""
    browser = requests.Session()
    browser.get(f"{base}/accounts/login/", timeout=10)
    return browser, browser.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )


def _post(browser, url, **kwargs) -> requests.Response:
    data = {"csrfmiddlewaretoken": browser.cookies["csrftoken"], **kwargs.pop("data", {})}
    return browser.post(url, data=data, allow_redirects=False, timeout=30, **kwargs)


def _wait_for_pack(nodes: Nodes, meeting: int, status: str = "ready") -> int:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        rows = nodes.query(
            "SELECT id, status, error FROM boards_meetingpack WHERE meeting_id = %s", meeting
        )
        if rows and rows[0][1] == status:
            return rows[0][0]
        assert not rows or rows[0][1] not in {"failed", "ready"}, f"{rows[0]}\n{nodes.logs()}"
        time.sleep(0.05)
    raise AssertionError(f"the pack never came to be {status}\n{nodes.logs()}")


def test_any_node_serves_what_another_node_stored(nodes):
    a, b = nodes.servers["a"], nodes.servers["b"]
    meeting, item = nodes.seeded["meeting"], nodes.seeded["item"]

    # Signed in through A, the same session is known to B.
    browser, signed_in = sign_in(a, "secretary")
    assert signed_in.status_code == 302, signed_in.text
    meeting_page = b + reverse("boards:meeting", args=[meeting])
    assert browser.get(meeting_page, allow_redirects=False, timeout=10).status_code == 200
    assert requests.get(meeting_page, allow_redirects=False, timeout=10).status_code == 302

    # A paper uploaded through A downloads, whole, through B.
    paper = pdf_of(PAPER_TEXT)
    uploaded = _post(
        browser,
        a + reverse("boards:paper_add", args=[item]),
        data={"label": "1a", "title": "Inclusion strategy draft"},
        files={"document": ("inclusion.pdf", paper, "application/pdf")},
    )
    assert uploaded.status_code == 302, uploaded.text
    [(paper_id,)] = nodes.query(
        "SELECT id FROM boards_paper WHERE original_name = %s", "inclusion.pdf"
    )
    download = browser.get(b + reverse("boards:paper", args=[paper_id]), timeout=30)
    assert download.status_code == 200
    assert download.content == paper
    # and someone who is not signed in gets nothing from either.
    for base in (a, b):
        anonymous = requests.get(
            base + reverse("boards:paper", args=[paper_id]), allow_redirects=False, timeout=10
        )
        assert anonymous.status_code == 302

    # A pack asked for through B is built by a worker, which reads the paper from the bucket,
    # and downloads through either server.
    asked = _post(browser, b + reverse("boards:pack_build", args=[meeting]))
    assert asked.status_code == 302, asked.text
    pack_id = _wait_for_pack(nodes, meeting)
    for base in (a, b):
        built = browser.get(base + reverse("boards:pack_download", args=[pack_id]), timeout=30)
        assert built.status_code == 200
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(built.content)).pages)
        assert PAPER_TEXT in text

    # The files are in the bucket, and on no node's own disk.
    stored = keys_under(nodes.endpoint, "two-nodes/")
    assert any(key.startswith("two-nodes/papers/") for key in stored)
    assert any(key.startswith("two-nodes/packs/") for key in stored)
    assert nodes.files_on_local_disks() == []


def test_login_lockout_and_reminder_digests_hold_across_nodes(nodes):
    a, b = nodes.servers["a"], nodes.servers["b"]

    # Five failures through A lock the account through B as well, right password or not.
    for _ in range(5):
        _, failed = sign_in(a, "forgetful", "wrong-password")
        assert failed.status_code in {200, 429}
    _, refused = sign_in(b, "forgetful")
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts" in refused.text

    # The hourly reminder run started on both nodes at once sends one digest, not two.
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_action_reminders"],
            cwd=ROOT,
            env=nodes.env(node),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for node in ("a", "b")
    ]
    said = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs), said
    assert sum(output.count("Subject: Your actions") for output in said) == 1
    assert nodes.query("SELECT count(*) FROM actions_remindersent") == [(1,)]


def test_a_pack_whose_worker_is_killed_mid_build_is_built_by_the_other(nodes):
    a, b = nodes.servers["a"], nodes.servers["b"]
    long = nodes.seeded["long"]
    browser, _ = sign_in(a, "secretary")
    asked = _post(browser, a + reverse("boards:pack_build", args=[long]))
    assert asked.status_code == 302, asked.text

    # The worker that took the build is killed outright, half way through it.
    pack_id = _wait_for_pack(nodes, long, status="building")
    [(builders,)] = nodes.query(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    )
    killed = nodes.workers[builders[-1]]
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    [(status, steps_done)] = nodes.query(
        "SELECT status, steps_done FROM boards_meetingpack WHERE id = %s", pack_id
    )
    assert status == "building", "the build finished before its worker could be killed"

    # Its lease runs out (two minutes, taken as gone here); the next look at the pack, through the
    # other server, hands the build to the worker still running, which finishes it.
    nodes.query(
        "UPDATE boards_meetingpack SET lease_expires_at = now() - interval '1 second' "
        "WHERE id = %s RETURNING id",
        pack_id,
    )
    assert browser.get(b + reverse("boards:pack_status", args=[pack_id]), timeout=30).ok
    assert _wait_for_pack(nodes, long) == pack_id
    assert nodes.query("SELECT attempts FROM boards_meetingpack WHERE id = %s", pack_id) == [(2,)]
    built = browser.get(a + reverse("boards:pack_download", args=[pack_id]), timeout=30)
    assert built.status_code == 200
    assert len(PdfReader(io.BytesIO(built.content)).pages) > 30
    assert nodes.files_on_local_disks() == []

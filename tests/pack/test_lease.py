"""The building worker's lease on a pack: a dead worker is noticed, a live one keeps its build."""

import datetime
import signal

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from boards.models import MeetingPack
from boards.pack import build
from boards.pack.build import LEASE, pack_build, pack_claim, pack_renew, render_pack
from boards.pack.contents import pack_contents
from boards.pack.queue import STOPPED, pack_recover_stalled, pack_request
from boards.tasks import build_meeting_pack


def queued(meeting, capture):
    """A pack asked for, its build not run yet."""
    with capture(execute=False):
        return pack_request(meeting=meeting, public=False, user=None)


def worker_dies_holding(meeting_pack) -> int:
    """A worker claims the pack, then stops renewing its lease (killed mid-build)."""
    attempt = pack_claim(pack_id=meeting_pack.pk)
    MeetingPack.objects.filter(pk=meeting_pack.pk).update(
        steps_done=1, lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return attempt


def test_claiming_a_pack_takes_a_lease_the_builder_renews(
    meeting, django_capture_on_commit_callbacks
):
    meeting_pack = queued(meeting, django_capture_on_commit_callbacks)
    before = timezone.now()
    attempt = pack_claim(pack_id=meeting_pack.pk)
    meeting_pack.refresh_from_db()
    assert attempt == 1 and meeting_pack.status == MeetingPack.Status.BUILDING
    assert before + LEASE <= meeting_pack.lease_expires_at <= timezone.now() + LEASE
    MeetingPack.objects.filter(pk=meeting_pack.pk).update(lease_expires_at=before)
    pack_renew(pack_id=meeting_pack.pk, attempt=attempt)
    meeting_pack.refresh_from_db()
    assert meeting_pack.lease_expires_at > timezone.now() + LEASE / 2


def test_a_live_lease_is_not_taken_over(meeting, django_capture_on_commit_callbacks):
    meeting_pack = queued(meeting, django_capture_on_commit_callbacks)
    assert pack_claim(pack_id=meeting_pack.pk) == 1
    assert pack_claim(pack_id=meeting_pack.pk) is None
    assert pack_build(pack_id=meeting_pack.pk) is False  # a second worker builds nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert pack_recover_stalled(meeting=meeting) == 0
    assert callbacks == []
    meeting_pack.refresh_from_db()
    assert meeting_pack.status == MeetingPack.Status.BUILDING and meeting_pack.attempts == 1


def test_a_build_whose_worker_died_is_built_by_the_next_worker(
    meeting, django_capture_on_commit_callbacks
):
    meeting_pack = queued(meeting, django_capture_on_commit_callbacks)
    worker_dies_holding(meeting_pack)
    with django_capture_on_commit_callbacks(execute=True):  # the queue runs the new build
        assert pack_recover_stalled(meeting=meeting) == 1
    meeting_pack.refresh_from_db()
    assert meeting_pack.status == MeetingPack.Status.READY, meeting_pack.error
    assert meeting_pack.attempts == 2 and meeting_pack.file
    assert meeting_pack.lease_expires_at is None


def test_a_worker_may_take_over_an_expired_lease_itself(
    meeting, django_capture_on_commit_callbacks
):
    meeting_pack = queued(meeting, django_capture_on_commit_callbacks)
    worker_dies_holding(meeting_pack)
    assert pack_build(pack_id=meeting_pack.pk) is True
    meeting_pack.refresh_from_db()
    assert meeting_pack.status == MeetingPack.Status.READY and meeting_pack.attempts == 2


def test_a_worker_taken_for_dead_stops_without_writing(
    meeting, monkeypatch, django_capture_on_commit_callbacks
):
    """A worker too slow to renew in time finds its build taken over, and leaves it alone."""
    meeting_pack = queued(meeting, django_capture_on_commit_callbacks)

    def overtaken(contents, progress, renew):
        # While the first worker is busy, its lease runs out and a second worker claims the pack.
        MeetingPack.objects.filter(pk=meeting_pack.pk).update(lease_expires_at=timezone.now())
        assert pack_claim(pack_id=meeting_pack.pk) == 2
        return render_pack(contents, progress, renew)

    monkeypatch.setattr(build, "render_pack", overtaken)
    assert pack_build(pack_id=meeting_pack.pk) is False
    meeting_pack.refresh_from_db()
    assert meeting_pack.status == MeetingPack.Status.BUILDING and meeting_pack.attempts == 2
    assert meeting_pack.error == "" and not meeting_pack.file


def test_a_build_whose_worker_died_twice_is_shown_failed_with_retry(
    meeting, chair, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    meeting_pack = queued(meeting, django_capture_on_commit_callbacks)
    MeetingPack.objects.filter(pk=meeting_pack.pk).update(attempts=1)  # it died once already
    worker_dies_holding(meeting_pack)
    page = chair.get(reverse("boards:meeting_pack", args=[meeting.pk])).content.decode()
    assert STOPPED in page.replace("&#x27;", "'")
    assert reverse("boards:pack_retry", args=[meeting_pack.pk]) in page
    meeting_pack.refresh_from_db()
    assert meeting_pack.status == MeetingPack.Status.FAILED


def test_the_status_the_page_polls_notices_a_dead_worker(
    meeting, chair, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    meeting_pack = queued(meeting, django_capture_on_commit_callbacks)
    worker_dies_holding(meeting_pack)
    status = reverse("boards:pack_status", args=[meeting_pack.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        partial = chair.get(status).content.decode()
    assert "Waiting" in partial and "1 of" not in partial
    assert len(callbacks) == 1  # its build queued again
    meeting_pack.refresh_from_db()
    assert meeting_pack.status == MeetingPack.Status.QUEUED


def test_each_step_is_reported_once_and_renews_the_lease(meeting):
    steps, renewals = [], []
    contents = pack_contents(meeting, public=False)
    render_pack(
        contents, lambda done, total: steps.append((done, total)), lambda: renewals.append(1)
    )
    total = steps[0][1]
    assert steps == [(done, total) for done in range(1, total + 1)]
    # cover, the two items with a section of their own, agenda, footer
    assert len(renewals) >= 5


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(monkeypatch):
    """`manage.py db_worker` until the queue is empty, inside the test's transaction (so without
    closing the connection between tasks), its signal handlers put back after."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def test_a_worker_killed_mid_build_hands_the_pack_to_the_next_worker_run(
    meeting, database_queue, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_pack = pack_request(meeting=meeting, public=False, user=None)
    task = DBTaskResult.objects.get()
    task.claim("worker-killed")  # the queue's row says RUNNING, as a killed worker leaves it
    other = DBTaskResult.objects.create(
        task_path=task.task_path,
        args_kwargs={"args": [meeting_pack.pk + 1000], "kwargs": {}},
        backend_name=task.backend_name,
        run_after=task.run_after,
        status=TaskResultStatus.RUNNING,
    )
    worker_dies_holding(meeting_pack)

    with django_capture_on_commit_callbacks(execute=True):
        assert pack_recover_stalled(meeting=meeting) == 1
    task.refresh_from_db()
    other.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and "lease" in task.traceback
    assert other.status == TaskResultStatus.RUNNING  # another pack's build is left alone

    run_worker(monkeypatch)
    meeting_pack.refresh_from_db()
    assert meeting_pack.status == MeetingPack.Status.READY, meeting_pack.error
    rerun = DBTaskResult.objects.exclude(pk__in=[task.pk, other.pk]).get()
    assert rerun.task_path == build_meeting_pack.module_path
    assert rerun.status == TaskResultStatus.SUCCESSFUL

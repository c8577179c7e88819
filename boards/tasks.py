"""Work done by the background worker (`manage.py db_worker`), not in a request."""

from django.apps import apps
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from .pack.build import pack_build
from .services import papers


@task()
def build_meeting_pack(pack_id: int) -> None:
    pack_build(pack_id=pack_id)


@task()
def read_paper_text(paper_id: int) -> None:
    """The paper's text for search, read after upload (see boards.paper_text for the bounds)."""
    papers.paper_text_read(paper_id=paper_id)


def build_abandoned(pack_id: int) -> int:
    """The queue's record of a build of the pack whose worker died: marked failed rather than
    left running for ever (the worker that would have finished it is gone)."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.running()
        .filter(task_path=build_meeting_pack.module_path, args_kwargs__args=[pack_id])
        .update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="boards.pack.build.LeaseLost",
            traceback="The worker stopped renewing its lease on the pack (it was stopped or "
            "lost): the build was handed on.",
        )
    )

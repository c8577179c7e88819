"""Work done by the background worker (`manage.py db_worker`), not in a request."""

from django.tasks import task

from .pack import pack_build


@task()
def build_meeting_pack(pack_id: int) -> None:
    pack_build(pack_id=pack_id)

"""Run twice at once by bench/pack.py, as two app servers: both ask for the same pack at the same
instant, and each also queues a duplicate build of it, so two workers race to build it.

Prints the id of the pack it was given.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from boards.models import Meeting  # noqa: E402
from boards.pack.queue import pack_request  # noqa: E402
from boards.tasks import build_meeting_pack  # noqa: E402

meeting = Meeting.objects.select_related("board").get(pk=int(sys.argv[1]))
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
pack = pack_request(meeting=meeting, public=False, user=None)
build_meeting_pack.enqueue(pack.pk)
print(pack.pk)

"""What a load balancer asks each app server: /healthz (is the process answering?) and /readyz
(can it serve: database reachable, every migration applied, file storage reachable?).

They are answered first thing, before the host check, the HTTPS redirect, sessions and login: a
load balancer asks over plain HTTP, by the server's address, and signs in as no one. The answers
say nothing about why a server is not ready; that goes to the log.
"""

import functools
import logging

from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse

logger = logging.getLogger(__name__)


@functools.cache
def _latest_migrations() -> frozenset[tuple[str, str]]:
    """The last migration of each app in this release's code (read from disk once)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def not_ready() -> str | None:
    """Why this server cannot serve requests, or None when it can."""
    try:
        applied = set(MigrationRecorder(connection).migration_qs.values_list("app", "name"))
    except Exception:
        logger.exception("Not ready: the database cannot be read")
        return "database"
    missing = _latest_migrations() - applied
    if missing:
        logger.error("Not ready: migrations not applied: %s", sorted(missing))
        return "migrations"
    try:
        default_storage.exists("readyz")
    except Exception:
        logger.exception("Not ready: file storage cannot be reached")
        return "storage"
    return None


def _answer(ready: bool) -> HttpResponse:
    response = HttpResponse(
        "ok" if ready else "not ready",
        status=200 if ready else 503,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == "/healthz":
            return _answer(True)
        if path == "/readyz":
            return _answer(not_ready() is None)
        return self.get_response(request)

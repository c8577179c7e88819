"""`make bench`: generate a large partnership in a throw-away database and print the figures.

Each figure is printed as `name: value` on standard output; notes go to standard error.
BENCH_SCALE (default 1) scales the partnership; BENCH_DATABASE_URL names a PostgreSQL database to
use instead of the SQLite file under bench/out/ (its tables are dropped first); BENCH_PAGES_ONLY=1
prints the page figures alone (no pack, no requests per second).
"""

import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def figure(name: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.2f}"
    print(f"{name}: {value}", flush=True)


def configure() -> dict:
    """Point Django at the throw-away database before it starts; return the environment used."""
    OUT.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{OUT / 'bench.sqlite3'}"
    env = {
        "DATABASE_URL": url,
        "DJANGO_MEDIA_ROOT": str(OUT / "media"),
        "DJANGO_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    shutil.rmtree(OUT / "media", ignore_errors=True)
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    return env


def fresh_schema() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def main() -> None:
    env = configure()
    import django

    django.setup()
    from django.db import connections

    from bench import generate, load, pages
    from bench import search as search_bench

    factor = float(os.environ.get("BENCH_SCALE", "1"))
    scale = generate.Scale.of(factor)
    figure("scale", factor)
    fresh_schema()

    started = time.perf_counter()
    partnership = generate.structure(scale, generate.random.Random(1))
    generate.grow(partnership, scale, 0.1)
    generate.optional_models(scale, partnership, 0.1, say)
    board = partnership.boards.order_by("pk")[1]
    meeting = board.meetings.order_by("-date").first()
    urls = pages.page_urls(board, meeting, say)
    client = pages.signed_in_client(partnership.people.get(name="Bench Secretary").user)
    tenth_queries = pages.max_queries(client, urls)
    tenth_ms = pages.latencies(client, urls)
    search_index_tenth = search_bench.index()
    search_tenth = search_bench.median_ms(client)

    totals = generate.grow(partnership, scale, 1.0)
    generate.optional_models(scale, partnership, 1.0, say)
    # The board's latest meeting again, now a later one: the meeting page measured is always
    # the one whose minutes are circulated and whose action log is open for recording.
    meeting = board.meetings.order_by("-date").first()
    urls = pages.page_urls(board, meeting, say)
    figure("generate_seconds", time.perf_counter() - started)
    figure("boards", partnership.boards.count())
    figure("meetings", board.meetings.model.objects.count())
    figure("actions", totals["actions"] + round(scale.boards * scale.actions_per_board * 0.1))

    figure("search_index_seconds_tenth_data", search_index_tenth)
    figure("search_index_seconds", search_bench.index())
    figure("search_documents", search_bench.search.SearchDocument.objects.count())
    search_full = search_bench.median_ms(client)
    figure("search_ms_tenth_data", search_tenth)
    figure("search_ms", search_full)
    figure("search_growth", search_full / search_tenth)

    for page, count in pages.max_queries(client, urls).items():
        figure(f"max_queries_{page}", count)
        figure(f"max_queries_{page}_tenth_data", tenth_queries[page])
    for page, ms in pages.latencies(client, urls).items():
        figure(f"page_ms_{page}", ms)
        figure(f"page_growth_{page}", ms / tenth_ms[page])
    if os.environ.get("BENCH_PAGES_ONLY"):
        return

    from bench import pack

    for name, value in pack.figures(board, env, say).items():
        figure(name, value)

    target = "action_log" if "action_log" in urls else "board"
    if target != "action_log":
        say("note: rps measured on the board page: the action log page does not exist yet")
    cookie = "; ".join(f"{c.key}={c.value}" for c in client.cookies.values())
    connections.close_all()
    rps, errors = load.requests_per_second(urls[target], cookie, env)
    figure(f"rps_{target}", rps)
    figure(f"rps_{target}_errors", errors)


if __name__ == "__main__":
    main()

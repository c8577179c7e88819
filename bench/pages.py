"""Latency and query counts of the main pages, signed in, on the generated data.

Pages are found by URL name; a page whose view has not been built yet is skipped with a note.
Each URL parameter is filled by its name from the objects the page is about.
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_resolver, reverse

from boards.models import Board, Meeting

# page name -> URL names to try (the first that resolves is measured)
PAGES = {
    "board": ["boards:board"],
    "partnership": ["boards:partnership"],
    "people": ["boards:people"],
    "action_log": ["actions:board_log"],
    "my_actions": ["actions:mine"],
    "meeting": ["boards:meeting"],
    "meeting_pack": ["boards:meeting_pack"],
    "risk_register": ["risks:board_register"],
    "dashboard": ["strategy:dashboard"],
}
BASELINE = "accessibility"


def _values(board: Board, meeting: Meeting) -> dict:
    partnership = board.partnership
    return {
        "slug": partnership.slug,
        "partnership_slug": partnership.slug,
        "partnership": partnership.slug,
        "board_slug": board.slug,
        "board": board.slug,
        "board_pk": board.pk,
        "board_id": board.pk,
        "meeting_pk": meeting.pk,
        "meeting_id": meeting.pk,
        "meeting": meeting.pk,
    }


def _url(name: str, values: dict, pk) -> str:
    """Reverse `name`, filling each of its parameters by name (`pk` is the page's own object)."""
    resolver = get_resolver()
    namespace, _, short = name.rpartition(":")
    if namespace:
        resolver = (
            resolver.namespace_dict[namespace][1] if namespace in resolver.namespace_dict else None
        )
        if resolver is None:
            raise NoReverseMatch(name)
    for possibility, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(short):
        for _result, params in possibility:
            kwargs = {}
            for param in params:
                kwargs[param] = pk if param in {"pk", "id"} else values.get(param)
            if None not in kwargs.values():
                return reverse(name, kwargs=kwargs)
    raise NoReverseMatch(name)


def page_urls(board: Board, meeting: Meeting, say) -> dict[str, str]:
    values = _values(board, meeting)
    own = {"meeting": meeting.pk, "meeting_pack": meeting.pk}
    urls = {}
    for page, names in PAGES.items():
        for name in names:
            try:
                urls[page] = _url(name, values, own.get(page, board.pk))
                break
            except (NoReverseMatch, KeyError):
                continue
        else:
            say(f"note: page {page} skipped: none of {', '.join(names)} resolves yet")
    return urls


def signed_in_client(user) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def _get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def max_queries(client: Client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for page, url in urls.items():
        _get(client, url)  # warm the caches a real server would have warm
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        counts[page] = len(captured.captured_queries)
    return counts


def latencies(client: Client, urls: dict[str, str], runs: int = 15) -> dict[str, float]:
    """Median milliseconds per page, the baseline (a page of the layout alone) included.

    The pages take turns, round after round, so a slow spell of a shared machine falls on all of
    them alike rather than on whichever page was being measured at the time.
    """
    urls = {"baseline": reverse(BASELINE), **urls}
    for url in urls.values():
        for _ in range(2):
            _get(client, url)
    times = {page: [] for page in urls}
    for _ in range(runs):
        for page, url in urls.items():
            times[page].append(_get(client, url))
    return {page: statistics.median(values) * 1000 for page, values in times.items()}

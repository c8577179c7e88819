"""Search at scale: the index made from the generated records, and typical queries timed.

The generated data is written with bulk inserts, around the services that keep the index, so it
is indexed with `rebuild` (timed as `search_index_seconds`)."""

import statistics
import time

from django.urls import reverse

from boards import search

# Typical queries: common words, a phrase, an exclusion, a choice, a reference, a rare word.
QUERIES = [
    "EHCNA backlog",
    '"inspection visit"',
    "assurance -ICB",
    "backlog or report",
    "105",
    "commissioning",
]


def index() -> float:
    started = time.perf_counter()
    search.rebuild()
    return time.perf_counter() - started


def median_ms(client, runs: int = 5) -> float:
    """Median milliseconds of the search page, signed in, over every query, round after round."""
    url = reverse("search:results")
    for q in QUERIES:
        client.get(url, {"q": q})
    times = []
    for _ in range(runs):
        for q in QUERIES:
            started = time.perf_counter()
            response = client.get(url, {"q": q})
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"search for {q!r} answered {response.status_code}")
    return statistics.median(times) * 1000

"""Search over everything the partnership has recorded, with the board's own access rules.

Each app's services describe a record as an `Entry` and call `index_document` in the same
transaction as the write, so the index cannot drift from the records; `remove_document` when a
record goes. The whole index is made again from the records by `rebuild` (the
`rebuild_search_index` command), which asks each app through `registry.search_rebuilders`.

PostgreSQL searches a tsvector (English configuration, GIN index) with `websearch_to_tsquery`
and ranks with `ts_rank`; SQLite searches an FTS5 table (porter stemmer) with the same query
syntax translated to FTS5's and ranks with bm25. Snippets mark the matched words.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core import registry

from . import access
from .access import Need
from .models import MeetingPack, Minutes, Paper, Partnership, SearchDocument

Kind = SearchDocument.Kind
Readers = SearchDocument.Readers

# Snippets come back with the matched words between these two characters, which no indexed text
# holds (see `_plain`): the snippet is escaped whole, then they become <mark> and </mark>.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 30
CANDIDATES = 1000
BATCH = 500


@dataclass(frozen=True)
class Entry:
    """A record as search sees it. `readers` says who may find it: those who read `board_id`
    (Readers.BOARD) or everyone of the partnership (Readers.PARTNERSHIP). `confidential` keeps
    it off the public pages whatever else holds."""

    kind: str
    key: int
    partnership_id: int
    title: str
    url: str
    body: str = ""
    board_id: int | None = None
    meeting_id: int | None = None
    date: datetime.date | None = None
    owner_id: int | None = None
    confidential: bool = False
    readers: str = Readers.BOARD


def _plain(text: str) -> str:
    return text.replace(MARK_START, " ").replace(MARK_END, " ").replace("\x00", " ")


def index_document(entry: Entry) -> None:
    index_documents([entry])


def index_documents(entries: Iterable[Entry]) -> int:
    """Put these records in the index, in place of what it held for them. Returns how many."""
    count = 0
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == BATCH:
            count += _index_batch(batch)
            batch = []
    return count + (_index_batch(batch) if batch else 0)


@transaction.atomic
def _index_batch(entries: list[Entry]) -> int:
    by_kind: dict[str, list[int]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry.key)
    for kind, keys in by_kind.items():
        _remove(SearchDocument.objects.filter(kind=kind, key__in=keys))
    documents = SearchDocument.objects.bulk_create(
        SearchDocument(
            kind=entry.kind,
            key=entry.key,
            partnership_id=entry.partnership_id,
            board_id=entry.board_id,
            meeting_id=entry.meeting_id,
            readers=entry.readers,
            confidential=entry.confidential,
            title=_plain(entry.title)[:400],
            body=_plain(entry.body),
            url=entry.url,
            date=entry.date,
            owner_id=entry.owner_id,
        )
        for entry in entries
    )
    ids = [document.pk for document in documents]
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk__in=ids).update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR REPLACE INTO boards_searchindex (rowid, title, body) "
                "VALUES (%s, %s, %s)",
                [(document.pk, document.title, document.body) for document in documents],
            )
    return len(documents)


def remove_document(*, kind: str, key: int) -> None:
    remove_documents(kind=kind, keys=[key])


def remove_documents(*, kind: str, keys: Iterable[int]) -> None:
    _remove(SearchDocument.objects.filter(kind=kind, key__in=list(keys)))


def _remove(documents: QuerySet[SearchDocument]) -> None:
    if connection.vendor == "sqlite":
        ids = list(documents.values_list("pk", flat=True))
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM boards_searchindex WHERE rowid = %s", [(pk,) for pk in ids]
            )
        SearchDocument.objects.filter(pk__in=ids).delete()
    else:
        documents.delete()


def rebuild() -> dict[str, int]:
    """Make the whole index again from the records: how many documents of each app."""
    counts = {}
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM boards_searchindex")
        for name, entries in registry.search_rebuilders():
            counts[name] = index_documents(entries())
    return counts


# Reading the index


class QueryError(ValueError):
    """The words typed hold nothing to search for (only exclusions, or only punctuation)."""


_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def fts5_query(text: str) -> str:
    """The web-search syntax (words, "a phrase", -word, or) as an FTS5 query. Every word is
    quoted, so no input makes a syntax error: FTS5 operators typed are just words."""
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    for match in _TERM.finditer(text):
        negative, phrase, word = match.groups()
        if word is not None:
            if word.lower() == "or":
                if groups[-1][0]:
                    groups.append(([], []))
                continue
            negative = "-" if word.startswith("-") else ""
            phrase = word.lstrip("-")
        words = _WORD.findall(phrase)
        if words:
            groups[-1][1 if negative else 0].append('"' + " ".join(words) + '"')
    clauses = []
    for wanted, excluded in groups:
        if wanted:
            clause = "(" + " AND ".join(wanted) + ")"
            clauses.append(" NOT ".join([clause, *excluded]))
    if not clauses:
        raise QueryError("Type a word to search for (a word after - is left out of results).")
    return " OR ".join(clauses)


@dataclass
class Filters:
    board_id: int | None = None
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    owner_id: int | None = None
    by_date: bool = False


def visible_documents(user) -> QuerySet[SearchDocument]:
    """What the user may find: everything of the boards they read, confidential items included
    (as on the agenda), and what everyone of their partnerships reads (people, boards, plans)."""
    if user.is_authenticated and user.is_staff:
        return SearchDocument.objects.all()
    boards = [board for board, level in access.board_levels(user).items() if level >= Need.VIEW]
    return SearchDocument.objects.filter(
        Q(readers=Readers.BOARD, board_id__in=boards)
        | Q(readers=Readers.PARTNERSHIP, partnership_id__in=access.partnership_ids(user))
    )


def public_documents(partnership: Partnership) -> QuerySet[SearchDocument]:
    """What anyone may find on the public pages: the items of published minutes and the papers of
    the agenda pack as published (a paper added or replaced since is found once the pack is
    published again), never a confidential item."""
    published = Minutes.Status.PUBLISHED
    in_published_pack = Paper.objects.filter(
        pk=OuterRef("key"),
        agenda_item__meeting__packs__public=True,
        agenda_item__meeting__packs__status=MeetingPack.Status.READY,
        agenda_item__meeting__packs__file__gt="",
        agenda_item__meeting__packs__published_at__gte=F("uploaded_at"),
    )
    return SearchDocument.objects.filter(partnership=partnership, confidential=False).filter(
        Q(kind__in=[Kind.MINUTES_ITEM, Kind.DECISION], meeting__minutes__status=published)
        | Q(Exists(in_published_pack), kind=Kind.PAPER)
    )


def search(documents: QuerySet[SearchDocument], text: str, filters: Filters | None = None):
    """The documents that match `text`, best first (or latest first). Raises QueryError if
    `text` holds nothing to search for. `snippets` marks the words in the page shown.

    Only the latest CANDIDATES matches are ranked and counted, so that a word found in most of
    the record costs no more than a rare one; filters reach further back."""
    filters = filters or Filters()
    expression = fts5_query(text)  # on PostgreSQL too: the same refusal of nothing to find
    documents = _filtered(documents, filters)
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config="english")
        matching = documents.filter(vector=query)
    else:
        matching = documents.filter(index_row__everything__match=expression)
    latest = matching.order_by(F("date").desc(nulls_last=True), "-pk").values("pk")
    found = matching.filter(pk__in=latest[:CANDIDATES]).select_related("board", "meeting")
    if filters.by_date:
        return found.order_by(F("date").desc(nulls_last=True), "-pk")
    if connection.vendor == "postgresql":
        best_first = SearchRank(F("vector"), query).desc()
    else:
        best_first = F("index_row__rank").asc()  # bm25: lower is better
    return found.order_by(best_first, F("date").desc(nulls_last=True), "-pk")


def snippets(documents: list[SearchDocument], text: str) -> dict[int, SafeString]:
    """The snippet of each document shown, by id: its text around the words found, escaped,
    the words in <mark>. Made for the page shown only, in one query."""
    ids = [document.pk for document in documents]
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config="english")
        made = SearchDocument.objects.filter(pk__in=ids).annotate(
            snippet_text=SearchHeadline(
                "body",
                query,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    else:
        made = SearchDocument.objects.filter(
            pk__in=ids, index_row__everything__match=fts5_query(text)
        ).annotate(
            snippet_text=RawSQL(
                "snippet(boards_searchindex, 1, %s, %s, ' … ', %s)",
                (MARK_START, MARK_END, SNIPPET_WORDS),
            )
        )
    return {pk: _marked(marked) for pk, marked in made.values_list("pk", "snippet_text")}


def _filtered(documents: QuerySet[SearchDocument], filters: Filters) -> QuerySet[SearchDocument]:
    if filters.board_id:
        documents = documents.filter(board_id=filters.board_id)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.date_from:
        documents = documents.filter(date__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(date__lte=filters.date_to)
    if filters.owner_id:
        documents = documents.filter(owner_id=filters.owner_id)
    return documents


def _marked(text: str | None) -> SafeString:
    marked = escape(text or "").replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    marked += "</mark>" * (marked.count("<mark>") - marked.count("</mark>"))
    return mark_safe(marked)  # noqa: S308 - escaped above; only our own marks are HTML

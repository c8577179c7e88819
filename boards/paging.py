"""Pages of long lists that work out what a row shows for the rows of the page only."""

from collections.abc import Callable, Sequence

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, QuerySet, Window

from .prepared import Literal, Prepared, unwrapped


class Columns:
    """A list's rows with what a row shows (joins, subqueries), always the same query but for
    the ids of the page: prepared (see boards.prepared), so it is compiled once per process."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._read = Prepared(lambda ids: build().filter(pk__in=ids).order_by())

    def read(self, ids: Sequence[int]) -> list:
        return self._read(ids=list(ids)) if ids else []


def in_order(queryset: "QuerySet | Columns", ids: Sequence[int]) -> list:
    """The rows of `queryset` with these ids, in the order of `ids` (missing ones left out).
    The database is not asked to sort them: a model's default order can cost a join."""
    if isinstance(queryset, Columns):
        rows = queryset.read(ids)
    else:
        rows = queryset.filter(pk__in=ids).order_by()
    found = {row.pk: row for row in rows}
    return [found[pk] for pk in ids if pk in found]


MAX_PAGE = 10**6  # a page number past this is past the end of any list here


def _wanted(number) -> int:
    try:
        return int(number or 1)
    except (TypeError, ValueError):
        return 1


def _ids_with_total(queryset: QuerySet, start: int, per_page: int) -> QuerySet:
    """(id, count of the whole list) for the rows of one page."""
    return queryset.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[
        start : start + per_page
    ]


def _page(rows: list, wanted: int, paginator: Paginator) -> Page | None:
    if not rows:
        return None
    paginator.count = rows[0][1]  # cached_property: the paginator does not count again
    return Page([pk for pk, _total in rows], wanted, paginator)


def _paginator_page(paginator: Paginator, number) -> Page:
    try:
        return paginator.page(_wanted(number))
    except InvalidPage:
        return paginator.get_page(number)


def _ids_page(queryset: QuerySet, number, per_page: int) -> Page:
    """The page's ids and the count of the whole list in one query (a window count beside each
    id); a page past the end, or a list with DISTINCT or UNION, takes the paginator's two
    queries."""
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    wanted = _wanted(number)
    query = queryset.query
    if 1 <= wanted <= MAX_PAGE and not query.distinct and not query.combinator:
        rows = list(_ids_with_total(queryset, (wanted - 1) * per_page, per_page))
        if page := _page(rows, wanted, paginator):
            return page
    return _paginator_page(paginator, number)


def page_of(
    queryset: QuerySet,
    number,
    per_page: int,
    *,
    columns: "QuerySet | Columns",
) -> Page:
    """Page `number` of `queryset`, filtered and sorted as given.

    Counting and sorting run on the bare rows; `columns`, the same model's rows with the joins,
    subqueries and prefetches a row shows, is read for the rows of the page alone, so a long list
    costs no more to show than a short one.
    """
    page = _ids_page(queryset, number, per_page)
    page.object_list = in_order(columns, list(page))
    return page


PREPARED_PAGES = 5  # the first pages of a list, the ones people read, are prepared


class PreparedPages:
    """page_of() for a list of fixed shape, built by functions of a few values (a meeting's id,
    its date): the queries of its first pages are prepared (see boards.prepared), so the ORM does
    not build and compile them on each request.

    `rows(**values)` is the list, filtered and sorted; `columns(**values)` the same model's rows
    with what a row shows, read for the page's ids alone. Each is given its own values.
    """

    def __init__(
        self, *, rows: Callable[..., QuerySet], columns: Callable[..., QuerySet], per_page
    ):
        self.rows = rows
        self.per_page = per_page
        self._ids = Prepared(
            lambda start, **values: _ids_with_total(rows(**values), start, per_page)
        )
        self._columns = Prepared(
            lambda ids, **values: columns(**values).filter(pk__in=ids).order_by()
        )

    def page(self, number, *, rows: dict, columns: dict) -> Page:
        wanted = _wanted(number)
        page = None
        if 1 <= wanted <= PREPARED_PAGES:
            start = Literal((wanted - 1) * self.per_page)
            # The count comes with the ids: the paginator is given it, and no list to count.
            page = _page(self._ids(start=start, **rows), wanted, Paginator((), self.per_page))
        if page is None:  # a later page, a page past the end, an empty list
            page = _ids_page(self.rows(**unwrapped(rows)), number, self.per_page)
        found = {row.pk: row for row in self._columns(ids=list(page), **columns)} if page else {}
        page.object_list = [found[pk] for pk in page if pk in found]
        return page

"""Pages of long lists that work out what a row shows for the rows of the page only."""

from collections.abc import Sequence

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, QuerySet, Window


def in_order(queryset: QuerySet, ids: Sequence[int]) -> list:
    """The rows of `queryset` with these ids, in the order of `ids` (missing ones left out).
    The database is not asked to sort them: a model's default order can cost a join."""
    found = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]


MAX_PAGE = 10**6  # a page number past this is past the end of any list here


def _ids_page(queryset: QuerySet, number, per_page: int) -> Page:
    """The page's ids and the count of the whole list in one query (a window count beside each
    id); a page past the end, or a list with DISTINCT or UNION, takes the paginator's two
    queries."""
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        wanted = 1
    query = queryset.query
    if 1 <= wanted <= MAX_PAGE and not query.distinct and not query.combinator:
        start = (wanted - 1) * per_page
        rows = list(
            queryset.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[
                start : start + per_page
            ]
        )
        if rows:
            paginator.count = rows[0][1]  # cached_property: the paginator does not count again
            return Page([pk for pk, _total in rows], wanted, paginator)
    try:
        return paginator.page(wanted)
    except InvalidPage:
        return paginator.get_page(number)


def page_of(
    queryset: QuerySet,
    number,
    per_page: int,
    *,
    columns: QuerySet,
) -> Page:
    """Page `number` of `queryset`, filtered and sorted as given.

    Counting and sorting run on the bare rows; `columns`, the same model's rows with the joins,
    subqueries and prefetches a row shows, is read for the rows of the page alone, so a long list
    costs no more to show than a short one.
    """
    page = _ids_page(queryset, number, per_page)
    page.object_list = in_order(columns, list(page))
    return page

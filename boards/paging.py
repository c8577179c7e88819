"""Pages of long lists that work out what a row shows for the rows of the page only."""

from collections.abc import Callable, Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def in_order(queryset: QuerySet, ids: Sequence[int]) -> list:
    """The rows of `queryset` with these ids, in the order of `ids` (missing ones left out)."""
    found = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def page_of(
    queryset: QuerySet,
    number,
    per_page: int,
    *,
    columns: Callable[[QuerySet], QuerySet],
) -> Page:
    """Page `number` of `queryset`, filtered and sorted as given.

    Counting and sorting run on the bare rows; `columns(queryset)` adds the joins, subqueries and
    prefetches a row shows, and is run for the rows of the page alone, so a long list costs no more
    to show than a short one.
    """
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    page.object_list = in_order(columns(queryset.model._default_manager.all()), list(page))
    return page

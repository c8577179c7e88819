"""One way to page a list: Django's Paginator, the page asked for in `?page=`.

The page's links keep the rest of the query string (filters, sort) through Django's
`{% querystring %}` tag in `includes/pagination.html`.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(request, rows, per_page: int, *, columns: QuerySet | None = None) -> Page:
    """The page of `rows` asked for: the first for anything that is not a page number, the last
    for a number past the end.

    `columns`, where given, is a queryset of the same model with what a row shows (subqueries,
    joins). The list is then counted and sorted on its bare ids, and `columns` read for the ids
    of the page alone: the database works out a row's subqueries for 25 rows, not for every row
    it sorts.
    """
    if columns is None:
        return Paginator(rows, per_page).get_page(request.GET.get("page"))
    page = Paginator(rows.values_list("pk", flat=True), per_page).get_page(request.GET.get("page"))
    found = columns.in_bulk(list(page))
    page.object_list = [found[pk] for pk in page if pk in found]
    return page

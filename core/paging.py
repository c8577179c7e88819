"""One way to page a list: Django's Paginator, the page asked for in `?page=`.

The page's links keep the rest of the query string (filters, sort) through Django's
`{% querystring %}` tag in `includes/pagination.html`.
"""

from django.core.paginator import Page, Paginator


def page_of(request, rows, per_page: int) -> Page:
    """The page of `rows` asked for: the first for anything that is not a page number, the last
    for a number past the end."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))

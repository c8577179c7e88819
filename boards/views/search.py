"""Search: over everything the signed-in person may read, and over what the public may read."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from .. import search
from ..models import Partnership, SearchDocument
from ..search_forms import PublicSearchForm, SearchForm

PAGE_SIZE = 20


@dataclass(frozen=True)
class Result:
    document: SearchDocument
    url: str
    snippet: SafeString


def _page(request, form, documents, filters=None):
    """The page of results asked for, or None with the problem on the form."""
    try:
        found = search.search(documents, form.cleaned_data["q"], filters)
    except search.QueryError as problem:
        form.add_error("q", str(problem))
        return None
    return Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))


def _results(page, form, url) -> list[Result]:
    if not page:
        return []
    marked = search.snippets(list(page), form.cleaned_data["q"])
    return [Result(doc, url(doc), marked.get(doc.pk, "")) for doc in page]


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def results(request):
    form = SearchForm(request.GET or None, user=request.user)
    page = None
    if form.is_bound and form.is_valid():
        page = _page(request, form, search.visible_documents(request.user), form.filters())
    rows = _results(page, form, lambda doc: doc.url)
    return render(
        request,
        "boards/search.html",
        {
            "form": form,
            "page": page,
            "results": rows,
            "query": _query(request),
            "candidates": search.CANDIDATES,
        },
    )


def _public_url(document: SearchDocument, slug: str) -> str:
    if document.kind == SearchDocument.Kind.PAPER:
        return reverse("public:agenda_pack", args=[slug, document.meeting_id])
    anchor = document.url.partition("#")[2]
    return f"{reverse('public:minutes', args=[slug, document.meeting_id])}#{anchor}"


@require_GET
def public_results(request, slug):
    """Published minutes and the papers of published agenda packs, never a confidential item."""
    partnership = get_object_or_404(Partnership, slug=slug)
    form = PublicSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        page = _page(request, form, search.public_documents(partnership))
    rows = _results(page, form, lambda doc: _public_url(doc, slug))
    return render(
        request,
        "public/search.html",
        {
            "partnership": partnership,
            "form": form,
            "page": page,
            "results": rows,
            "query": _query(request),
            "candidates": search.CANDIDATES,
        },
    )

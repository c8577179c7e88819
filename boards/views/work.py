""" "Your work": the page everyone with a person record lands on after signing in."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import registry
from core.paging import page_of

from .. import work

PAGE_SIZE = 50


@login_required
@require_GET
def your_work(request):
    you = work.You.of(request.access)
    sections = work.your_work(you) if you.person_ids else []
    return render(
        request,
        "boards/work.html",
        {"sections": sections, "named": bool(you.person_ids), "shown": work.SHOWN},
    )


@login_required
@require_GET
def your_work_section(request, key):
    """One section of "Your work" in full, a page at a time."""
    section = registry.work_section(key)
    you = work.You.of(request.access)
    if section is None or not you.person_ids:
        raise Http404("No such list")
    found = section.rows(you)
    page = page_of(request, found.rows, PAGE_SIZE)
    return render(
        request,
        "boards/work_section.html",
        {"section": section, "found": found, "page": page, "rows": list(page)},
    )

"""Pages anyone may read without signing in: only published material."""

from django.shortcuts import get_object_or_404, render

from ..models import Partnership


def partnership(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    return render(
        request,
        "public/partnership.html",
        {"partnership": partnership, "boards": partnership.boards.all()},
    )

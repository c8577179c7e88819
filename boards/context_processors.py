from django.urls import reverse

from . import access


def navigation(request):
    """The partnership named in the header and the service navigation under it.

    Worked out once per request: partials rendered for the same request reuse it.
    """
    cached = getattr(request, "_navigation", None)
    if cached is not None:
        return cached
    request._navigation = _navigation(request)
    return request._navigation


def _navigation(request):
    user = request.user
    match = getattr(request, "resolver_match", None)
    slug = (match.kwargs.get("slug") if match else None) or request.session.get("partnership")
    partnership = None
    if user.is_authenticated:
        partnerships = access.partnerships_for(user)
        partnership = partnerships.filter(slug=slug).first() if slug else None
        if partnership is None:
            partnership = partnerships.first()
        if partnership and request.session.get("partnership") != partnership.slug:
            request.session["partnership"] = partnership.slug
    path = request.path
    items = []
    if partnership:
        items = [
            {"text": "Boards", "href": reverse("boards:partnership", args=[partnership.slug])},
            {"text": "People", "href": reverse("boards:people", args=[partnership.slug])},
            {"text": "My actions", "href": reverse("actions:mine")},
        ]
        for item in items:
            item["current"] = path.startswith(item["href"]) and item["href"] != "/"
    return {"nav_partnership": partnership, "nav_items": items}

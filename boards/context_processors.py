from django.urls import reverse

from core import registry

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
        partnership = access.partnership_in_header(request.access, slug) if slug else None
        if partnership is None:
            partnership = access.partnerships_for(request.access).first()
        if partnership and request.session.get("partnership") != partnership.slug:
            request.session["partnership"] = partnership.slug
    items = []
    if partnership:
        for _order, text, url_name, per_partnership in registry.nav_items():
            args = [partnership.slug] if per_partnership else []
            items.append({"text": text, "href": reverse(url_name, args=args)})
        # The most specific link that the page's address starts with is the current one.
        matching = [item for item in items if request.path.startswith(item["href"])]
        current = max(matching, key=lambda item: len(item["href"]), default=None)
        for item in items:
            item["current"] = item is current
    return {"nav_partnership": partnership, "nav_items": items}

from django.urls import reverse

from core import registry

from . import access


def navigation(request):
    """The partnership named in the header and the service navigation under it.

    Worked out once per request: partials rendered for the same request reuse it.
    """
    return request.access.answer("navigation", lambda: _navigation(request))


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
        view_name = match.view_name if match else ""
        current = registry.current_nav_item(view_name)
        for item in registry.nav_items():
            args = [partnership.slug] if item.per_partnership else []
            items.append(
                {
                    "text": item.text,
                    "href": reverse(item.url_name, args=args),
                    "current": item is current,
                }
            )
    return {"nav_partnership": partnership, "nav_items": items}

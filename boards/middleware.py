"""Responses that are not public are kept out of every cache."""

from django.conf import settings

# The pages anyone may read signed out: published minutes, calendars, the accessibility statement.
PUBLIC_NAMESPACES = {"public"}
PUBLIC_PAGES = {"accessibility"}


def _is_public(request) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    if match.namespace not in PUBLIC_NAMESPACES and match.url_name not in PUBLIC_PAGES:
        return False
    # Without a session cookie nobody is signed in, and the session is not read for nothing
    # (reading it would make the page vary by cookie for every shared cache).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


class PrivateByDefaultMiddleware:
    """`Cache-Control: private, no-store` on everything but a public page read signed out, so that
    no browser, proxy or shared computer keeps a confidential page, export or paper. Public pages
    keep whatever caching their views give them. Static files are served before this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _is_public(request):
            response["Cache-Control"] = "private, no-store"
        return response

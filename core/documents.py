"""PDF rendering for every document the app prints, through one helper.

WeasyPrint never fetches what user text points at: the URL fetcher serves only the app's own
static files (by path, from the static finders) and refuses everything else, so a `file://`,
`http://` or `../` reference typed into minutes or a report is not fetched.

Every render has a time limit: one that runs past it is stopped with RenderTooLong, whose message
is for people, rather than running until the web server kills its worker. The text that goes in
is bounded already (see minutes_text); the limit catches what those bounds do not foresee.
"""

import contextlib
import logging
import mimetypes
import posixpath
import signal
import threading
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.template.loader import render_to_string

from .downloads import as_download

logger = logging.getLogger(__name__)

BASE_URL = "https://app.invalid/"


class RefusedFetch(ValueError):
    pass


def _static_file_for(url: str) -> str:
    """The path of the app's own static file that `url` names, or RefusedFetch."""
    parsed = urlparse(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if f"{parsed.scheme}://{parsed.netloc}/" != BASE_URL:
        raise RefusedFetch(f"Not fetched: {url}")
    path = posixpath.normpath(unquote(parsed.path))
    if not path.startswith(static_prefix) or ".." in unquote(parsed.path).split("/"):
        raise RefusedFetch(f"Not fetched: {url}")
    found = finders.find(path[len(static_prefix) :])
    if not found:
        raise RefusedFetch(f"Not found: {url}")
    return found


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = _static_file_for(url)
            with open(found, "rb") as handle:
                body = handle.read()
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return SafeURLFetcher


def safe_url_fetcher():
    """A WeasyPrint URL fetcher that serves only the app's own static files."""
    return _fetcher_class()(allowed_protocols={"https", "data"}, allow_redirects=False)


# A render in a request must end well inside the web server's worker timeout (60 s in the
# README's gunicorn command); the pack's worker passes its own limit per section.
RENDER_SECONDS = 20


class RenderTooLong(Exception):
    """A render ran past its time limit and was stopped."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(
            f"The document took longer than {seconds:g} seconds to make, so it was stopped."
        )


@contextlib.contextmanager
def time_limit(seconds: float):
    """Stop the block with RenderTooLong once it has run for `seconds`.

    A timer signal interrupts it, so the limit holds in a process's main thread: gunicorn's sync
    workers and `manage.py db_worker`, as the README runs them. Elsewhere (a threaded server,
    the worker under --reload) signals cannot reach the thread and the block runs unbounded.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise RenderTooLong(seconds)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_pdf(
    template: str,
    context: dict,
    *,
    title: str,
    request=None,
    tagged: bool = True,
    seconds: float | None = None,
) -> bytes:
    """Render a template to a tagged PDF (PDF/UA) with title and language set; untagged if
    `tagged` is False. Raises RenderTooLong if WeasyPrint runs past `seconds` (RENDER_SECONDS
    unless given; 0 for no limit).

    The template's `<title>{{ document_title }}</title>` gives the PDF its title and its
    `<html lang="en-GB">` the document language (WeasyPrint reads both from the HTML).
    """
    from weasyprint import HTML

    html = render_to_string(template, {**context, "document_title": title}, request=request)
    options = {"pdf_variant": "pdf/ua-1", "custom_metadata": True} if tagged else {}
    with time_limit(RENDER_SECONDS if seconds is None else seconds):
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=safe_url_fetcher())
        return document.write_pdf(**options)


class RenderTooLongMiddleware:
    """A document that took too long to make answers with a page that says so and what to do,
    rather than a server error, whichever view was making it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RenderTooLong):
            return None
        logger.warning("Render stopped after %s s: %s", exception.seconds, request.path)
        response = render(
            request, "boards/render_too_long.html", {"stopped": exception}, status=503
        )
        response["Retry-After"] = "60"
        return response


def pdf_response(data: bytes, filename: str, *, inline: bool = True):
    from django.http import HttpResponse

    return as_download(HttpResponse(data, content_type="application/pdf"), filename, inline=inline)

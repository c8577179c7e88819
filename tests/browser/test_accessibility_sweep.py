"""Every page of the app, signed in and signed out, passes axe-core and reads at 320 px wide."""

import re
from itertools import takewhile
from urllib.parse import urldefrag, urlparse

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

# Files and exports open outside the browser page; admin is Django's own; sign out ends the crawl.
SKIPPED = re.compile(
    r"^/admin/|/logout/|\.(pdf|docx|xlsx|csv|ics)$|/export\.|/download/|/pdf/|/docx/|^/papers/\d+/$"
)
PAGES_PER_SHAPE = 2


def shape(path):
    """The page a URL shows, whatever the record: /p/x/b/sspb/meetings/ ~ /p/x/b/jcb/meetings/."""
    return re.sub(r"\d+", "N", re.sub(r"/b/[^/]+/", "/b/B/", path))


def violations(problem):
    """axe-core's violations from assert_accessible, without pytest's restatement of the assert."""
    lines = takewhile(lambda line: not line.startswith("assert "), str(problem).splitlines())
    return "\n  ".join(lines)


def links_on(page, origin):
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(link => link.href)"
    )
    for href in hrefs:
        url = urlparse(urldefrag(href).url)
        if f"{url.scheme}://{url.netloc}" == origin and not SKIPPED.search(url.path):
            yield url.path + (f"?{url.query}" if url.query else "")


def crawl(page, origin, starts, *, seen_shapes=None):
    """Visit every page reachable from `starts`, at most PAGES_PER_SHAPE of each URL shape."""
    seen_shapes = {} if seen_shapes is None else seen_shapes
    queue, visited, failures = list(starts), set(), []
    while queue:
        path = queue.pop(0)
        key = shape(urlparse(path).path)
        if path in visited or seen_shapes.get(key, 0) >= PAGES_PER_SHAPE:
            continue
        visited.add(path)
        seen_shapes[key] = seen_shapes.get(key, 0) + 1
        response = page.goto(path)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        try:
            assert_accessible(page)
        except AssertionError as problem:
            failures.append(f"{path}\n  {violations(problem)}")
        if page.locator("h1").count() != 1:
            failures.append(f"{path}\n  has {page.locator('h1').count()} h1 elements")
        queue.extend(link for link in links_on(page, origin) if link not in visited)
    return visited, failures


@pytest.fixture
def next_meeting(demo):
    """The SSPB's next meeting with its agenda and minutes started: the minute-taking screen."""
    from boards.models import Meeting
    from boards.services.attendance import attendance_prefill
    from boards.services.meetings import standing_items_add
    from boards.services.minutes import minutes_of

    meeting = Meeting.objects.filter(board__short_name="SSPB").order_by("-date").first()
    standing_items_add(meeting=meeting)
    minutes_of(meeting)
    attendance_prefill(meeting=meeting)
    return meeting


def test_every_page_passes_axe(page, demo, next_meeting):
    sign_in(page, "secretary")
    meeting = f"/meetings/{next_meeting.pk}"
    starts = [
        # The SSPB board first, so that its meetings (minutes, attendance) are the ones seen.
        "/p/southend/b/sspb/",
        "/p/southend/",
        "/my-actions/",
        # Pages of a meeting that the minute-taking screen shows inline rather than links to.
        f"{meeting}/action-log/",
        f"{meeting}/risk-log/",
    ]
    signed_in, failures = crawl(page, demo.url, starts)

    page.context.clear_cookies()
    public, public_failures = crawl(
        page,
        demo.url,
        [
            "/public/southend/",
            "/accounts/login/",
            "/accounts/password-reset/",
            "/accounts/password-reset/sent/",
            "/accessibility/",
        ],
    )
    failures += public_failures

    for expected in ("/minutes/take/", "/attendance/", "/action-log/", "/risk-log/", "/plans/"):
        assert any(expected in path for path in signed_in), (expected, sorted(signed_in))
    assert any(path.startswith("/public/southend/minutes/") for path in public), sorted(public)
    assert not failures, "\n".join(failures)


NARROW_PAGES = {
    "board": "/p/southend/b/sspb/",
    "action-log": "/p/southend/b/sspb/actions/",
    "risk-register": "/p/southend/b/sspb/risks/",
    "dashboard": "/p/southend/dashboard/",
}


def published_minutes():
    from boards.models import Meeting

    return Meeting.objects.filter(minutes__status="published").order_by("date").first()


def test_core_pages_read_at_320_pixels(page, next_meeting):
    from strategy.models import Plan

    sign_in(page, "secretary")
    page.set_viewport_size({"width": 320, "height": 640})
    paths = {
        **NARROW_PAGES,
        "meeting": f"/meetings/{next_meeting.pk}/",
        "minute-taking": f"/meetings/{next_meeting.pk}/minutes/take/",
        "attendance": f"/meetings/{next_meeting.pk}/attendance/",
        "published-minutes": f"/public/southend/minutes/{published_minutes().pk}/",
        "plan": f"/plans/{Plan.objects.order_by('pk').first().pk}/",
    }
    for name, path in paths.items():
        assert page.goto(path).url.endswith(path)
        assert page.locator("h1").count() == 1, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways ({width}px)"
        # A table wider than the screen scrolls inside a region a keyboard user can reach.
        for table in page.locator("table").all():
            if table.evaluate("t => t.scrollWidth > t.parentElement.clientWidth"):
                region = table.locator("xpath=..")
                assert region.get_attribute("tabindex") == "0", f"{path}: table not focusable"
                assert region.get_attribute("role") == "region", path
                assert region.get_attribute("aria-labelledby") or region.get_attribute(
                    "aria-label"
                ), path
        assert_accessible(page, f"narrow-{name}")


FORMS = [
    "/p/southend/b/sspb/meetings/new/",
    "/p/southend/b/sspb/actions/new/",
    "/p/southend/b/sspb/risks/new/",
    "/p/southend/people/new/",
]


def test_forms_with_errors_pass_axe_and_take_focus_to_the_summary(page):
    from strategy.models import Plan

    sign_in(page, "secretary")
    failures = []
    for path in [*FORMS, f"/plans/{Plan.objects.order_by('pk').first().pk}/priorities/new/"]:
        page.goto(path)
        page.locator("main form[method=post] button.govuk-button").first.click()
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        # GOV.UK Frontend moves focus to the summary, so it is read out first.
        if not summary.evaluate("box => box === document.activeElement"):
            failures.append(f"{path}\n  the error summary does not take focus")
        for link in summary.locator("a").all():
            target = link.get_attribute("href")
            if not page.locator(target).count():
                failures.append(f"{path}\n  error link {target} leads nowhere")
        try:
            assert_accessible(page)
        except AssertionError as problem:
            failures.append(f"{path}\n  {violations(problem)}")
    assert not failures, "\n".join(failures)

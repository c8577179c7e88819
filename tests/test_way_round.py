"""One way round the demo partnership: every page below it has breadcrumbs, a title naming the
page, its board and the partnership once, at most one primary button, and the menu marking the
section it belongs to."""

import io
import re
from urllib.parse import urldefrag, urlparse

import lxml.html
import pytest
from django.core.management import call_command
from django.test import Client

PARTNERSHIP = "Southend SEND Area Partnership"
SKIPPED = re.compile(
    r"^/admin/|^/public/|/logout/|\.(pdf|docx|xlsx|csv|ics)$|/export\.|/download/|/pdf/|/docx/"
    r"|^/papers/\d+/$"
)
# Pages that are not below one partnership: they gather work from every partnership a person is in.
ABOVE_THE_PARTNERSHIP = re.compile(r"^/(your-work|my-actions|accessibility)/|^/p/[^/]+/$")
BOARD_PAGE = re.compile(r"^/p/[^/]+/b/[^/]+/$")
SECTIONS = [  # the first pattern that a page's address matches names its menu item
    (r"^/your-work/", "Your work"),
    (r"^/my-actions/", "My actions"),
    (r"^/accessibility/", None),
    (r"^/p/[^/]+/(dashboard|indicators)/|^/indicators/", "Dashboard"),
    (r"/plans/|/plan-checklist/|/highlight-reports/|^/(priorities|plan-actions)/", "Plans"),
    (r"/actions/|/action-log/", "Actions"),
    (r"/risks/|/risk-log/", "Risks"),
    (r"^/p/[^/]+/(people|organisations)/", "People"),
    (r"", "Boards"),
]
NOT_PRIMARY = {"govuk-button--secondary", "govuk-button--warning", "govuk-button--inverse"}
PAGES_PER_SHAPE = 1


def shape(path):
    return re.sub(r"\d+", "N", re.sub(r"/b/[^/]+/", "/b/B/", path))


def text(element):
    return " ".join(element.text_content().split())


def expected_section(path):
    return next(name for pattern, name in SECTIONS if re.search(pattern, path))


def problems_on(path, html):
    page = lxml.html.fromstring(html)
    found = []
    title = text(page.find(".//title"))
    crumbs = page.xpath("//nav[contains(@class, 'govuk-breadcrumbs')]//a")
    below = not ABOVE_THE_PARTNERSHIP.search(path)

    if below and not crumbs:
        found.append("no breadcrumbs")
    if crumbs and (text(crumbs[0]) != PARTNERSHIP or crumbs[0].get("href") != "/p/southend/"):
        found.append(f"breadcrumbs start at {text(crumbs[0])!r}")

    parts = title.split(" – ")
    if parts[-1] != PARTNERSHIP or title.count(PARTNERSHIP) != 1:
        found.append(f"title {title!r} does not end with the partnership, once")
    boards = [text(link) for link in crumbs if BOARD_PAGE.match(link.get("href"))]
    on_its_board = boards and not BOARD_PAGE.match(path)
    if on_its_board and (len(parts) != 3 or parts[1] != boards[-1]):
        found.append(f"title {title!r} is not '<page> – {boards[-1]} – {PARTNERSHIP}'")

    buttons = page.xpath("//main//*[contains(concat(' ', @class, ' '), ' govuk-button ')]")
    primary = [text(b) for b in buttons if not NOT_PRIMARY & set(b.get("class").split())]
    if len(primary) > 1:
        found.append(f"{len(primary)} primary buttons: {primary}")

    current = [text(link) for link in page.xpath("//nav[@aria-label='Menu']//a[@aria-current]")]
    section = expected_section(path)
    if current != ([section] if section else []):
        found.append(f"menu marks {current}, not {section!r}")
    return found


def links_on(html):
    for href in lxml.html.fromstring(html).xpath("//a[@href]/@href"):
        url = urlparse(urldefrag(href).url)
        if not url.netloc and url.path.startswith("/") and not SKIPPED.search(url.path):
            yield url.path + (f"?{url.query}" if url.query else "")


def walk(client, starts):
    """Every page reachable from `starts`, one of each URL shape, with what is wrong on each."""
    queue, seen, failures = list(starts), {}, []
    while queue:
        path = queue.pop(0)
        key = shape(urlparse(path).path)
        if seen.get(key, 0) >= PAGES_PER_SHAPE:
            continue
        seen[key] = seen.get(key, 0) + 1
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        failures += [f"{path}: {problem}" for problem in problems_on(path, html)]
        queue.extend(links_on(html))
    return seen, failures


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())


def client_for(username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_every_page_of_the_secretary_has_one_way_round(demo):
    from boards.models import Meeting
    from boards.services.attendance import attendance_prefill
    from boards.services.meetings import standing_items_add
    from boards.services.minutes import minutes_of

    meeting = Meeting.objects.filter(board__short_name="SSPB").order_by("-date").first()
    standing_items_add(meeting=meeting)
    minutes_of(meeting)
    attendance_prefill(meeting=meeting)
    starts = [
        "/p/southend/b/sspb/",
        "/p/southend/",
        "/your-work/",
        "/my-actions/",
        f"/meetings/{meeting.pk}/minutes/take/",
        f"/meetings/{meeting.pk}/attendance/",
        f"/meetings/{meeting.pk}/action-log/",
        f"/meetings/{meeting.pk}/risk-log/",
        f"/meetings/{meeting.pk}/pack/",
    ]
    seen, failures = walk(client_for("secretary"), starts)

    for kind in ("/meetings/N/pack/", "/plans/N/", "/meetings/N/highlight-reports/N/"):
        assert kind in seen, sorted(seen)
    assert len(seen) > 60
    assert not failures, "\n".join(failures)

    # The meeting page's link to the pack is named for the web page it opens, not as a PDF.
    page = lxml.html.fromstring(client_for("secretary").get(f"/meetings/{meeting.pk}/").content)
    [link] = page.xpath(f"//main//a[@href='/meetings/{meeting.pk}/pack/']")
    assert text(link) == "Meeting pack"


def test_the_sro_sees_the_same_shape_on_their_pages(demo):
    seen, failures = walk(client_for("sro"), ["/your-work/", "/my-actions/", "/p/southend/"])
    assert len(seen) > 20
    assert not failures, "\n".join(failures)

"""Every URL of the app, as every role: allowed or refused, never a leak, never a server error.

The URLs are found the way a person finds them: by crawling every page a secretary and site staff
can reach (links, form actions, htmx endpoints), so each new page, export, feed or file is swept
as soon as it is linked from the app. A confidential agenda item of a published meeting is the
canary: its words must never reach a public page, PDF, Word file or feed, and its title never
reaches anyone without a seat on the board (an SRO writing a highlight report, an action's owner),
on any page they can open.
"""

import datetime
import io
import re
from html import unescape
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from boards import search
from boards.models import AgendaItem, Board, Meeting, Minutes, Role
from strategy.models import Plan
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    BoardFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
    member_user,
)
from tests.strategy.factories import HighlightReportFactory, PriorityFactory

pytestmark = pytest.mark.django_db

CANARY = "Canary exempt item 7f3a"
CANARY_TEXT = "Canary exempt minutes 9b1c"
PUBLIC_PREFIXES = ("/public/", "/accessibility/", "/accounts/", "/static/")
SKIP = ("/accounts/logout/", "/admin/", "/static/")
LINK = re.compile(r'(?:href|action|hx-get|hx-post|hx-put|hx-patch|hx-delete|src)="([^"]+)"')
MAX_URLS = 600


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    board = Board.objects.get(partnership__slug="southend", short_name="SSPB")
    meeting = Meeting.objects.create(
        board=board, date=datetime.date(2022, 11, 24), status=Meeting.Status.HELD, venue="Online"
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Welcome")
    canary = AgendaItem.objects.create(
        meeting=meeting, position=2, title=CANARY, confidential=True, minutes_text=CANARY_TEXT
    )
    Minutes.objects.create(meeting=meeting, status=Minutes.Status.PUBLISHED)
    other = BoardFactory(partnership=PartnershipFactory(slug="elsewhere", name="Elsewhere"))
    outsider = member_user(other, Role.SECRETARY, "outsider")
    # An officer of the partnership without a seat on SSPB: SRO of a priority of the plan SSPB
    # owns, with a highlight report and an action the secretary put under the canary item.
    seatless = UserFactory(username="seatless")
    person = PersonFactory(partnership=board.partnership, user=seatless, initials="SO")
    plan = Plan.objects.get(owner_board=board, title="Post-Inspection Strategic Action Plan")
    priority = PriorityFactory(plan=plan, number=99, sro=person)
    report = HighlightReportFactory(priority=priority, meeting=meeting, agenda_item=canary)
    action = ActionFactory(
        board=board, reference="C1", raised_at=meeting, raised_at_item=canary, owners=[person]
    )
    search.rebuild()  # the records above were written straight to the tables
    return {
        "meeting": meeting,
        "outsider": outsider,
        "seatless": seatless,
        "priority": priority,
        "seatless_pages": [
            priority.get_absolute_url(),
            report.get_absolute_url(),
            reverse("strategy:report_write", args=[meeting.pk, priority.pk]),
            action.get_absolute_url(),
            # Search, whose results and snippets come from everything: the canary's own words.
            f"{reverse('search:results')}?q=Canary+exempt",
        ],
    }


def _client(username=None, user=None):
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    if username or user:
        client.force_login(user or get_user_model().objects.get(username=username))
    return client


def _links(response, base_path):
    if "html" not in response.get("Content-Type", ""):
        return set()
    found = set()
    for raw in LINK.findall(response.content.decode(errors="replace")):
        url = urldefrag(unescape(raw)).url
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or not url or url.startswith(("mailto:", "#")):
            continue
        path = parsed.path if parsed.path.startswith("/") else base_path.rsplit("/", 1)[0] + "/"
        if parsed.path and not parsed.path.startswith("/"):
            path += parsed.path
        found.add(path + (f"?{parsed.query}" if parsed.query else ""))
    return found


def _shape(url):
    """URLs that differ only by ids or query values are pages of one kind."""
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path), tuple(keys)


def _crawl(client, start, per_shape=2):
    seen, queue, pages, shapes = set(), list(start), {}, {}
    while queue and len(seen) < MAX_URLS:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        shape = _shape(url)
        if shapes.get(shape, 0) >= per_shape:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        seen.add(url)
        response = client.get(url)
        assert response.status_code != 500, f"server error on {url}"
        pages[url] = response.status_code
        if response.status_code == 200:
            queue.extend(sorted(_links(response, urlparse(url).path) - seen))
    return pages


def _text_of(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        from pypdf import PdfReader

        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if "wordprocessingml" in kind:
        from docx import Document

        return " ".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
    return body.decode(errors="replace")


def test_every_url_as_every_role(world):
    start = ["/", "/p/southend/", "/my-actions/", "/public/southend/", "/search/?q=Canary"]
    urls = _crawl(_client("secretary"), start)
    urls.update(_crawl(_client("admin"), ["/p/southend/"]))
    ours = [u for u in urls if urls[u] == 200 and not u.startswith(PUBLIC_PREFIXES)]
    assert len(ours) >= 5, "the crawl found too little to be a real sweep"

    anonymous = _client()
    outsider = _client(user=world["outsider"])
    member = _client("member")
    others = {"chair": _client("chair"), "sro": _client("sro")}
    problems = []
    for url in sorted(ours):
        response = anonymous.get(url)
        if response.status_code not in (302, 403, 404):
            problems.append(f"anonymous got {response.status_code} on {url}")
        elif response.status_code == 302 and "/accounts/login/" not in response.url:
            problems.append(f"anonymous redirected elsewhere than sign-in on {url}")

        response = outsider.get(url)
        if response.status_code == 500:
            problems.append(f"outsider caused a server error on {url}")
        elif response.status_code == 200:
            if "southend" in url:
                problems.append(f"outsider read {url}")
            elif CANARY in _text_of(response) or "Southend" in _text_of(response):
                problems.append(f"outsider saw the partnership's data at {url}")

        for role, client in others.items():
            # The chair reads and approves, the SRO updates what they own: either may be
            # refused a page, never given a server error.
            status = client.get(url).status_code
            if status not in (200, 302, 403, 404):
                problems.append(f"{role} got {status} on {url}")

        response = member.get(url)
        if response.status_code == 500:
            problems.append(f"member caused a server error on {url}")
        elif re.search(r"/(new|edit|delete)/", url) and response.status_code == 200:
            # Members read; adding and changing belongs to the secretary (and staff).
            problems.append(f"member may open the editing page {url}")
    assert not problems, "\n".join(problems)


def _for_the_canary(url: str, world) -> str:
    """The same kind of page for the canary's meeting (and the seatless SRO's priority)."""
    url = re.sub(r"^/meetings/\d+/", f"/meetings/{world['meeting'].pk}/", url)
    return re.sub(r"/highlight-reports/\d+/", f"/highlight-reports/{world['priority'].pk}/", url)


def test_no_page_names_a_confidential_item_to_someone_without_a_seat(world):
    """Whatever a person without a seat on the board can open, from their own pages or any page
    of a meeting the secretary reaches (tried for the canary's meeting), holds not its title."""
    seatless = _client(user=world["seatless"])
    pages = _crawl(seatless, ["/", "/my-actions/", *world["seatless_pages"]], per_shape=4)
    assert all(pages[url] == 200 for url in world["seatless_pages"]), pages
    secretarys = _crawl(_client("secretary"), ["/p/southend/"])
    pages.update({_for_the_canary(url, world): 0 for url in secretarys})
    leaks = []
    for url in sorted(pages):
        if url.startswith(PUBLIC_PREFIXES):
            continue  # the published minutes may name the exempt item, with its note
        response = seatless.get(url)
        assert response.status_code != 500, f"server error on {url}"
        if response.status_code == 200 and CANARY in _text_of(response):
            leaks.append(url)
    assert not leaks, "a confidential item named to someone without a seat at:\n" + "\n".join(leaks)


def test_public_pages_and_documents_never_hold_confidential_items(world):
    anonymous = _client()
    public = _crawl(
        anonymous, ["/public/southend/", "/accessibility/", "/public/southend/search/?q=Canary"]
    )
    readable = [u for u, status in public.items() if status == 200]
    assert readable
    for url in readable:
        response = anonymous.get(url)
        text = _text_of(response)
        # The public minutes may name an exempt item (with a note), never what was said.
        assert CANARY_TEXT not in text, f"confidential item leaked at {url}"


def test_post_endpoints_refuse_outsiders_and_anonymous(world):
    secretary = _client("secretary")
    forms = set()
    for url, status in _crawl(secretary, ["/p/southend/"]).items():
        if status != 200:
            continue
        html = secretary.get(url).content.decode(errors="replace")
        for match in re.finditer(r'<form[^>]*method="post"[^>]*>', html):
            action = re.search(r'action="([^"]*)"', match.group(0))
            forms.add(unescape(action.group(1)) if action and action.group(1) else url)
        forms.update(unescape(u) for u in re.findall(r'hx-post="([^"]+)"', html))
    forms = {f for f in forms if f.startswith("/") and not f.startswith(SKIP)}
    assert forms
    outsider = _client(user=world["outsider"])
    for url in sorted(forms):
        assert outsider.post(url, {}).status_code in (302, 403, 404, 405), url
        response = _client().post(url, {})
        assert response.status_code in (302, 403, 404, 405), url

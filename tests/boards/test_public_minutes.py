import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from boards.models import Attendance, ForwardPlanItem, Meeting, Minutes
from tests.boards.factories import AgendaItemFactory, MeetingFactory, MinutesFactory
from tests.boards.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(board):
    meeting = MeetingFactory(board=board)
    AgendaItemFactory(meeting=meeting, position=1, title="SEND Strategy", minutes_text="Agreed.")
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Contract award",
        confidential=True,
        minutes_text="Supplier Z was preferred on price.",
    )
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED)
    return meeting


def test_public_page_lists_only_published_minutes(anonymous, board, published):
    draft = MeetingFactory(board=board, date="2023-03-23")
    MinutesFactory(meeting=draft)
    html = anonymous.get(reverse("public:partnership", args=["southend"])).content.decode()
    assert "Minutes of 26 January 2023" in html
    assert "23 March 2023" not in html


def test_published_minutes_read_as_html_without_confidential_text(anonymous, published):
    url = reverse("public:minutes", args=["southend", published.pk])
    response = anonymous.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<h2 class="govuk-heading-m" id="minutes-item-1">1. SEND Strategy' in html
    assert "Supplier Z" not in html and "exempt from publication" in html
    assert "<caption" in html and "Attendance" in html
    assert reverse("public:minutes_pdf", args=["southend", published.pk]) in html


def test_public_pdf_and_word_have_no_confidential_text(anonymous, published):
    pdf = anonymous.get(reverse("public:minutes_pdf", args=["southend", published.pk]))
    docx = anonymous.get(reverse("public:minutes_docx", args=["southend", published.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Supplier Z" not in pdf_text(pdf.content)
    assert "Supplier Z" not in docx_text(docx.content)
    assert "SEND Strategy" in docx_text(docx.content)


def test_unpublished_minutes_are_not_public(anonymous, published):
    Minutes.objects.filter(meeting=published).update(status=Minutes.Status.APPROVED)
    for name in ("public:minutes", "public:minutes_pdf", "public:minutes_docx"):
        assert anonymous.get(reverse(name, args=["southend", published.pk])).status_code == 404


def test_published_minutes_of_one_partnership_are_not_found_under_another(anonymous, published):
    from tests.boards.factories import PartnershipFactory

    PartnershipFactory(slug="elsewhere")
    url = reverse("public:minutes", args=["elsewhere", published.pk])
    assert anonymous.get(url).status_code == 404


def test_demo_adds_the_january_2023_meeting_once(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    january = Meeting.objects.get(board__short_name="SSPB", date="2023-01-26")
    items = list(january.agenda_items.values_list("position", "planned_start", "title"))
    assert len(items) == 12
    assert items[0][2] == "Welcome, introductions and apologies"
    assert items[4][1].strftime("%H.%M") == "10.27" and items[4][2] == "Risk log"
    assert items[11][2] == "Any other business"
    recorded = {
        initials: (status, role)
        for initials, status, role in january.attendance.values_list(
            "person__initials", "status", "role"
        )
    }
    present = Attendance.Status.PRESENT
    assert recorded["MM"] == (present, Attendance.Role.CHAIR)
    assert recorded["AW"] == (present, Attendance.Role.MEMBER)
    assert recorded["SG"] == (present, Attendance.Role.GUEST)
    assert recorded["TP"][0] == Attendance.Status.APOLOGIES
    assert recorded["CJ"] == (present, Attendance.Role.MINUTE_TAKER)
    assert january.minutes.status == Minutes.Status.PUBLISHED
    assert "52 requests for places" in january.agenda_items.get(position=6).minutes_text
    march = Meeting.objects.get(board__short_name="SSPB", date="2023-03-23")
    assert march.status == Meeting.Status.SCHEDULED and january.minutes.approved_at_meeting == march
    assert march.agenda_items.filter(title="SEND Co-Production Charter update").exists()
    assert ForwardPlanItem.objects.count() == 4


def _read(response) -> str:
    assert response.status_code == 200, response.status_code
    kind = response["Content-Type"]
    if "pdf" in kind:
        text = pdf_text(response.content)
    elif "wordprocessingml" in kind:
        text = docx_text(response.content)
    else:
        text = response.content.decode()
    return " ".join(text.split())


def test_approved_and_published_minutes_print_the_declarations_as_recorded(
    anonymous, member, secretary, board
):
    from boards.models import AgendaItem
    from boards.services import minutes as services
    from boards.services.declarations import declaration_add
    from tests.boards.factories import PersonFactory

    meeting = MeetingFactory(board=board, status=Meeting.Status.HELD)
    AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Declarations of interest",
        standing=AgendaItem.Standing.DECLARATIONS,
    )
    finance = AgendaItemFactory(meeting=meeting, position=2, title="Finance")
    gemma = PersonFactory(partnership=board.partnership, name="Gemma Brown", initials="GB")
    declaration_add(
        meeting=meeting, person=gemma, interest="Governor at Chalkwell Academy", item=finance
    )
    services.minutes_circulate(meeting=meeting, link="https://boards.example.org/")
    later = MeetingFactory(board=board, date=date(2023, 3, 23), status=Meeting.Status.HELD)
    services.minutes_approve(meeting=meeting, at_meeting=later)
    services.minutes_publish(meeting=meeting)
    gemma.name = "Gemma Brown-Smith"  # renamed since: the minutes keep the name of the day
    gemma.save()

    members = [
        reverse("boards:minutes_read", args=[meeting.pk]),
        *(
            reverse(name, args=[meeting.pk])
            for name in ("boards:minutes_pdf", "boards:minutes_docx")
        ),
        *(
            reverse(name, args=[meeting.pk]) + "?version=public"
            for name in ("boards:minutes_pdf", "boards:minutes_docx")
        ),
    ]
    public = [
        reverse(name, args=["southend", meeting.pk])
        for name in ("public:minutes", "public:minutes_pdf", "public:minutes_docx")
    ]
    for client, url in [(member, url) for url in members] + [(anonymous, url) for url in public]:
        text = _read(client.get(url))
        assert "Gemma Brown (GB): Governor at Chalkwell Academy" in text, url
        assert "None recorded" not in text and "Brown-Smith" not in text, url

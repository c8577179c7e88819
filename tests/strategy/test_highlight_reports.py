import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from boards.access import Access
from boards.models import Person
from strategy.models import HighlightReport, HighlightReportReminder, Rag
from strategy.selectors_reports import meeting_report_status
from tests.boards.factories import AgendaItemFactory, BoardFactory, MeetingFactory

from .factories import HighlightReportFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, date=datetime.date(2030, 3, 14))


@pytest.fixture
def plan(board):
    return PlanFactory(owner_board=board)


@pytest.fixture
def own_priority(plan, sro):
    person = Person.objects.get(user=sro.user)
    person.email = "gary.bloom@example.org"
    person.save()
    return PriorityFactory(plan=plan, sro=person, title="Leadership")


def _report_data(**extra):
    data = {
        "rag": Rag.AMBER,
        "summary": "Recovery plan in place for EPS",
        "achievements": "PEP and SEPs recruited",
        "risks_and_issues": "EP shortage",
        "risk_references": "R4",
        "decisions_required": "To note",
        "agenda_item": "",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
        "steps-0-activity": "Annual review recovery tracker shared",
        "steps-0-by_when": "2030-04-30",
        "steps-1-activity": "",
        "steps-1-by_when": "",
    }
    data.update(extra)
    return data


def _version_posted(page):
    """The version the browser sends back: the hidden field's value, empty if it has none."""
    field = re.search(r'name="version"(?: value="(\d*)")?', page.content.decode())
    return field.group(1) or ""


def test_sro_writes_and_submits_their_own_highlight_report(sro, meeting, own_priority):
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    assert sro.get(url).status_code == 200
    response = sro.post(url, _report_data(submit="1"))
    assert response.status_code == 302
    report = HighlightReport.objects.get(meeting=meeting, priority=own_priority)
    assert report.is_submitted and report.submitted_at is not None
    assert report.deadline == datetime.date(2030, 3, 7)
    assert report.rag == Rag.AMBER and report.author == sro.user
    assert [(s.activity, s.by_when) for s in report.next_steps.all()] == [
        ("Annual review recovery tracker shared", datetime.date(2030, 4, 30))
    ]


def test_draft_then_edit_replaces_the_next_period_rows(sro, meeting, own_priority):
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    sro.post(url, _report_data(draft="1"))
    report = HighlightReport.objects.get()
    assert report.status == HighlightReport.Status.DRAFT
    sro.post(
        url,
        _report_data(
            draft="1",
            version=str(report.version),
            **{"steps-0-activity": "JSNA phase 1", "steps-0-by_when": "2030-05-01"},
        ),
    )
    report.refresh_from_db()
    assert [s.activity for s in report.next_steps.all()] == ["JSNA phase 1"]
    assert report.version == 2


def test_a_report_started_meanwhile_is_not_overwritten_by_a_form_opened_before(
    sro, secretary, meeting, own_priority
):
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    opened_empty = _version_posted(secretary.get(url))
    assert sro.post(url, _report_data(submit="1", summary="SRO's summary")).status_code == 302
    mine = _report_data(draft="1", summary="Placeholder", version=opened_empty)
    response = secretary.post(url, mine)
    assert response.status_code == 200
    assert "Someone else saved this while you were editing it" in response.content.decode()
    report = HighlightReport.objects.get()
    assert report.summary == "SRO's summary" and report.is_submitted
    # The form now carries the SRO's version: saving again deliberately keeps the secretary's.
    shown = _version_posted(response)
    assert secretary.post(url, {**mine, "version": shown}).status_code == 302
    report.refresh_from_db()
    assert report.summary == "Placeholder" and report.version == 2


def test_a_next_period_row_without_a_date_is_refused_and_nothing_saved(sro, meeting, own_priority):
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    response = sro.post(url, _report_data(submit="1", **{"steps-0-by_when": ""}))
    assert response.status_code == 200
    assert "Give the date it will be done by" in response.content.decode()
    assert not HighlightReport.objects.exists()


def test_sro_may_not_write_another_priority_report(sro, meeting, plan):
    other = PriorityFactory(plan=plan)
    url = reverse("strategy:report_write", args=[meeting.pk, other.pk])
    assert sro.get(url).status_code == 403
    assert sro.post(url, _report_data(submit="1")).status_code == 403
    assert not HighlightReport.objects.exists()


def test_member_may_not_write_and_outsider_gets_404(member, outsider, meeting, own_priority):
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    assert member.post(url, _report_data(submit="1")).status_code == 403
    assert outsider.get(url).status_code == 404
    report = HighlightReportFactory(priority=own_priority, meeting=meeting)
    assert outsider.get(report.get_absolute_url()).status_code == 404
    assert member.get(report.get_absolute_url()).status_code == 200
    tracking = reverse("strategy:meeting_reports", args=[meeting.pk])
    assert outsider.get(tracking).status_code == 404


def test_secretary_sees_which_reports_are_submitted_draft_or_missing(
    secretary, meeting, plan, own_priority, django_assert_max_num_queries
):
    missing = PriorityFactory(plan=plan, title="Data")
    drafted = PriorityFactory(plan=plan, title="Health support")
    HighlightReportFactory(priority=own_priority, meeting=meeting, status="submitted")
    HighlightReportFactory(priority=drafted, meeting=meeting, status="draft")
    states = {row.priority.title: row.state for row in meeting_report_status(meeting)}
    assert states == {"Leadership": "submitted", "Data": "missing", "Health support": "draft"}
    url = reverse("strategy:meeting_reports", args=[meeting.pk])
    with django_assert_max_num_queries(20) as few:
        page = secretary.get(url).content.decode()
    assert "Not started" in page and "Submitted" in page and "Draft" in page
    assert "1 of 3 submitted" in page
    assert f"{missing.number}. Data" in page
    for _ in range(5):
        HighlightReportFactory(priority=PriorityFactory(plan=plan), meeting=meeting)
    with django_assert_max_num_queries(len(few.captured_queries)):
        secretary.get(url)


def test_remind_emails_the_sro_and_is_recorded(secretary, meeting, own_priority):
    url = reverse("strategy:report_remind", args=[meeting.pk, own_priority.pk])
    assert secretary.get(url).status_code == 405
    response = secretary.post(url)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gary.bloom@example.org"]
    assert "7 March" in message.subject
    assert f"/meetings/{meeting.pk}/highlight-reports/{own_priority.pk}/" in message.body
    assert HighlightReportReminder.objects.get().sent_by == secretary.user


def test_only_the_secretary_may_remind(member, chair, meeting, own_priority):
    url = reverse("strategy:report_remind", args=[meeting.pk, own_priority.pk])
    assert member.post(url).status_code == 403
    assert chair.post(url).status_code == 403
    assert not mail.outbox


def test_highlight_report_pdf_and_pack_section(member, meeting, own_priority):
    from core.registry import pack_sections

    item = AgendaItemFactory(meeting=meeting, title="Highlight reports")
    report = HighlightReportFactory(
        priority=own_priority, meeting=meeting, agenda_item=item, status="submitted"
    )
    pdf = member.get(reverse("strategy:report_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = "".join(pack_sections(meeting, item, False))
    assert "Highlight report: " in html and "Leadership" in html
    other_item = AgendaItemFactory(meeting=meeting, title="AOB")
    assert pack_sections(meeting, other_item, False) == []


def test_item_panel_lists_the_reports_under_their_agenda_item(
    rf, secretary, meeting, own_priority, django_assert_max_num_queries
):
    from django.template.loader import render_to_string

    from core.registry import item_panels

    item = AgendaItemFactory(meeting=meeting, title="Highlight reports")
    other = AgendaItemFactory(meeting=meeting, title="AOB")
    HighlightReportFactory(priority=own_priority, meeting=meeting, agenda_item=item)
    request = rf.get("/")
    request.user = secretary.user
    request.access = Access(request.user)

    def ours(panels):
        return [p for p in panels if p.template.startswith("strategy/")]

    # Access (2), the action panel's people and next meeting for reading action lines (2, once
    # per meeting), and the reports (1): the same for every item of the agenda.
    with django_assert_max_num_queries(5):
        panels = ours(item_panels(request, meeting, item))
        assert ours(item_panels(request, meeting, other)) == []
    for name in ("section", "panel"):
        html = render_to_string(panels[0].template, {name: panels[0]})
        assert "Leadership" in html and "On track" in html


def test_board_page_links_the_reports_of_the_next_three_scheduled_meetings(
    member, sro, board, plan
):
    from boards.models import Meeting

    def on(year, month, status=Meeting.Status.SCHEDULED):
        return MeetingFactory(board=board, date=datetime.date(year, month, 1), status=status)

    on(2020, 1)  # past
    on(2031, 1, Meeting.Status.CANCELLED)
    listed = [on(2031, 2), on(2031, 4), on(2031, 3)]
    on(2031, 5)  # a fourth
    page = member.get(board.get_absolute_url()).content.decode()
    links = [
        reverse("strategy:meeting_reports", args=[meeting.pk])
        for meeting in sorted(listed, key=lambda meeting: meeting.date)
    ]
    found = [link for link in links if link in page]
    assert found == links
    assert [page.index(link) for link in found] == sorted(page.index(link) for link in found)
    assert page.count("Highlight reports for 1 ") == 3
    # People of the partnership without a seat see the plans, not the meetings.
    assert "Highlight reports for 1 " not in sro.get(board.get_absolute_url()).content.decode()


# An SRO without a seat on the board writes for it, and sees of its agenda what the public would.

EXEMPT = "Exempt item: placement contract"


@pytest.fixture
def agenda(meeting):
    return {
        "open": AgendaItemFactory(meeting=meeting, position=1, title="Highlight reports"),
        "confidential": AgendaItemFactory(
            meeting=meeting, position=2, title=EXEMPT, confidential=True
        ),
    }


def test_an_sro_without_a_seat_is_offered_only_the_open_agenda_items(
    sro, secretary, meeting, own_priority, agenda
):
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    page = sro.get(url).content.decode()
    assert "Highlight reports" in page and EXEMPT not in page
    assert EXEMPT in secretary.get(url).content.decode()

    posted = _report_data(submit="1", agenda_item=str(agenda["confidential"].pk))
    response = sro.post(url, posted)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert EXEMPT not in response.content.decode()
    assert not HighlightReport.objects.exists()

    posted["agenda_item"] = str(agenda["open"].pk)
    assert sro.post(url, posted).status_code == 302
    assert HighlightReport.objects.get().agenda_item == agenda["open"]


def test_a_report_put_under_a_confidential_item_stays_there_when_the_sro_edits_it(
    sro, meeting, own_priority, agenda
):
    report = HighlightReportFactory(
        priority=own_priority, meeting=meeting, agenda_item=agenda["confidential"]
    )
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    page = sro.get(url).content.decode()
    assert EXEMPT not in page and "put this report under an agenda item" in page
    posted = _report_data(draft="1", summary="Updated", version=str(report.version))
    assert sro.post(url, posted).status_code == 302
    report.refresh_from_db()
    assert report.summary == "Updated" and report.agenda_item == agenda["confidential"]


def test_an_sro_writes_only_for_the_boards_the_priority_reports_to(sro, board, own_priority):
    elsewhere = BoardFactory(partnership=board.partnership, short_name="JCB", slug="jcb")
    meeting = MeetingFactory(board=elsewhere, date=datetime.date(2030, 3, 14))
    url = reverse("strategy:report_write", args=[meeting.pk, own_priority.pk])
    assert sro.get(url).status_code == 403
    assert sro.post(url, _report_data(submit="1")).status_code == 403
    assert not HighlightReport.objects.exists()
    # The working group the priority is delivered by is one it reports to.
    own_priority.working_group = elsewhere
    own_priority.save()
    assert sro.get(url).status_code == 200


def test_the_service_refuses_an_agenda_item_the_writer_may_not_name(
    sro, secretary, meeting, own_priority, agenda
):
    from django.core.exceptions import ValidationError

    from strategy.services import highlight_report_save

    other_meeting_item = AgendaItemFactory(meeting=MeetingFactory(board=meeting.board))
    for user, item in [
        (sro.user, agenda["confidential"]),
        (secretary.user, other_meeting_item),
    ]:
        with pytest.raises(ValidationError):
            highlight_report_save(
                priority=own_priority,
                meeting=meeting,
                fields={"rag": Rag.GREEN, "summary": "x", "agenda_item": item},
                next_steps=[],
                submit=False,
                user=user,
                expected_version=0,
            )
    assert not HighlightReport.objects.exists()

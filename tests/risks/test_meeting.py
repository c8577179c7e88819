import datetime
import re

import pytest
from django.urls import reverse

from boards.access import Access
from boards.models import Minutes
from risks import services
from risks.models import Risk, RiskReview
from risks.selectors import risk_log
from tests.boards.factories import BoardFactory, MeetingFactory, MinutesFactory
from tests.risks.factories import RiskFactory, RiskReviewFactory

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2023, 1, 26)


def review_data(risk, **overrides):
    data = {
        "reviewed_on": "2023-01-26",
        "inherent_likelihood": "5",
        "inherent_impact": "5",
        "current_likelihood": "4",
        "current_impact": "4",
        "target_likelihood": "2",
        "target_impact": "3",
        "commentary": "52 requests for 12 places",
        "next_review": "2023-03-23",
        "version": str(risk.version),
        **overrides,
    }
    return {f"risk-{risk.pk}-{key}": value for key, value in data.items()}


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, date=MEETING_DAY)


def log_url(meeting):
    return reverse("risks:meeting_risk_log", args=[meeting.pk])


def review_url(meeting, risk):
    return reverse("risks:meeting_review", args=[meeting.pk, risk.pk])


def test_risk_log_lists_risks_due_for_review_by_the_meeting(member, board, meeting):
    RiskFactory(board=board, title="Due", review_date=datetime.date(2023, 1, 20))
    RiskFactory(board=board, title="Not yet", review_date=datetime.date(2023, 6, 1))
    RiskFactory(
        board=board,
        title="Closed",
        review_date=datetime.date(2023, 1, 1),
        status=Risk.Status.CLOSED,
        closed_on=datetime.date(2023, 1, 2),
    )
    html = member.get(log_url(meeting)).content.decode()
    assert "Due" in html and "Not yet" not in html and "Closed" not in html
    assert "Record the review" not in html  # a member reads the log but records no review


def test_risk_log_includes_risks_escalated_to_the_board(member, board, meeting):
    child = BoardFactory(partnership=board.partnership, short_name="SENDOPS", parent=board)
    RiskFactory(
        board=child,
        title="EP capacity",
        review_date=MEETING_DAY,
        status=Risk.Status.ESCALATED,
        escalated_to=board,
        escalated_on=datetime.date(2023, 1, 5),
        escalation_reason="Funding",
    )
    html = member.get(log_url(meeting)).content.decode()
    assert "EP capacity" in html and "Escalated from SENDOPS" in html


def test_htmx_review_records_the_meeting_and_returns_the_card(secretary, board, meeting):
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    response = secretary.post(review_url(meeting, risk), review_data(risk), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<section class="app-risk-card app-log-line" id="risk-log-{risk.pk}"'
    )
    assert "Reviewed at this meeting" in html and "<html" not in html
    review = RiskReview.objects.get()
    assert review.meeting == meeting and review.commentary == "52 requests for 12 places"
    risk.refresh_from_db()
    assert risk.current_score == 16 and risk.review_date == datetime.date(2023, 3, 23)


def test_review_without_scores_shows_errors_in_the_card(secretary, board, meeting):
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    data = review_data(risk, current_likelihood="", target_impact="0")
    response = secretary.post(review_url(meeting, risk), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Enter the current likelihood, from 1 to 5" in html
    assert "The target impact must be a whole number from 1 to 5" in html
    assert not RiskReview.objects.exists()


def test_review_without_htmx_redirects_to_the_log(secretary, board, meeting):
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    response = secretary.post(review_url(meeting, risk), review_data(risk))
    assert response.status_code == 302 and response.url == log_url(meeting)
    assert RiskReview.objects.get().meeting == meeting


def test_a_risks_review_form_is_fetched_when_its_line_is_opened(secretary, board, meeting):
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    log = secretary.get(log_url(meeting)).content.decode()
    assert "Record review" not in log and f'hx-get="{review_url(meeting, risk)}"' in log
    html = secretary.get(review_url(meeting, risk), HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<form method="post"') and "<html" not in html
    assert f'name="risk-{risk.pk}-current_likelihood"' in html
    assert 'day" value="26"' in html and 'year" value="2023"' in html  # the meeting's day
    # Without JavaScript the form opens on the log's own page.
    page = secretary.get(review_url(meeting, risk)).content.decode()
    assert (
        "<html" in page
        and f'Record review<span class="govuk-visually-hidden"> of {risk.reference}' in page
    )


def test_a_review_form_is_not_offered_once_the_minutes_are_approved(secretary, board, meeting):
    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    assert secretary.get(review_url(meeting, risk), HTTP_HX_REQUEST="true").status_code == 404


def test_the_risk_log_shows_a_page_of_risks_and_fetches_the_next(secretary, board, meeting):
    RiskFactory.create_batch(25, board=board, review_date=MEETING_DAY)
    log = secretary.get(log_url(meeting)).content.decode()
    assert "25 risks due for review" in log
    assert log.count('class="app-risk-card app-log-line"') == 20
    assert "Show the next risks" in log and "(20 of 25 shown)" in log
    more = secretary.get(log_url(meeting) + "?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert more.count('class="app-risk-card app-log-line"') == 5 and "<html" not in more
    assert "Show the next risks" not in more


def test_review_at_a_meeting_is_kept_to_the_board(secretary, board, meeting):
    elsewhere = RiskFactory(board=BoardFactory(partnership=board.partnership))
    response = secretary.post(review_url(meeting, elsewhere), review_data(elsewhere))
    assert response.status_code == 404


def test_member_403_and_outsider_404(member, outsider, board, meeting):
    risk = RiskFactory(board=board)
    assert member.post(review_url(meeting, risk), review_data(risk)).status_code == 403
    assert outsider.post(review_url(meeting, risk), review_data(risk)).status_code == 404
    assert outsider.get(log_url(meeting)).status_code == 404
    assert not RiskReview.objects.exists()


def test_risk_log_of_a_meeting_with_approved_minutes_sends_reviews_to_the_next_meeting(
    rf, secretary, board, meeting
):
    from django.template.loader import render_to_string

    from risks.contributions import meeting_section

    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    RiskFactory(board=board, title="Due now", review_date=MEETING_DAY)
    request = rf.get("/")
    request.user = secretary.user
    request.access = Access(request.user)
    section = meeting_section(request, meeting, None)
    for html in (
        secretary.get(log_url(meeting)).content.decode(),
        render_to_string(section.template, {"section": section}),
    ):
        assert "Due now" in html and "Record review" not in html
        assert "The minutes of this meeting are approved: review these risks at the next" in html


def test_a_review_posted_at_a_meeting_with_approved_minutes_is_refused_in_the_card(
    secretary, board, meeting
):
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED)
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    response = secretary.post(review_url(meeting, risk), review_data(risk), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="app-risk')
    assert "are approved, so no review can be recorded at it" in html
    assert not RiskReview.objects.exists()
    risk.refresh_from_db()
    assert (risk.current_score, risk.version) == (12, 1)


def test_a_meeting_with_circulated_minutes_still_takes_reviews(secretary, board, meeting):
    MinutesFactory(meeting=meeting, status=Minutes.Status.CIRCULATED)
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    assert "Record the review" in secretary.get(log_url(meeting)).content.decode()
    secretary.post(review_url(meeting, risk), review_data(risk), HTTP_HX_REQUEST="true")
    assert RiskReview.objects.get().meeting == meeting


def test_after_a_conflict_the_card_keeps_the_review_and_records_it_on_a_second_submit(
    secretary, board, meeting
):
    risk = RiskFactory(board=board, review_date=MEETING_DAY)
    data = review_data(risk)  # the form as opened, at version 1
    services.risk_update(
        risk=risk, by=None, expected_version=1, fields={"current_likelihood": 1}
    )  # someone else saves meanwhile
    response = secretary.post(review_url(meeting, risk), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Someone else changed this risk" in html and not RiskReview.objects.exists()
    assert "52 requests for 12 places" in html  # what the user wrote is kept
    assert (
        '<th scope="row" class="govuk-table__header">Current (with controls in place): likelihood'
        '</th><td class="govuk-table__cell">1 – Rare</td><td class="govuk-table__cell">4 – Likely'
    ) in html  # the score saved meanwhile beside the user's
    version = re.search(rf'name="risk-{risk.pk}-version" value="(\d+)"', html).group(1)
    assert version == "2"
    data[f"risk-{risk.pk}-version"] = version
    secretary.post(review_url(meeting, risk), data, HTTP_HX_REQUEST="true")
    review = RiskReview.objects.get()
    assert review.meeting == meeting and review.commentary == "52 requests for 12 places"
    risk.refresh_from_db()
    assert risk.current_score == 16


def test_board_page_shows_the_heat_map_summary(member, board):
    RiskFactory(board=board, current_likelihood=5, current_impact=5)
    html = member.get(board.get_absolute_url()).content.decode()
    assert "Risk register" in html and "Heat map of current risk scores: 1 risk" in html
    register = reverse("risks:board_register", args=["southend", board.slug])
    assert f'href="{register}?likelihood=5&amp;impact=5"' in html


def test_meeting_section_is_registered_for_the_risk_log_item():
    from core.registry import meeting_section
    from risks.contributions import meeting_section as ours

    assert meeting_section("risk_log") is ours


def test_risk_log_queries_do_not_grow_with_risks(
    secretary, board, meeting, django_assert_max_num_queries
):
    RiskFactory.create_batch(2, board=board, review_date=MEETING_DAY)
    secretary.get(log_url(meeting))
    RiskFactory.create_batch(12, board=board, review_date=MEETING_DAY)
    with django_assert_max_num_queries(16):
        assert secretary.get(log_url(meeting)).status_code == 200


def test_meeting_section_renders_inside_another_page(rf, secretary, board, meeting):
    from django.template.loader import render_to_string

    from risks.contributions import meeting_section

    RiskFactory(board=board, title="Due now", review_date=MEETING_DAY)
    request = rf.get("/")
    request.user = secretary.user
    request.access = Access(request.user)
    section = meeting_section(request, meeting, None)
    html = render_to_string(section.template, {"section": section})
    assert "Due now" in html and "Record the review" in html


def test_risk_log_shows_each_risk_once_in_number_order_with_those_reviewed_at_the_meeting(
    board, meeting
):
    due = RiskFactory(board=board, review_date=MEETING_DAY)
    reviewed_then_closed = RiskFactory(
        board=board,
        review_date=datetime.date(2023, 6, 1),
        status=Risk.Status.CLOSED,
        closed_on=MEETING_DAY,
    )
    RiskReviewFactory.create_batch(2, risk=reviewed_then_closed, meeting=meeting)
    RiskFactory(board=board, review_date=datetime.date(2023, 6, 1))  # not due yet
    log = risk_log(meeting)
    expected = sorted([due, reviewed_then_closed], key=lambda risk: risk.number)
    assert [risk.pk for risk in log] == [risk.pk for risk in expected]
    assert all(risk.latest_score == 12 for risk in log if risk == reviewed_then_closed)


def test_risk_log_of_a_meeting_with_nothing_to_review_is_empty(board, meeting):
    RiskFactory(board=board, review_date=datetime.date(2023, 6, 1))
    assert risk_log(meeting) == []

import datetime
import re

import pytest
from django.urls import reverse

from boards.models import Minutes, Role
from risks import services
from risks.models import Risk, RiskReview
from tests.boards.factories import (
    BoardFactory,
    MeetingFactory,
    MinutesFactory,
    PersonFactory,
    member_user,
)
from tests.risks.factories import FORM_SCORES, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sendops(board):
    return BoardFactory(
        partnership=board.partnership,
        name="SEND Operations Group",
        short_name="SENDOPS",
        slug="sendops",
        parent=board,
    )


def register_url(board):
    return reverse("risks:board_register", args=[board.partnership.slug, board.slug])


def test_register_lists_risks_with_bands_in_words(member, board):
    RiskFactory(
        board=board,
        title="Special school place sufficiency",
        current_likelihood=5,
        current_impact=4,
    )
    response = member.get(register_url(board))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Special school place sufficiency" in html
    assert "<strong>20</strong> Very high" in html


def test_register_filters_by_band_owner_and_overdue_review(member, board):
    owner = PersonFactory(partnership=board.partnership, initials="GB")
    RiskFactory(board=board, title="Red one", current_likelihood=5, current_impact=5, owner=owner)
    RiskFactory(
        board=board,
        title="Green one",
        current_likelihood=1,
        current_impact=2,
        review_date=datetime.date(2020, 1, 1),
    )
    html = member.get(register_url(board), {"band": "very_high"}).content.decode()
    assert "Red one" in html and "Green one" not in html
    html = member.get(register_url(board), {"owner": owner.pk}).content.decode()
    assert "Red one" in html and "Green one" not in html
    html = member.get(register_url(board), {"overdue": "on"}).content.decode()
    assert "Green one" in html and "Red one" not in html and "Review overdue" in html


def test_the_owner_filter_lists_the_owners_of_this_registers_risks(member, board, sendops):
    here = PersonFactory(partnership=board.partnership, name="Grace Here")
    elsewhere = PersonFactory(partnership=board.partnership, name="Olu Elsewhere")
    RiskFactory(board=board, owner=here)
    RiskFactory(board=sendops, owner=elsewhere)
    raised = PersonFactory(partnership=board.partnership, name="Ade Raised")
    RiskFactory(
        board=sendops,
        owner=raised,
        status=Risk.Status.ESCALATED,
        escalated_to=board,
        escalated_on=datetime.date(2024, 5, 1),
    )
    choices = member.get(register_url(board)).context["filter"].form.fields["owner"].choices
    # As the register first opens: by name, escalated risks' owners too.
    assert list(choices)[1:] == [(raised.pk, str(raised)), (here.pk, str(here))]


def test_closed_risks_are_left_out_unless_asked_for(member, board):
    RiskFactory(
        board=board, title="Gone", status=Risk.Status.CLOSED, closed_on=datetime.date(2023, 3, 1)
    )
    assert "Gone" not in member.get(register_url(board)).content.decode()
    assert "Gone" in member.get(register_url(board), {"status": "all"}).content.decode()


def test_register_sorts_by_score(member, board):
    RiskFactory(board=board, title="Low risk", current_likelihood=1, current_impact=1)
    RiskFactory(board=board, title="High risk", current_likelihood=4, current_impact=4)
    html = member.get(register_url(board), {"sort": "-score"}).content.decode()
    assert html.index("High risk") < html.index("Low risk")
    html = member.get(register_url(board), {"sort": "score"}).content.decode()
    assert html.index("Low risk") < html.index("High risk")


def test_the_second_page_of_the_register_goes_on_in_number_order(member, board):
    risks = [RiskFactory(board=board, number=n, reference=f"R{n}") for n in range(1, 31)]
    page = member.get(register_url(board), {"page": "2"}).context["page"]
    assert page.paginator.count == 30 and page.number == 2
    assert [risk.pk for risk in page] == [risk.pk for risk in risks[25:]]
    assert all(hasattr(risk, "latest_score") for risk in page)  # the register's columns


def test_heat_map_counts_each_cell_and_links_to_it(member, board):
    RiskFactory.create_batch(2, board=board, current_likelihood=4, current_impact=3)
    RiskFactory(board=board, current_likelihood=1, current_impact=5)
    response = member.get(register_url(board))
    heat = response.context["heat"]
    counts = {(c.likelihood, c.impact): c.count for row in heat.rows for c in row.cells}
    assert counts[(4, 3)] == 2 and counts[(1, 5)] == 1 and sum(counts.values()) == 3
    html = response.content.decode()
    assert 'aria-label="Likelihood 4, impact 3, score 12 High: 2 risks"' in html
    assert "?likelihood=4&amp;impact=3" in html
    filtered = member.get(register_url(board), {"likelihood": 4, "impact": 3, "band": "high"})
    assert filtered.context["page"].paginator.count == 2
    html = filtered.content.decode()
    assert "Showing only risks with a current likelihood of 4 and impact of 3" in html
    assert 'href="?band=high">Show the risks of every square' in html


def test_band_counts_follow_the_filters(member, board):
    RiskFactory(board=board, current_likelihood=5, current_impact=5)
    RiskFactory(board=board, current_likelihood=2, current_impact=2)
    counts = {c.band.key: c.count for c in member.get(register_url(board)).context["band_counts"]}
    assert counts == {"very_high": 1, "high": 0, "medium": 1, "low": 0}


def test_register_queries_do_not_grow_with_rows(member, board, django_assert_max_num_queries):
    RiskFactory.create_batch(3, board=board)
    member.get(register_url(board))
    with django_assert_max_num_queries(18):
        member.get(register_url(board))
    RiskFactory.create_batch(20, board=board)
    with django_assert_max_num_queries(18):
        member.get(register_url(board))


def test_escalated_risk_shows_on_the_parent_register(member, board, sendops):
    RiskFactory(
        board=sendops,
        title="EP capacity",
        status=Risk.Status.ESCALATED,
        escalated_to=board,
        escalated_on=datetime.date(2023, 2, 1),
        escalation_reason="Needs partnership funding",
    )
    html = member.get(register_url(board)).content.decode()
    assert "EP capacity" in html
    assert "Escalated from SENDOPS" in html and "Needs partnership funding" in html


def test_partnership_register_shows_only_boards_the_user_sits_on(member, board, sendops):
    RiskFactory(board=board, title="On my board")
    RiskFactory(board=sendops, title="Not my board")
    html = member.get(reverse("risks:partnership_register", args=["southend"])).content.decode()
    assert "On my board" in html and "Not my board" not in html


def test_outsider_gets_404_everywhere(outsider, board):
    risk = RiskFactory(board=board)
    assert outsider.get(register_url(board)).status_code == 404
    assert outsider.get(reverse("risks:partnership_register", args=["southend"])).status_code == 404
    for name in ("detail", "edit", "review", "escalate", "close"):
        assert outsider.get(reverse(f"risks:{name}", args=[risk.pk])).status_code == 404


def test_member_may_read_but_not_change(member, board):
    risk = RiskFactory(board=board)
    assert member.get(risk.get_absolute_url()).status_code == 200
    for name in ("edit", "review", "escalate", "close", "deescalate"):
        assert member.post(reverse(f"risks:{name}", args=[risk.pk]), {}).status_code == 403
    url = reverse("risks:add", args=["southend", board.slug])
    assert member.post(url, {"title": "X", **FORM_SCORES}).status_code == 403
    assert not Risk.objects.filter(title="X").exists()


def test_secretary_adds_a_risk(secretary, board):
    owner = PersonFactory(partnership=board.partnership)
    url = reverse("risks:add", args=["southend", board.slug])
    response = secretary.post(
        url,
        {
            "title": "Health data sharing",
            "owner": owner.pk,
            "raised_on": "2023-01-26",
            **FORM_SCORES,
        },
    )
    risk = Risk.objects.get()
    assert response.status_code == 302 and response.url == risk.get_absolute_url()
    assert (risk.reference, risk.current_score, risk.owner) == ("R1", 12, owner)


def test_score_outside_one_to_five_is_refused_next_to_the_field(secretary, board):
    url = reverse("risks:add", args=["southend", board.slug])
    response = secretary.post(
        url, {"title": "X", "raised_on": "2023-01-26", **FORM_SCORES, "current_impact": "6"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["current_impact"] == [
        "The current impact must be a whole number from 1 to 5"
    ]
    assert not Risk.objects.exists()


def test_owner_without_a_seat_may_update_their_risk(sro, board):
    risk = RiskFactory(board=board, owner=sro.user.people.get())
    response = sro.post(
        reverse("risks:edit", args=[risk.pk]),
        {"title": "Renamed", "raised_on": "2023-01-26", "version": 1, **FORM_SCORES},
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.title == "Renamed" and risk.version == 2


def test_edit_of_a_stale_version_shows_both_versions(secretary, board):
    risk = RiskFactory(board=board, version=2)
    response = secretary.post(
        reverse("risks:edit", args=[risk.pk]),
        {"title": "Mine", "raised_on": "2023-01-26", "version": 1, **FORM_SCORES},
    )
    assert response.status_code == 200 and response.context["form"].conflict
    risk.refresh_from_db()
    assert risk.title != "Mine"


def test_closed_risk_edit_is_refused_with_a_message(secretary, board):
    risk = RiskFactory(board=board, status=Risk.Status.CLOSED, closed_on=datetime.date(2023, 3, 1))
    response = secretary.post(
        reverse("risks:edit", args=[risk.pk]),
        {"title": "Mine", "raised_on": "2023-01-26", "version": 1, **FORM_SCORES},
    )
    assert response.status_code == 200
    assert "This risk is closed" in response.content.decode()
    risk.refresh_from_db()
    assert risk.title != "Mine"


def test_review_without_scores_is_refused(secretary, board):
    risk = RiskFactory(board=board)
    response = secretary.post(
        reverse("risks:review", args=[risk.pk]), {"reviewed_on": "2023-02-23", "version": 1}
    )
    form = response.context["form"]
    assert "Enter the current likelihood, from 1 to 5" in form.errors["current_likelihood"]
    assert not RiskReview.objects.exists()


def test_review_page_records_a_review_and_shows_the_trend(secretary, board):
    risk = RiskFactory(board=board, current_likelihood=3, current_impact=3)
    response = secretary.post(
        reverse("risks:review", args=[risk.pk]),
        {
            "reviewed_on": "2023-02-23",
            "version": 1,
            "commentary": "Tribunal appeals rising",
            **FORM_SCORES,
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.current_score == 12 and risk.reviews.get().trend == "up"
    html = secretary.get(risk.get_absolute_url()).content.decode()
    assert "Increasing" in html and "Tribunal appeals rising" in html


def test_escalate_and_return_through_the_pages(secretary, board):
    sendops = BoardFactory(partnership=board.partnership, short_name="SENDOPS", parent=board)
    member_user(sendops, Role.SECRETARY)
    risk = RiskFactory(board=sendops)
    # The SSPB secretary has no seat on SENDOPS: only after escalation can they return it.
    assert secretary.post(reverse("risks:escalate", args=[risk.pk]), {}).status_code == 403
    Risk.objects.filter(pk=risk.pk).update(
        status="escalated", escalated_to=board, escalated_on=datetime.date(2023, 2, 1)
    )
    response = secretary.post(
        reverse("risks:deescalate", args=[risk.pk]),
        {"reason": "Managed at SENDOPS again", "version": 1},
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.status == "open" and risk.escalated_to is None
    assert risk.events.get().text == "Managed at SENDOPS again"


def test_escalate_page_needs_a_reason(secretary, board):
    child = BoardFactory(partnership=board.partnership, parent=board)
    risk = RiskFactory(board=board)
    response = secretary.post(reverse("risks:escalate", args=[risk.pk]), {"reason": ""})
    assert response.context["form"].errors["reason"] == ["Enter the reason"]
    risk.refresh_from_db()
    assert risk.status == "open"
    assert child.pk


def test_filters_that_make_no_sense_are_ignored_not_an_error(member, board):
    RiskFactory(board=board, title="Still listed")
    response = member.get(register_url(board), {"band": "purple", "sort": "drop", "owner": "x"})
    assert response.status_code == 200 and "Still listed" in response.content.decode()


def test_owner_may_review_but_not_close_or_escalate(sro, board):
    risk = RiskFactory(board=board, owner=sro.user.people.get())
    assert sro.get(reverse("risks:review", args=[risk.pk])).status_code == 200
    for name in ("escalate", "close"):
        response = sro.post(reverse(f"risks:{name}", args=[risk.pk]), {"reason": "Done"})
        assert response.status_code == 403
    risk.refresh_from_db()
    assert risk.status == "open"


def test_a_change_is_recorded_with_the_fields_changed(secretary, board):
    risk = RiskFactory(board=board, title="Old")
    data = {"title": "New", "raised_on": "2023-01-26", "version": 1, **FORM_SCORES}
    secretary.post(reverse("risks:edit", args=[risk.pk]), data)
    event = risk.events.get()
    assert event.kind == "changed" and event.by == secretary.user
    assert event.text.startswith("Title, description, next review, inherent likelihood")
    assert "cause" not in event.text  # blank before and after: not a change
    assert risk.history.count() == 2  # created by the factory, then changed


def test_risk_form_groups_the_six_scores(secretary, board):
    html = secretary.get(reverse("risks:add", args=["southend", board.slug])).content.decode()
    assert html.count('class="govuk-select') >= 7  # six scores and the owner
    assert html.index('<h2 class="govuk-heading-m">Scores</h2>') < html.index(
        'name="target_impact"'
    )


def test_parent_board_members_read_risks_escalated_to_them_only(member, board, sendops):
    kept = RiskFactory(board=sendops)
    escalated = RiskFactory(
        board=sendops,
        status=Risk.Status.ESCALATED,
        escalated_to=board,
        escalated_on=datetime.date(2023, 2, 1),
    )
    assert member.get(escalated.get_absolute_url()).status_code == 200
    assert member.get(kept.get_absolute_url()).status_code == 403


def test_partnership_register_filters_by_board(staff, board, sendops):
    RiskFactory(board=board, title="Board risk")
    RiskFactory(board=sendops, title="Group risk")
    url = reverse("risks:partnership_register", args=["southend"])
    html = staff.get(url, {"board": sendops.pk}).content.decode()
    assert "Group risk" in html and "Board risk" not in html


def test_a_stale_review_is_refused_and_nothing_saved(secretary, board):
    risk = RiskFactory(board=board, version=3)
    response = secretary.post(
        reverse("risks:review", args=[risk.pk]),
        {"reviewed_on": "2023-02-23", "version": 2, **FORM_SCORES},
    )
    assert "Someone else changed this risk" in response.content.decode()
    assert not RiskReview.objects.exists()


def test_the_review_page_offers_no_meeting_whose_minutes_are_approved(secretary, board):
    approved = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    MinutesFactory(meeting=approved, status=Minutes.Status.APPROVED)
    circulated = MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    MinutesFactory(meeting=circulated, status=Minutes.Status.CIRCULATED)
    unminuted = MeetingFactory(board=board, date=datetime.date(2023, 5, 25))
    risk = RiskFactory(board=board)
    form = secretary.get(reverse("risks:review", args=[risk.pk])).context["form"]
    offered = {meeting.pk for meeting in form.fields["meeting"].queryset}
    assert offered == {circulated.pk, unminuted.pk}


def test_a_review_posted_at_a_meeting_with_approved_minutes_is_refused_next_to_the_field(
    secretary, board
):
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED)
    risk = RiskFactory(board=board)
    response = secretary.post(
        reverse("risks:review", args=[risk.pk]),
        {"reviewed_on": "2023-01-26", "meeting": meeting.pk, "version": 1, **FORM_SCORES},
    )
    [error] = response.context["form"].errors["meeting"]
    assert "whose minutes are approved" in error and "next meeting" in error
    assert not RiskReview.objects.exists()


def shown_version(response) -> int:
    return int(re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1))


def test_after_a_conflict_the_review_page_keeps_the_review_and_records_it_when_sent_again(
    secretary, board
):
    risk = RiskFactory(board=board)
    url = reverse("risks:review", args=[risk.pk])
    data = {"reviewed_on": "2023-02-23", "commentary": "Mine", "version": 1, **FORM_SCORES}
    services.risk_update(risk=risk, by=None, expected_version=1, fields={"target_impact": 1})
    response = secretary.post(url, data)
    html = response.content.decode()
    assert "Someone else changed this risk" in html and "Mine" in html
    [difference] = [
        row for row in response.context["form"].conflict if row.label.startswith("Target")
    ]
    assert (difference.theirs, difference.yours) == ("1 – Negligible", "2 – Minor")
    assert shown_version(response) == 2 and not RiskReview.objects.exists()
    response = secretary.post(url, {**data, "version": shown_version(response)})
    assert response.status_code == 302
    assert RiskReview.objects.get().commentary == "Mine"


@pytest.mark.parametrize(
    ("name", "status", "after"),
    [
        ("escalate", Risk.Status.OPEN, Risk.Status.ESCALATED),
        ("deescalate", Risk.Status.ESCALATED, Risk.Status.OPEN),
        ("close", Risk.Status.OPEN, Risk.Status.CLOSED),
    ],
)
def test_after_a_conflict_escalate_return_and_close_go_ahead_when_sent_again(
    secretary, board, name, status, after
):
    escalated = status == Risk.Status.ESCALATED
    risk = RiskFactory(
        board=board,
        status=status,
        escalated_to=board.parent if escalated else None,
        escalated_on=datetime.date(2023, 2, 1) if escalated else None,
    )
    services.risk_update(risk=risk, by=None, expected_version=1, fields={"current_impact": 5})
    url = reverse(f"risks:{name}", args=[risk.pk])
    response = secretary.post(url, {"reason": "Agreed at the board", "version": 1})
    html = response.content.decode()
    assert "Someone else changed this risk" in html and "Agreed at the board" in html
    assert "with a current score of 15" in html  # what it is now, to decide on
    risk.refresh_from_db()
    assert risk.status == status and shown_version(response) == risk.version == 2
    response = secretary.post(url, {"reason": "Agreed at the board", "version": 2})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.status == after


def test_rows_name_the_owner_the_board_and_where_a_risk_went(staff, board, sendops):
    owner = PersonFactory(partnership=board.partnership, initials="GB")
    RiskFactory(
        board=sendops,
        reference="R7",
        title="EP capacity",
        owner=owner,
        status=Risk.Status.ESCALATED,
        escalated_to=board,
        escalated_on=datetime.date(2023, 2, 1),
    )
    RiskFactory(board=board, reference="R1", title="Place sufficiency")

    def row(html, title):
        return next(part for part in html.split("<tr") if title in part)

    html = staff.get(register_url(sendops)).content.decode()
    escalated = row(html, "EP capacity")
    assert "Escalated to SSPB" in escalated
    assert 'data-label="Owner">GB</td>' in escalated
    assert 'data-label="Ref">R7</td>' in escalated  # its own board
    html = staff.get(reverse("risks:partnership_register", args=["southend"])).content.decode()
    assert 'data-label="Ref">SENDOPS R7</td>' in row(html, "EP capacity")
    assert 'data-label="Ref">SSPB R1</td>' in row(html, "Place")


def test_the_register_as_it_opens_lists_open_risks_raised_on_or_escalated_to_the_board(
    member, board, sendops
):
    # Filtered by nothing, each page, the count and the heat map are those of the board's
    # risks that are not closed, whichever board asks.
    other = BoardFactory(partnership=board.partnership)
    mine = [RiskFactory(board=board, number=n, current_likelihood=n % 5 + 1) for n in range(1, 29)]
    RiskFactory(board=board, number=40, status=Risk.Status.CLOSED, closed_on=datetime.date.today())
    escalated = RiskFactory(
        board=sendops,
        number=1,
        status=Risk.Status.ESCALATED,
        escalated_to=board,
        escalated_on=datetime.date(2023, 2, 1),
        escalation_reason="Funding",
    )
    RiskFactory(board=other, number=1)
    below_only = RiskFactory(board=sendops, number=2)  # raised below, not escalated
    expected = [r.pk for r in mine] + [escalated.pk]  # HWBB... then SENDOPS by short name
    if board.short_name > sendops.short_name:
        expected = [escalated.pk] + [r.pk for r in mine]
    for number, rows in (("1", expected[:25]), ("2", expected[25:])):
        context = member.get(register_url(board), {"page": number}).context
        assert [risk.pk for risk in context["page"]] == rows
        assert context["page"].paginator.count == 29
        assert context["heat"].total == 29
    from django.test import Client

    below = Client()
    below.force_login(member_user(sendops))
    page = below.get(register_url(sendops)).context["page"]
    assert [r.pk for r in page] == [escalated.pk, below_only.pk]  # its own, escalated or not

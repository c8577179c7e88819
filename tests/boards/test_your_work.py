""" "Your work": the page everyone named in a partnership lands on after signing in."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, MeetingPack, Minutes, Person, Role
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    UserFactory,
    member_user,
)
from tests.risks.factories import RiskFactory
from tests.strategy.factories import (
    HighlightReportFactory,
    PlanActionFactory,
    PlanFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db
WORK = reverse("boards:your_work")
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def me(client) -> Person:
    return Person.objects.get(user=client.user)


def section(response, key: str):
    return next(shown for shown in response.context["sections"] if shown.section.key == key)


def shown(response, key: str) -> list:
    return section(response, key).rows


# Landing ----------------------------------------------------------------------------------------


def test_the_site_root_sends_people_of_a_partnership_to_their_work(member):
    response = member.get("/")
    assert response.status_code == 302
    assert response.url == WORK


def test_signing_in_lands_on_your_work(board):
    member_user(board, Role.MEMBER, "pat")
    response = Client().post(
        reverse("login"), {"username": "pat", "password": "correct-horse-battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == WORK
    assert "Your work" in response.text


def test_site_staff_still_land_on_the_partnerships(staff, partnership):
    response = staff.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "boards/home.html"
    assert partnership.name in response.text


def test_the_menu_keeps_the_board_tree(member, partnership):
    response = member.get(WORK)
    assert f'href="{partnership.get_absolute_url()}"' in response.text
    assert f'href="{WORK}"' in response.text


def test_anonymous_is_sent_to_sign_in(anonymous):
    response = anonymous.get(WORK)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_someone_named_nowhere_is_told_so(db):
    client = Client()
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/").status_code == 200  # the partnerships page, as before
    response = client.get(WORK)
    assert "not yet named in any partnership" in response.text
    assert client.get(reverse("boards:your_work_section", args=["actions"])).status_code == 404


# Empty states -----------------------------------------------------------------------------------


def test_every_section_says_plainly_when_there_is_nothing(member):
    response = member.get(WORK)
    for key, words in [
        ("meetings", "No meetings are scheduled for the boards you sit on."),
        ("minutes-to-approve", "No circulated minutes are waiting for approval."),
        ("actions", "You own no open actions on any action log."),
        ("plan-actions", "You lead no plan actions that are still to complete."),
        ("highlight-reports", "No highlight reports are due from you."),
        ("risks", "None of the risks you own is due for review"),
    ]:
        assert section(response, key).found.count == 0
        assert words in response.text


# Meetings ---------------------------------------------------------------------------------------


def test_next_meetings_of_every_board_i_sit_on_soonest_first_with_the_ready_pack(member, board):
    other = BoardFactory(partnership=board.partnership)
    MembershipFactory(board=other, person=me(member))
    later = MeetingFactory(board=board, date=days(30))
    sooner = MeetingFactory(board=other, date=days(3))
    MeetingFactory(board=board, date=days(-3))  # held
    MeetingFactory(board=board, date=days(10), status=Meeting.Status.CANCELLED)
    MeetingFactory(board=BoardFactory(partnership=board.partnership), date=days(1))  # not mine
    pack = MeetingPack.objects.create(
        meeting=sooner, status=MeetingPack.Status.READY, fingerprint="x", file="packs/x.pdf"
    )
    response = member.get(WORK)
    assert shown(response, "meetings") == [sooner, later]
    assert section(response, "meetings").found.count == 2
    assert reverse("boards:pack_download", args=[pack.pk]) in response.text
    assert "Not ready yet" in response.text  # the later meeting's pack


def test_a_secretary_sees_the_minutes_still_to_write(secretary, board):
    drafted = MeetingFactory(board=board, date=days(-20), status=Meeting.Status.HELD)
    MinutesFactory(meeting=drafted)
    unstarted = MeetingFactory(board=board, date=days(-5))  # its day has passed
    circulated = MeetingFactory(board=board, date=days(-40), status=Meeting.Status.HELD)
    MinutesFactory(meeting=circulated, status=Minutes.Status.CIRCULATED)
    MeetingFactory(board=board, date=days(-60), status=Meeting.Status.CANCELLED)
    MeetingFactory(board=BoardFactory(partnership=board.partnership), date=days(-5))
    response = secretary.get(WORK)
    assert shown(response, "minutes-to-write") == [unstarted, drafted]
    assert shown(response, "minutes-to-approve") == []  # the secretary records, not approves


def test_chair_and_members_see_circulated_minutes_to_approve_at_the_next_meeting(
    chair, member, board
):
    held = MeetingFactory(board=board, date=days(-30), status=Meeting.Status.HELD)
    MinutesFactory(meeting=held, status=Minutes.Status.CIRCULATED, circulated_at=timezone.now())
    MeetingFactory(board=board, date=days(12))
    approved = MeetingFactory(board=board, date=days(-90), status=Meeting.Status.HELD)
    MinutesFactory(meeting=approved, status=Minutes.Status.APPROVED)
    for client in (chair, member):
        response = client.get(WORK)
        assert shown(response, "minutes-to-approve") == [held]
        assert f"The meeting of {days(12):%-d %B %Y}" in response.text
        assert section(response, "minutes-to-write").found.count == 0


# Actions ----------------------------------------------------------------------------------------


def test_my_open_actions_from_the_action_log_overdue_first_with_counts(sro, board):
    other_board = BoardFactory(partnership=board.partnership)
    later = ActionFactory(board=board, owners=[me(sro)], due_date=days(40))
    late = ActionFactory(board=other_board, owners=[me(sro)], due_date=days(-5))
    ActionFactory(board=board)  # someone else's
    ActionFactory(board=board, owners=[me(sro)], status="closed", closed_on=days(-1))
    response = sro.get(WORK)
    assert shown(response, "actions") == [late, later]
    found = section(response, "actions").found
    assert (found.count, found.late) == (2, 1)
    assert "1 overdue" in response.text


def test_an_owner_without_a_seat_is_not_told_a_confidential_items_title(sro, board):
    item = AgendaItemFactory(
        meeting=MeetingFactory(board=board), title="Tribunal settlement", confidential=True
    )
    ActionFactory(board=board, owners=[me(sro)], raised_at_item=item, due_date=days(5))
    response = sro.get(WORK)
    assert len(shown(response, "actions")) == 1
    assert "Tribunal settlement" not in response.text


def test_my_plan_actions_as_lead_or_as_the_priorities_sro(sro, board):
    plan = PlanFactory(owner_board=board)
    priority = PriorityFactory(plan=plan, sro=me(sro))
    under_my_priority = PlanActionFactory(priority=priority, due_date=days(-10), rag="amber")
    led = PlanActionFactory(
        priority=PriorityFactory(plan=plan), lead=me(sro), due_date=days(20), rag="green"
    )
    PlanActionFactory(priority=priority, lead=me(sro), rag="complete")
    PlanActionFactory(priority=PriorityFactory(plan=plan))  # someone else's
    response = sro.get(WORK)
    assert shown(response, "plan-actions") == [under_my_priority, led]
    found = section(response, "plan-actions").found
    assert (found.count, found.late) == (2, 1)


def test_highlight_reports_due_to_the_next_meeting_of_each_board_reported_to(sro, board):
    group = BoardFactory(partnership=board.partnership, short_name="WG")
    plan = PlanFactory(owner_board=board)
    priority = PriorityFactory(plan=plan, sro=me(sro), working_group=group, title="Leadership")
    soon = MeetingFactory(board=board, date=days(3))  # deadline passed: late
    MeetingFactory(board=board, date=days(60))  # after the next one
    group_meeting = MeetingFactory(board=group, date=days(30))
    HighlightReportFactory(priority=priority, meeting=group_meeting, deadline=days(23))  # a draft
    submitted = PriorityFactory(plan=plan, sro=me(sro))
    HighlightReportFactory(priority=submitted, meeting=soon, status="submitted")
    PriorityFactory(plan=plan)  # someone else's
    response = sro.get(WORK)
    rows = shown(response, "highlight-reports")
    assert [(row.priority, row.meeting, row.late) for row in rows] == [
        (priority, soon, True),
        (priority, group_meeting, False),
    ]
    assert [row.state for row in rows] == ["Not started", "Draft"]
    assert section(response, "highlight-reports").found.late == 1
    assert reverse("strategy:report_write", args=[soon.pk, priority.pk]) in response.text


def test_risks_i_own_due_for_review(sro, board):
    overdue = RiskFactory(board=board, owner=me(sro), review_date=days(-2))
    soon = RiskFactory(board=board, owner=me(sro), review_date=days(10))
    RiskFactory(board=board, owner=me(sro), review_date=days(100))  # not yet due
    RiskFactory(board=board, owner=me(sro), review_date=days(-2), status="closed", closed_on=TODAY)
    RiskFactory(board=board, review_date=days(-2))  # someone else's
    response = sro.get(WORK)
    assert shown(response, "risks") == [overdue, soon]
    found = section(response, "risks").found
    assert (found.count, found.late) == (2, 1)


# Other partnerships, other boards ---------------------------------------------------------------


def test_nothing_from_another_partnership_or_a_board_i_do_not_sit_on(member, outsider, board):
    elsewhere = Person.objects.get(user=outsider.user).memberships.get().board
    MeetingFactory(board=elsewhere, date=days(2))
    circulated = MeetingFactory(board=elsewhere, date=days(-10), status=Meeting.Status.HELD)
    MinutesFactory(meeting=circulated, status=Minutes.Status.CIRCULATED)
    ActionFactory(board=elsewhere, owners=[me(outsider)], description="Theirs elsewhere")
    not_mine = BoardFactory(partnership=board.partnership)
    MeetingFactory(board=not_mine, date=days(2))
    held = MeetingFactory(board=not_mine, date=days(-10), status=Meeting.Status.HELD)
    MinutesFactory(meeting=held, status=Minutes.Status.CIRCULATED)
    response = member.get(WORK)
    assert all(shown.found.count == 0 for shown in response.context["sections"])
    assert "Theirs elsewhere" not in response.text


# The full lists ---------------------------------------------------------------------------------


def test_each_section_links_to_its_full_list_a_page_at_a_time(sro, board):
    for n in range(7):
        ActionFactory(board=board, owners=[me(sro)], due_date=days(n), description=f"Task {n}")
    response = sro.get(WORK)
    assert len(shown(response, "actions")) == 5
    full = reverse("boards:your_work_section", args=["actions"])
    assert full in response.text
    assert "View all 7" in response.text
    listed = sro.get(full)
    assert listed.status_code == 200
    assert len(listed.context["rows"]) == 7
    assert "Task 6" in listed.text


def test_an_unknown_list_is_not_found(member):
    assert member.get(reverse("boards:your_work_section", args=["nothing"])).status_code == 404


# Quick for someone on ten boards with hundreds of actions -------------------------------------


def _busy_week(person, boards, size: int) -> None:
    """`size` of everything the page reads, spread over the person's boards."""
    plan = PlanFactory(owner_board=boards[0])
    priorities = [
        PriorityFactory(plan=plan, sro=person, working_group=board) for board in boards[:3]
    ]
    for n in range(size):
        board = boards[n % len(boards)]
        MeetingFactory(board=board, date=days(n + 1))
        held = MeetingFactory(board=board, date=days(-n - 1), status=Meeting.Status.HELD)
        MinutesFactory(meeting=held, status=Minutes.Status.CIRCULATED)
        ActionFactory(board=board, owners=[person], due_date=days(n - size // 2))
        PlanActionFactory(priority=priorities[n % 3], lead=person, due_date=days(n - 3))
        RiskFactory(board=board, owner=person, review_date=days(n % 20 - 10))


@pytest.mark.parametrize("size", [3, 60])
def test_the_page_reads_a_fixed_number_of_queries(
    django_assert_max_num_queries, chair, board, size
):
    person = me(chair)
    boards = [board] + [BoardFactory(partnership=board.partnership) for _ in range(9)]
    for other in boards[1:]:
        MembershipFactory(board=other, person=person)
    _busy_week(person, boards, size)
    with django_assert_max_num_queries(22):
        response = chair.get(WORK)
    assert section(response, "actions").found.count == size
    assert section(response, "meetings").found.count == size

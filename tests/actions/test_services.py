import datetime

import pytest

from actions.models import Action, ActionUpdate, DueDateChange, slippage_summary
from actions.services.base import ActionError
from actions.services.closure import action_close, action_close_and_replace, action_propose_closure
from actions.services.edits import action_edit
from actions.services.log import _letters, action_create
from actions.services.meeting import action_record_at_meeting
from actions.services.updates import action_reschedule, action_update_add
from boards.models import Board
from core.concurrency import EditConflict
from tests.actions.factories import ActionFactory
from tests.boards.factories import AgendaItemFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_running_references_continue_from_the_highest_number(board):
    ActionFactory(board=board, number=105, reference="105")
    action = action_create(board=board, description="Share the link")
    assert (action.reference, action.number) == ("106", 106)
    assert action_create(board=board, description="Next").reference == "107"


def test_running_references_are_per_board(board):
    ActionFactory(board=board, number=105, reference="105")
    other = ActionFactory(number=3, reference="3").board
    assert action_create(board=other, description="Elsewhere").reference == "4"


def test_per_meeting_references_use_the_item_number_and_a_letter(board):
    board.action_references = Board.ActionReferences.PER_MEETING
    board.save()
    item = AgendaItemFactory(meeting=MeetingFactory(board=board), position=8)
    first = action_create(board=board, description="A", raised_at_item=item)
    second = action_create(board=board, description="B", raised_at_item=item)
    assert (first.reference, second.reference) == ("8.a", "8.b")
    assert first.raised_at == item.meeting
    later = AgendaItemFactory(
        meeting=MeetingFactory(board=board, date=datetime.date(2023, 3, 30)), position=8
    )
    assert action_create(board=board, description="C", raised_at_item=later).reference == ("8.a")


def test_letters_run_past_z():
    assert [_letters(i) for i in (0, 25, 26, 27)] == ["a", "z", "aa", "ab"]


def test_create_keeps_the_original_due_date_and_owners(board, secretary):
    gb = PersonFactory(partnership=board.partnership, initials="GB")
    action = action_create(
        board=board,
        description="Produce a paper",
        owners=[gb],
        owner_note="SROs",
        due_date=datetime.date(2023, 3, 31),
        author=secretary.user,
    )
    action.refresh_from_db()
    assert action.original_due_date == datetime.date(2023, 3, 31)
    assert action.owners_display == "GB/SROs"
    assert action.history.first().history_user == secretary.user


def test_an_update_joins_the_trail_with_author_and_meeting(board, secretary):
    action = ActionFactory(board=board)
    meeting = MeetingFactory(board=board)
    action_update_add(action=action, text="Met TP", author=secretary.user, meeting=meeting)
    update = action.updates.get()
    assert (update.text, update.author, update.meeting) == ("Met TP", secretary.user, meeting)


def test_updates_never_conflict_with_each_other(board, secretary, sro):
    action = ActionFactory(board=board)
    action_update_add(action=action, text="First", author=secretary.user)
    action_update_add(action=action, text="Second", author=sro.user)
    assert list(action.updates.values_list("text", flat=True)) == ["First", "Second"]
    action.refresh_from_db()
    assert action.version == 1


def test_an_empty_update_is_refused(board):
    with pytest.raises(ActionError):
        action_update_add(action=ActionFactory(board=board), text="  ", author=None)


def test_rescheduling_requires_a_reason(board):
    action = ActionFactory(board=board)
    with pytest.raises(ActionError):
        action_reschedule(
            action=action, new_due_date=datetime.date(2023, 5, 1), reason=" ", author=None
        )
    assert not DueDateChange.objects.exists()


def test_rescheduling_keeps_the_original_date_and_every_revision(board, secretary):
    action = ActionFactory(board=board, due_date=datetime.date(2024, 5, 1))
    action_reschedule(
        action=action,
        new_due_date=datetime.date(2024, 6, 1),
        reason="Waiting for data",
        author=secretary.user,
    )
    action_reschedule(
        action=action,
        new_due_date=datetime.date(2024, 7, 1),
        reason="Panel moved",
        author=secretary.user,
    )
    action.refresh_from_db()
    assert action.original_due_date == datetime.date(2024, 5, 1)
    assert action.due_date == datetime.date(2024, 7, 1)
    assert list(action.due_date_changes.values_list("old_date", "new_date", "reason")) == [
        (datetime.date(2024, 5, 1), datetime.date(2024, 6, 1), "Waiting for data"),
        (datetime.date(2024, 6, 1), datetime.date(2024, 7, 1), "Panel moved"),
    ]
    assert action.version == 3


def test_a_stale_reschedule_is_refused_and_changes_nothing(board):
    action = ActionFactory(board=board)
    with pytest.raises(EditConflict) as conflict:
        action_reschedule(
            action=action,
            new_due_date=datetime.date(2023, 6, 1),
            reason="Later",
            author=None,
            expected_version=0,
        )
    assert conflict.value.current.pk == action.pk
    assert not DueDateChange.objects.exists()


@pytest.mark.parametrize(
    ("revisions", "due", "finished", "expected"),
    [
        (0, datetime.date(2024, 5, 1), None, "due 01/05/24, 49 days late"),
        (
            2,
            datetime.date(2024, 6, 10),
            None,
            "due 01/05/24, revised twice, now due 10/06/24, 49 days late",
        ),
        (
            1,
            datetime.date(2024, 5, 20),
            datetime.date(2024, 5, 2),
            "due 01/05/24, revised once, now due 20/05/24, 1 day late",
        ),
        (0, datetime.date(2024, 5, 1), datetime.date(2024, 4, 30), "due 01/05/24, done on time"),
        (
            3,
            datetime.date(2024, 8, 1),
            None,
            "due 01/05/24, revised 3 times, now due 01/08/24, 49 days late",
        ),
    ],
)
def test_slippage_summary(revisions, due, finished, expected):
    summary = slippage_summary(
        original_due_date=datetime.date(2024, 5, 1),
        due_date=due,
        revisions=revisions,
        finished_on=finished,
        today=datetime.date(2024, 6, 19),
    )
    assert summary == expected


def test_slippage_without_a_due_date():
    assert slippage_summary(original_due_date=None, due_date=None, revisions=0) == "no due date"


def test_proposing_closure_leaves_it_for_the_board(board, sro):
    action = ActionFactory(board=board)
    action_propose_closure(action=action, text="Paper done", author=sro.user)
    action.refresh_from_db()
    assert action.status == Action.Status.PROPOSED_CLOSURE
    assert action.updates.get().outcome == ActionUpdate.Outcome.PROPOSE_CLOSE


def test_closing_an_action_records_the_meeting(board, secretary):
    action = ActionFactory(board=board)
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    action_close(action=action, author=secretary.user, text="Link shared", meeting=meeting)
    action.refresh_from_db()
    assert action.status == Action.Status.CLOSED
    assert (action.closed_at, action.closed_on) == (meeting, datetime.date(2023, 1, 26))
    assert action.updates.get().meeting == meeting


def test_a_closed_action_cannot_be_closed_again(board):
    action = ActionFactory(board=board)
    action_close(action=action, author=None)
    with pytest.raises(ActionError):
        action_close(action=action, author=None)


def test_close_and_replace_links_both_ways(board, secretary):
    action = ActionFactory(board=board, number=104, reference="104")
    meeting = MeetingFactory(board=board)
    cj = PersonFactory(partnership=board.partnership, initials="CJ")
    successor = action_close_and_replace(
        action=action,
        author=secretary.user,
        text="Initial meeting held",
        new_description="Bring the SEND Co-production Charter to the next meeting",
        new_owners=[cj],
        new_due_date=datetime.date(2023, 3, 30),
        meeting=meeting,
    )
    action.refresh_from_db()
    assert successor.reference == "105"
    assert action.successor == successor
    assert successor.predecessor == action
    assert action.status == Action.Status.SUPERSEDED
    assert action.closed_at == meeting
    assert list(successor.owners.all()) == [cj]
    assert successor.raised_at == meeting


def test_close_and_replace_needs_the_new_action(board):
    action = ActionFactory(board=board)
    with pytest.raises(ActionError):
        action_close_and_replace(action=action, author=None, text="x", new_description="")
    action.refresh_from_db()
    assert action.is_open


def test_editing_a_due_date_needs_a_reason_and_records_slippage(board, secretary):
    action = ActionFactory(board=board)
    kwargs = dict(
        action=action,
        author=secretary.user,
        expected_version=1,
        description="New words",
        owners=[],
        owner_note="",
        due_date=datetime.date(2023, 4, 30),
    )
    with pytest.raises(ActionError):
        action_edit(**kwargs)
    action_edit(**kwargs, due_date_reason="Data late")
    action.refresh_from_db()
    assert (action.description, action.due_date) == ("New words", datetime.date(2023, 4, 30))
    assert action.due_date_changes.get().reason == "Data late"


def test_a_stale_edit_is_refused(board, secretary):
    action = ActionFactory(board=board)
    action_reschedule(
        action=action, new_due_date=datetime.date(2023, 5, 1), reason="x", author=None
    )
    with pytest.raises(EditConflict):
        action_edit(
            action=action,
            author=secretary.user,
            expected_version=1,
            description="Mine",
            owners=[],
            owner_note="",
            due_date=datetime.date(2023, 5, 1),
        )
    action.refresh_from_db()
    assert action.description != "Mine"


def test_keeping_open_at_a_meeting_reopens_a_proposed_closure(board, secretary):
    action = ActionFactory(board=board, status=Action.Status.PROPOSED_CLOSURE)
    meeting = MeetingFactory(board=board)
    action_record_at_meeting(
        action=action, meeting=meeting, author=secretary.user, text="Not yet", outcome="keep_open"
    )
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert action.updates.get().outcome == "keep_open"


def test_a_new_date_at_a_meeting_records_slippage_with_the_meeting(board, secretary):
    action = ActionFactory(board=board)
    meeting = MeetingFactory(board=board)
    action_record_at_meeting(
        action=action,
        meeting=meeting,
        author=secretary.user,
        text="Delayed",
        outcome="keep_open",
        new_due_date=datetime.date(2023, 6, 30),
        reason="Winter pressures",
    )
    change = action.due_date_changes.get()
    assert (change.meeting, change.reason) == (meeting, "Winter pressures")

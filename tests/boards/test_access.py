import pytest

from boards import access
from boards.models import Role
from tests.boards.factories import BoardFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_deputy_can_read_the_board_they_deputise_on(board):
    user = UserFactory()
    deputy = PersonFactory(partnership=board.partnership, user=user)
    MembershipFactory(board=board, deputy=deputy)
    assert access.can(user, board, "view")
    assert not access.can(user, board, "edit")


def test_ended_membership_gives_no_access(board):
    import datetime

    user = UserFactory()
    person = PersonFactory(partnership=board.partnership, user=user)
    MembershipFactory(
        board=board,
        person=person,
        role=Role.SECRETARY,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    assert not access.can(user, board, "view")
    assert access.can(user, board, "structure")


def test_partnership_person_without_seat_sees_structure_only(board):
    user = UserFactory()
    PersonFactory(partnership=board.partnership, user=user)
    assert access.level_on(user, board) == access.Need.STRUCTURE
    assert list(access.boards_visible_to(user, "view")) == []


def test_chair_approves_but_does_not_run_the_board(board):
    user = UserFactory()
    MembershipFactory(
        board=board, role=Role.CHAIR, person=PersonFactory(partnership=board.partnership, user=user)
    )
    assert access.can(user, board, "approve")
    assert not access.can(user, board, "edit")


def test_other_partnership_boards_are_invisible(board):
    user = UserFactory()
    other = BoardFactory()
    MembershipFactory(
        board=other,
        role=Role.SECRETARY,
        person=PersonFactory(partnership=other.partnership, user=user),
    )
    assert access.level_on(user, board) is None
    assert list(access.boards_visible_to(user, "structure")) == [other]

import pytest

from boards import access
from boards.access import Need
from boards.models import Role
from tests.boards.factories import BoardFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_deputy_can_read_the_board_they_deputise_on(board):
    user = UserFactory()
    deputy = PersonFactory(partnership=board.partnership, user=user)
    MembershipFactory(board=board, deputy=deputy)
    assert access.can(user, board, Need.VIEW)
    assert not access.can(user, board, Need.EDIT)


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
    assert not access.can(user, board, Need.VIEW)
    assert access.can(user, board, Need.STRUCTURE)


def test_partnership_person_without_seat_sees_structure_only(board):
    user = UserFactory()
    PersonFactory(partnership=board.partnership, user=user)
    assert access.level_on(user, board) == access.Need.STRUCTURE
    assert list(access.boards_visible_to(user, Need.VIEW)) == []


def test_chair_approves_but_does_not_run_the_board(board):
    user = UserFactory()
    MembershipFactory(
        board=board, role=Role.CHAIR, person=PersonFactory(partnership=board.partnership, user=user)
    )
    assert access.can(user, board, Need.APPROVE)
    assert not access.can(user, board, Need.EDIT)


def test_other_partnership_boards_are_invisible(board):
    user = UserFactory()
    other = BoardFactory()
    MembershipFactory(
        board=other,
        role=Role.SECRETARY,
        person=PersonFactory(partnership=other.partnership, user=user),
    )
    assert access.level_on(user, board) is None
    assert list(access.boards_visible_to(user, Need.STRUCTURE)) == [other]


def test_the_header_names_the_partnership_the_page_read_without_reading_it_again(board, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = member.get(board.get_absolute_url()).content.decode()
    assert f'class="app-header-title">{board.partnership.name}</a>' in page
    # Read by its slug once, with the board (history names it by id: that is another query).
    by_slug = [q["sql"] for q in queries if '"boards_partnership"."slug" =' in q["sql"]]
    assert len(by_slug) == 1 and 'FROM "boards_board"' in by_slug[0]


def test_a_seat_on_another_partnerships_board_does_not_put_it_in_the_header(board):
    from django.test import Client

    from tests.boards.factories import PartnershipFactory

    user = UserFactory()
    home = PartnershipFactory(name="Home partnership", slug="home")
    MembershipFactory(
        board=board, role=Role.MEMBER, person=PersonFactory(partnership=home, user=user)
    )
    client = Client()
    client.force_login(user)
    page = client.get(board.get_absolute_url()).content.decode()
    assert board.name in page
    assert 'class="app-header-title">Home partnership</a>' in page


def test_a_secretary_manages_the_partnership_of_their_board_and_no_other(
    board, django_assert_num_queries
):
    from tests.boards.factories import PartnershipFactory

    user = UserFactory()
    person = PersonFactory(partnership=board.partnership, user=user)
    MembershipFactory(board=board, role=Role.SECRETARY, person=person)
    other = PartnershipFactory(slug="other")
    sibling = BoardFactory(partnership=board.partnership, slug="sibling")
    standing = access.Access(user)  # as a request has it
    access.board_levels(standing)
    with django_assert_num_queries(1):  # the boards of the partnership are looked up
        assert access.can_manage_partnership(standing, board.partnership)
    found = access.board_for_user(standing, board.partnership.slug, board.slug, need=Need.EDIT)
    with django_assert_num_queries(0):  # the board just checked answers
        assert access.can_manage_partnership(standing, found.partnership)
    assert not access.can_manage_partnership(user, other)
    sibling_user = UserFactory()
    MembershipFactory(
        board=sibling,
        role=Role.MEMBER,
        person=PersonFactory(partnership=board.partnership, user=sibling_user),
    )
    assert not access.can_manage_partnership(sibling_user, board.partnership)

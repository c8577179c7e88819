import datetime

import pytest
from django.urls import reverse

from actions.models import Action
from boards.models import Person
from tests.actions.factories import ActionFactory
from tests.boards.factories import BoardFactory, PartnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
MINE = reverse("actions:mine")


def gb(client):
    return Person.objects.get(user=client.user)


def test_my_actions_lists_what_i_own_on_every_board_overdue_first(sro, board):
    other_board = BoardFactory(partnership=board.partnership)
    later = ActionFactory(board=board, owners=[gb(sro)], due_date=datetime.date(2099, 1, 1))
    late = ActionFactory(board=other_board, owners=[gb(sro)], due_date=datetime.date(2020, 1, 1))
    ActionFactory(board=board)  # someone else's
    ActionFactory(board=board, owners=[gb(sro)], status="closed", closed_on="2020-01-01")
    response = sro.get(MINE)
    assert [card["action"].pk for card in response.context["cards"]] == [late.pk, later.pk]
    assert "1 overdue" in response.text


def test_my_actions_across_partnerships(sro, board):
    elsewhere = PartnershipFactory()
    me_there = PersonFactory(partnership=elsewhere, user=sro.user, initials="GB")
    action = ActionFactory(board=BoardFactory(partnership=elsewhere), owners=[me_there])
    response = sro.get(MINE)
    assert [card["action"].pk for card in response.context["cards"]] == [action.pk]


def test_anonymous_is_sent_to_sign_in(anonymous):
    assert anonymous.get(MINE).status_code == 302


def update(client, action, **data):
    return client.post(
        reverse("actions:mine_update", args=[action.pk]),
        {f"a{action.pk}-{k}": v for k, v in data.items() if k != "outcome"}
        | ({"outcome": data["outcome"]} if "outcome" in data else {}),
        headers={"HX-Request": "true"},
    )


def test_owner_without_a_seat_writes_an_update_in_place(sro, board):
    action = ActionFactory(board=board, owners=[gb(sro)])
    response = update(
        sro, action, text="Met TP about Voice of the Child", version=1, outcome="note"
    )
    assert response.status_code == 200
    assert f'id="action-{action.pk}"' in response.text
    assert "<html" not in response.text
    assert "Update to action" in response.text
    assert action.updates.get().author == sro.user


def test_owner_proposes_closure(sro, board):
    action = ActionFactory(board=board, owners=[gb(sro)])
    update(sro, action, text="Paper written", version=1, outcome="propose_close")
    action.refresh_from_db()
    assert action.status == Action.Status.PROPOSED_CLOSURE


def test_owner_proposes_a_new_date_with_a_reason(sro, board):
    action = ActionFactory(board=board, owners=[gb(sro)])
    response = update(sro, action, text="Delayed", new_due_date="2023-05-31", version=1)
    assert "Give a reason for the new due date" in response.text
    assert not action.updates.exists()
    update(sro, action, text="Delayed", new_due_date="2023-05-31", reason="Data late", version=1)
    action.refresh_from_db()
    assert action.due_date == datetime.date(2023, 5, 31)
    assert action.original_due_date == datetime.date(2023, 3, 31)


def test_a_stale_closure_proposal_keeps_the_update_and_tells_the_owner(sro, board):
    action = ActionFactory(board=board, owners=[gb(sro)], version=3)
    response = update(sro, action, text="Done I think", version=1, outcome="propose_close")
    assert "Someone else changed action" in response.text
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert action.updates.get().text == "Done I think"


def test_someone_elses_action_is_refused(sro, member, outsider, board):
    action = ActionFactory(board=board)
    assert update(sro, action, text="x", version=1).status_code == 403
    assert update(member, action, text="x", version=1).status_code == 403
    assert update(outsider, action, text="x", version=1).status_code == 404
    assert not action.updates.exists()


def test_the_secretary_may_update_any_action_of_the_board(secretary, board):
    action = ActionFactory(board=board)
    update(secretary, action, text="Chased", version=1)
    assert action.updates.count() == 1


def test_a_cards_form_is_fetched_when_opened(sro, member, board):
    action = ActionFactory(board=board, owners=[gb(sro)])
    url = reverse("actions:mine_update", args=[action.pk])
    page = sro.get(reverse("actions:mine")).text
    # The list carries no forms: each card fetches its own when "Write an update" is opened.
    assert f'name="a{action.pk}-text"' not in page
    assert f'hx-get="{url}"' in page
    assert f'href="{action.get_absolute_url()}#update"' in page
    fragment = sro.get(url, headers={"HX-Request": "true"}).text
    assert f'name="a{action.pk}-text"' in fragment and "<html" not in fragment
    assert sro.get(url).url == f"{action.get_absolute_url()}#update"
    assert member.get(url, headers={"HX-Request": "true"}).status_code in {403, 404}


def test_without_htmx_it_redirects_back(sro, board):
    action = ActionFactory(board=board, owners=[gb(sro)])
    response = sro.post(
        reverse("actions:mine_update", args=[action.pk]),
        {f"a{action.pk}-text": "x", f"a{action.pk}-version": 1},
    )
    assert response.status_code == 302


def test_owner_may_read_and_update_from_the_action_page(sro, board):
    action = ActionFactory(board=board, owners=[gb(sro)])
    assert sro.get(action.get_absolute_url()).status_code == 200
    sro.post(reverse("actions:update", args=[action.pk]), {"text": "From the page", "version": 1})
    assert action.updates.get().text == "From the page"


@pytest.mark.parametrize("rows", [30, 60])
def test_my_actions_runs_a_bounded_number_of_queries(
    sro, board, rows, django_assert_max_num_queries
):
    me = gb(sro)
    boards = [board, BoardFactory(partnership=board.partnership)]
    for n in range(rows):
        ActionFactory(
            board=boards[n % 2], owners=[me, PersonFactory(partnership=board.partnership)]
        )
    with django_assert_max_num_queries(16):
        response = sro.get(MINE)
    assert len(response.context["cards"]) == 25
    assert f"{rows} open actions on all boards" in response.text

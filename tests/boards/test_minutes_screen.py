"""The minute-taking screen of a live meeting: the list of items, each item's captured actions
under its own box, the logs one line per record, declarations, and a size that holds with the
logs."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Action
from boards.models import AgendaItem, Declaration
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    PersonFactory,
)
from tests.risks.factories import RiskFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
Standing = AgendaItem.Standing
MEETING_DAY = datetime.date(2023, 1, 26)
PAGE_BOUND = 200_000  # bytes: 30 items with their boxes, the first page of the action log


def build_meeting(board, *, actions: int, risks: int):
    """A meeting of 30 items, the standing ones among them, with logs of the size asked."""
    meeting = MeetingFactory(board=board, date=MEETING_DAY)
    MinutesFactory(meeting=meeting)
    standing = {2: Standing.DECLARATIONS, 4: Standing.ACTION_LOG, 5: Standing.RISK_LOG}
    items = [
        AgendaItemFactory(
            meeting=meeting,
            position=position,
            title=f"Item {position}",
            standing=standing.get(position, ""),
        )
        for position in range(1, 31)
    ]
    ActionFactory.create_batch(actions, board=board, due_date=datetime.date(2023, 3, 31))
    RiskFactory.create_batch(risks, board=board, review_date=datetime.date(2023, 1, 1))
    return meeting, items


def screen(client, meeting):
    return client.get(reverse("boards:minutes_screen", args=[meeting.pk]))


def test_the_screen_stays_small_and_quick_with_long_logs(
    secretary, board, django_assert_max_num_queries
):
    meeting, _items = build_meeting(board, actions=100, risks=40)
    with django_assert_max_num_queries(60):
        response = screen(secretary, meeting)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < PAGE_BOUND
    # The review forms open on demand: none is in the page, each record is one line.
    assert 'name="risk-' not in html and "Record review" not in html
    # A page of each log, the rest fetched when asked for.
    assert html.count('class="app-risk-card app-log-line"') == 20
    assert html.count('class="app-meeting-action app-log-line"') == 20
    assert "Show the next actions" in html and "Show the next risks" in html


def test_the_page_does_not_grow_with_the_logs(secretary, board):
    small, _items = build_meeting(board, actions=20, risks=20)
    small_size = len(screen(secretary, small).content)
    ActionFactory.create_batch(40, board=board)
    RiskFactory.create_batch(40, board=board, review_date=datetime.date(2023, 1, 1))
    # Only the "show the next" links are added.
    assert len(screen(secretary, small).content) - small_size < 1_000


def test_the_list_of_items_says_which_are_typed_and_how_many_actions(secretary, board):
    meeting, items = build_meeting(board, actions=0, risks=0)
    typed = items[6]
    typed.minutes_text = "The board noted the report."
    typed.save()
    ActionFactory.create_batch(2, board=board, raised_at=meeting, raised_at_item=typed)
    html = screen(secretary, meeting).content.decode()
    navigator = html[html.index('id="minutes-navigator"') :].split("</ol>")[0]
    assert navigator.count("<li>") == 31  # attendance, then the 30 items
    entry = navigator[navigator.index(f'href="#item-{typed.pk}"') :].split("</li>")[0]
    assert "7. Item 7" in entry and "Typed" in entry and "2 actions" in entry
    empty = navigator[navigator.index(f'href="#item-{items[7].pk}"') :].split("</li>")[0]
    assert "Empty" in empty and "action" not in empty


def test_the_list_of_items_is_fetched_again_as_it_stands(secretary, board):
    meeting, items = build_meeting(board, actions=0, risks=0)
    url = reverse("boards:minutes_navigator", args=[meeting.pk])
    assert "Typed" not in secretary.get(url, **HTMX).content.decode()
    items[0].minutes_text = "Welcome."
    items[0].save()
    html = secretary.get(url, **HTMX).content.decode()
    assert html.lstrip().startswith('<ol class="govuk-list app-minutes-nav__list"')
    assert "Typed" in html and "<html" not in html


def test_the_list_of_items_is_refused_to_outsiders_and_readers(outsider, member, board):
    meeting = MeetingFactory(board=board)
    url = reverse("boards:minutes_navigator", args=[meeting.pk])
    assert outsider.get(url).status_code == 404
    assert member.get(url).status_code == 403


def test_an_items_captured_actions_come_right_under_its_box(secretary, board):
    meeting, items = build_meeting(board, actions=30, risks=5)
    log_item = items[3]
    log_item.minutes_text = "Action: GB to circulate the log."
    log_item.save()
    html = screen(secretary, meeting).content.decode()
    section = html[html.index(f'id="item-{log_item.pk}"') :]
    capture = section.index(f'id="action-capture-{log_item.pk}"')
    # Straight after the item's own form, before the actions it reviews.
    assert section.index(f'id="item-{log_item.pk}-form"') < capture
    assert capture < section.index('class="app-meeting-action app-log-line"')
    assert "Actions in these minutes" in section[capture : capture + 2_000]


def test_declarations_are_recorded_on_the_screen(secretary, board):
    meeting, items = build_meeting(board, actions=0, risks=0)
    person = PersonFactory(partnership=board.partnership, name="Grace Brown")
    html = screen(secretary, meeting).content.decode()
    declarations_item = html[html.index(f'id="item-{items[1].pk}"') :]
    assert declarations_item.index('id="declarations-panel"') < declarations_item.index(
        f'id="item-{items[2].pk}"'
    )
    url = reverse("boards:declaration_add", args=[meeting.pk])
    data = {"person": person.pk, "interest": "Governor of a special school", "from": "minutes"}
    response = secretary.post(url, data, **HTMX)
    assert response.status_code == 200
    panel = response.content.decode()
    assert panel.lstrip().startswith('<div class="app-declarations" id="declarations-panel">')
    assert "Grace Brown: Governor of a special school" in panel
    assert 'name="from" value="minutes"' in panel
    assert Declaration.objects.get().person == person


def test_a_declaration_without_an_interest_is_shown_again_with_its_error(secretary, board):
    meeting, _items = build_meeting(board, actions=0, risks=0)
    person = PersonFactory(partnership=board.partnership)
    url = reverse("boards:declaration_add", args=[meeting.pk])
    panel = secretary.post(url, {"person": person.pk, "from": "minutes"}, **HTMX).content.decode()
    assert "govuk-form-group--error" in panel and "<details class" in panel
    assert " open>" in panel  # the form stays open where the secretary was typing
    assert not Declaration.objects.exists()


def test_without_javascript_a_declaration_returns_to_the_screen(secretary, board):
    meeting, _items = build_meeting(board, actions=0, risks=0)
    person = PersonFactory(partnership=board.partnership)
    url = reverse("boards:declaration_add", args=[meeting.pk])
    data = {"person": person.pk, "interest": "Trustee", "from": "minutes"}
    response = secretary.post(url, data)
    assert response.url == reverse("boards:minutes_screen", args=[meeting.pk]) + "#declarations"
    response = secretary.post(url, {**data, "from": ""})
    assert response.url == reverse("boards:attendance", args=[meeting.pk]) + "#declarations"


def test_capturing_an_action_tells_the_screen_to_count_it(secretary, board):
    meeting, items = build_meeting(board, actions=0, risks=0)
    item = items[8]
    PersonFactory(partnership=board.partnership, initials="GB")
    item.minutes_text = "Action: GB to write to schools by 31/03/2023."
    item.save()
    data = {
        "index": "0",
        "c0-description": "Write to schools",
        "c0-owners": "GB",
        "c0-due_date": "2023-03-31",
        "c0-source_line": "GB to write to schools by 31/03/2023",
    }
    response = secretary.post(reverse("actions:capture", args=[item.pk]), data, **HTMX)
    assert response["HX-Trigger"] == "actionCaptured"
    assert Action.objects.get().raised_at_item == item

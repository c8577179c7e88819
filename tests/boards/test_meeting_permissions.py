"""Every meeting page and action through the access rules: GET refused where only POST is allowed,
another partnership gets 404, a member gets 403 on what only the secretary does."""

import pytest
from django.urls import reverse

from boards.models import Minutes
from tests.boards.factories import AgendaItemFactory, MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db

POST_ONLY_MEETING = [
    "boards:standing_items_add",
    "boards:forward_plan_pull",
    "boards:minutes_start",
    "boards:attendance_add",
    "boards:declaration_add",
    "boards:declarations_none",
    "boards:approve",
    "boards:publish",
]
POST_ONLY_ITEM = ["boards:item_move", "boards:minutes_autosave", "boards:item_start"]
SECRETARY_PAGES_MEETING = [
    "boards:meeting_edit",
    "boards:item_add",
    "boards:minutes_screen",
    "boards:attendance",
    "boards:circulate",  # the preview; confirming it sends
]
SECRETARY_PAGES_ITEM = ["boards:item_edit", "boards:item_remove", "boards:paper_add"]
READ_PAGES = [
    "boards:meeting",
    "boards:minutes_read",
    "boards:minutes_pdf",
    "boards:minutes_docx",
    "boards:meeting_ics",
]


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(board=board)
    MinutesFactory(meeting=meeting, status=Minutes.Status.DRAFT)
    return meeting


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, position=1)


@pytest.mark.parametrize("name", POST_ONLY_MEETING)
def test_meeting_actions_refuse_get(secretary, meeting, name):
    assert secretary.get(reverse(name, args=[meeting.pk])).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY_ITEM)
def test_item_actions_refuse_get(secretary, item, name):
    assert secretary.get(reverse(name, args=[item.pk])).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY_MEETING + SECRETARY_PAGES_MEETING)
def test_meeting_actions_404_for_another_partnership(outsider, meeting, name):
    assert outsider.post(reverse(name, args=[meeting.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", [n for n in POST_ONLY_MEETING + SECRETARY_PAGES_MEETING if n != "boards:approve"]
)
def test_meeting_actions_are_refused_to_members(member, meeting, name):
    assert member.post(reverse(name, args=[meeting.pk])).status_code == 403


@pytest.mark.parametrize("name", POST_ONLY_ITEM + SECRETARY_PAGES_ITEM)
def test_item_actions_refused_to_members_and_hidden_from_outsiders(member, outsider, item, name):
    url = reverse(name, args=[item.pk])
    assert member.post(url).status_code == 403
    assert outsider.post(url).status_code == 404


@pytest.mark.parametrize("name", READ_PAGES)
def test_members_read_what_outsiders_cannot_find(member, outsider, anonymous, meeting, name):
    url = reverse(name, args=[meeting.pk])
    assert member.get(url).status_code == 200
    assert outsider.get(url).status_code == 404
    assert anonymous.get(url).status_code == 302


def test_people_of_the_partnership_without_a_seat_cannot_read_meetings(sro, meeting):
    assert sro.get(meeting.get_absolute_url()).status_code == 403

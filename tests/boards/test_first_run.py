"""The first minutes of a new partnership: where site staff land, and the set-up checklist."""

import re
from html import unescape

import pytest
from django.urls import reverse

from boards.models import Role
from tests.boards.factories import (
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

STEPS = [
    "Add the organisations",
    "Add the people",
    "Add the boards and who each reports to",
    "Give each board a secretary",
    "Schedule the first meeting",
]


def checklist(client, partnership) -> dict[str, tuple[str, str]] | None:
    """Each step of the partnership page's checklist: (status, link), or None without one."""
    html = client.get(reverse("boards:partnership", args=[partnership.slug])).content.decode()
    if "govuk-task-list" not in html:
        return None
    steps = {}
    for item in re.findall(r'<li class="govuk-task-list__item.*?</li>', html, re.S):
        link = re.search(r'<a class="govuk-link govuk-task-list__link" href="([^"]+)"', item)
        name = re.sub(r"<[^>]+>", "", item.split('<div id="', 1)[0]).strip()
        status = re.sub(r"<[^>]+>", "", item.split("govuk-task-list__status", 1)[1]).strip()
        steps[unescape(name)] = (status.split(">", 1)[1].strip(), link.group(1) if link else "")
    return steps


def test_site_staff_land_on_the_list_of_partnerships_with_add_a_partnership(staff, partnership):
    response = staff.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert partnership.name in html
    assert f'href="{reverse("boards:partnership_add")}">Add a partnership</a>' in html


def test_anyone_else_in_a_partnership_lands_on_their_work(member, partnership):
    response = member.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("boards:your_work")


def test_a_new_partnership_shows_every_step_with_where_it_is_done(staff):
    new = PartnershipFactory(slug="thurrock")
    steps = checklist(staff, new)
    assert list(steps) == STEPS
    assert steps["Add the organisations"] == ("Incomplete", "/p/thurrock/organisations/new/")
    assert steps["Add the people"] == ("Incomplete", "/p/thurrock/people/new/")
    assert steps["Add the boards and who each reports to"] == (
        "Incomplete",
        "/p/thurrock/boards/new/",
    )
    assert steps["Give each board a secretary"] == ("Cannot start yet", "")
    assert steps["Schedule the first meeting"] == ("Cannot start yet", "")


def test_each_step_ticks_itself_when_done_and_the_list_goes_when_all_are(staff):
    new = PartnershipFactory(slug="thurrock")

    OrganisationFactory(partnership=new)
    assert checklist(staff, new)["Add the organisations"][0] == "Completed"
    assert checklist(staff, new)["Add the people"][0] == "Incomplete"

    secretary = PersonFactory(partnership=new)
    assert checklist(staff, new)["Add the people"][0] == "Completed"
    assert checklist(staff, new)["Give each board a secretary"][0] == "Cannot start yet"

    top = BoardFactory(partnership=new, slug="hwbb")
    below = BoardFactory(partnership=new, slug="sendops", parent=top)
    steps = checklist(staff, new)
    assert steps["Add the boards and who each reports to"][0] == "Completed"
    assert steps["Give each board a secretary"] == (
        "Incomplete",
        "/p/thurrock/b/hwbb/members/new/",
    )
    assert steps["Schedule the first meeting"] == ("Incomplete", "/p/thurrock/b/hwbb/meetings/new/")

    MembershipFactory(board=top, person=secretary, role=Role.SECRETARY)
    steps = checklist(staff, new)
    assert steps["Give each board a secretary"] == (
        "Incomplete",
        "/p/thurrock/b/sendops/members/new/",
    )
    MembershipFactory(board=below, person=secretary, role=Role.SECRETARY)
    assert checklist(staff, new)["Give each board a secretary"][0] == "Completed"

    MeetingFactory(board=below)
    assert checklist(staff, new) is None


def test_a_secretary_who_ended_does_not_count(staff):
    new = PartnershipFactory()
    board = BoardFactory(partnership=new)
    OrganisationFactory(partnership=new)
    MeetingFactory(board=board)
    MembershipFactory(
        board=board, role=Role.SECRETARY, starts_on="2020-01-01", ends_on="2021-01-01"
    )
    steps = checklist(staff, new)
    assert [step for step, (status, _) in steps.items() if status != "Completed"] == [
        "Give each board a secretary"
    ]


def test_the_checklist_is_for_those_who_keep_the_partnership(secretary, member, board):
    assert checklist(member, board.partnership) is None
    steps = checklist(secretary, board.partnership)
    # Secretaries add organisations, people, their own boards' members and meetings; site
    # staff add boards, and the secretaries of boards without one.
    assert steps["Add the people"] == ("Completed", "/p/southend/people/new/")
    assert steps["Add the boards and who each reports to"] == ("Completed", "")
    assert steps["Give each board a secretary"] == ("Incomplete", "")  # HWBB has none
    assert steps["Schedule the first meeting"] == ("Incomplete", "/p/southend/b/sspb/meetings/new/")

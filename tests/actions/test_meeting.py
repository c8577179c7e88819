import datetime
import threading

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from actions import contributions
from actions.models import Action
from actions.services.base import ActionError
from actions.services.log import action_create, next_reference
from actions.services.meeting import action_record_at_meeting
from boards.access import Access
from boards.models import AgendaItem
from core import registry
from tests.actions.factories import ActionFactory, ActionUpdateFactory
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    previous = MeetingFactory(board=board, date=datetime.date(2022, 11, 24), status="held")
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    AgendaItemFactory(meeting=meeting, position=4, title="Action log", standing="action_log")
    meeting.previous = previous
    return meeting


@pytest.fixture
def people(board):
    return {
        initials: PersonFactory(partnership=board.partnership, initials=initials)
        for initials in ("HF", "CJ", "GB")
    }


def record(client, meeting, action, **data):
    return client.post(
        reverse("actions:meeting_record", args=[meeting.pk, action.pk]),
        {f"a{action.pk}-{k}": v for k, v in data.items()},
        headers={"HX-Request": "true"},
    )


def test_the_section_lists_open_actions_and_those_closed_since_the_last_meeting(
    secretary, meeting, board
):
    open_action = ActionFactory(board=board, description="Still open")
    ActionFactory(board=board, description="Closed since", status="closed", closed_on="2022-12-15")
    ActionFactory(
        board=board, description="Closed long ago", status="closed", closed_on="2022-06-01"
    )
    response = secretary.get(reverse("actions:meeting_log", args=[meeting.pk]))
    assert "Still open" in response.text
    assert "Closed since" in response.text
    assert "Closed long ago" not in response.text
    assert f'id="meeting-action-{open_action.pk}"' in response.text


def test_a_row_shows_the_action_escaped_with_its_latest_update_cut_short(secretary, meeting, board):
    owner = PersonFactory(partnership=board.partnership, initials="HF")
    action = ActionFactory(
        board=board, description="<b>fix</b> the & roof", owners=[owner], owner_note="SROs"
    )
    ActionUpdateFactory(action=action, text="word " * 60 + "<i>")
    page = secretary.get(reverse("actions:meeting_log", args=[meeting.pk])).text
    assert "&lt;b&gt;fix&lt;/b&gt; the &amp; roof" in page
    assert f'href="/actions/{action.pk}/">{action.reference}</a> HF/SROs: &lt;b&gt;fix' in page
    assert "Latest update: " + "word " * 49 + "word …</p>" in page
    assert "<i>" not in page


def test_a_rows_form_is_fetched_when_opened_and_has_a_page_of_its_own(secretary, meeting, board):
    action = ActionFactory(board=board, description="Still open")
    log = secretary.get(reverse("actions:meeting_log", args=[meeting.pk])).text
    url = reverse("actions:meeting_record", args=[meeting.pk, action.pk])
    # The log itself carries no forms: each row fetches its own when opened.
    assert f'name="a{action.pk}-text"' not in log
    assert f'hx-get="{url}"' in log and f'href="{url}"' in log
    fragment = secretary.get(url, headers={"HX-Request": "true"}).text
    assert f'name="a{action.pk}-text"' in fragment
    assert f'name="a{action.pk}-version" value="{action.version}"' in fragment
    assert "<html" not in fragment
    page = secretary.get(url).text
    assert "<html" in page and f'name="a{action.pk}-text"' in page


def test_without_javascript_recording_returns_to_the_meeting(secretary, meeting, board):
    action = ActionFactory(board=board)
    url = reverse("actions:meeting_record", args=[meeting.pk, action.pk])
    data = {f"a{action.pk}-text": "Done", f"a{action.pk}-outcome": "close"}
    data[f"a{action.pk}-version"] = action.version
    response = secretary.post(url, data)
    assert response.status_code == 302
    assert response.url == f"{meeting.get_absolute_url()}#meeting-action-{action.pk}"
    action.refresh_from_db()
    assert action.status == "closed"
    refused = secretary.post(url, {f"a{action.pk}-text": "", f"a{action.pk}-version": 1})
    assert refused.status_code == 200 and "<html" in refused.text


def test_the_section_is_registered_for_the_action_log_item(rf_request, meeting):
    item = meeting.agenda_items.get()
    section = registry.meeting_section("action_log")(rf_request, meeting, item)
    assert section.template == "actions/partials/meeting_section.html"


@pytest.fixture
def rf_request(secretary):
    request = RequestFactory().get("/")
    request.user = secretary.user
    request.access = Access(request.user)
    return request


def test_agree_to_close_at_the_meeting(secretary, meeting, board, people):
    action = ActionFactory(board=board, number=94, reference="94", owners=[people["HF"]])
    response = record(
        secretary,
        meeting,
        action,
        text="HF advised that communications about the Lighthouse are added each month.",
        outcome="close",
        version=1,
    )
    assert response.status_code == 200
    assert "Recorded for action 94" in response.text
    action.refresh_from_db()
    assert (action.status, action.closed_at) == ("closed", meeting)
    assert action.updates.get().meeting == meeting


def test_close_and_create_new_at_the_meeting(secretary, meeting, board, people):
    action = ActionFactory(board=board, number=104, reference="104")
    record(
        secretary,
        meeting,
        action,
        text="CJ advised initial meeting has taken place.",
        outcome="close_and_replace",
        new_description="SEND Co Production Charter update at next meeting",
        new_owners="CJ",
        new_due="2023-03-30",
        version=1,
    )
    action.refresh_from_db()
    successor = action.successor
    assert successor.reference == "105"
    assert list(successor.owners.all()) == [people["CJ"]]
    assert successor.raised_at_item.standing == "action_log"


def test_close_and_create_new_needs_the_new_action(secretary, meeting, board):
    action = ActionFactory(board=board)
    response = record(secretary, meeting, action, text="x", outcome="close_and_replace", version=1)
    assert "Describe the new action" in response.text
    action.refresh_from_db()
    assert action.is_open


def test_a_new_due_date_at_the_meeting_needs_a_reason(secretary, meeting, board):
    action = ActionFactory(board=board)
    response = record(
        secretary,
        meeting,
        action,
        text="x",
        outcome="keep_open",
        new_due_date="2023-06-30",
        version=1,
    )
    assert "Give a reason" in response.text
    record(
        secretary,
        meeting,
        action,
        text="x",
        outcome="keep_open",
        new_due_date="2023-06-30",
        reason="Winter pressures",
        version=1,
    )
    action.refresh_from_db()
    assert action.due_date == datetime.date(2023, 6, 30)


def test_a_stale_outcome_is_refused_and_the_text_kept_in_the_form(secretary, meeting, board):
    action = ActionFactory(board=board, version=4)
    response = record(secretary, meeting, action, text="My minute", outcome="close", version=1)
    assert "Someone else changed action" in response.text
    assert "My minute" in response.text
    action.refresh_from_db()
    assert action.is_open


def test_nothing_is_recorded_for_an_action_closed_meanwhile(secretary, meeting, board):
    closed_here = ActionFactory(board=board, status="closed", closed_on="2023-01-26")
    closed_here.closed_at = meeting
    closed_here.save()
    response = record(
        secretary,
        meeting,
        closed_here,
        text="Late words",
        outcome="keep_open",
        version=closed_here.version,
    )
    assert response.status_code == 200
    assert "is already Closed" in response.text
    assert not closed_here.updates.exists()


@pytest.mark.parametrize("status", ["approved", "published"])
def test_nothing_is_recorded_at_a_meeting_whose_minutes_are_approved(
    secretary, meeting, board, status
):
    """What is said of an action at a meeting is part of its minutes, which approval fixes."""
    action = ActionFactory(board=board)
    MinutesFactory(meeting=meeting, status=status)
    page = secretary.get(meeting.get_absolute_url()).text
    assert f'id="meeting-action-{action.pk}"' in page
    assert "Record the update" not in page
    assert "record what is said of these actions at the next meeting" in page
    url = reverse("actions:meeting_record", args=[meeting.pk, action.pk])
    assert secretary.get(url, headers={"HX-Request": "true"}).status_code == 404
    response = record(secretary, meeting, action, text="Late words", outcome="close", version=1)
    assert response.status_code == 200
    assert "The minutes of this meeting are approved" in response.text
    action.refresh_from_db()
    assert action.is_open and not action.updates.exists()
    with pytest.raises(ActionError):
        action_record_at_meeting(
            action=action, meeting=meeting, author=secretary.user, text="Words", outcome="note"
        )
    assert not action.updates.exists()


def test_draft_minutes_still_take_what_is_said_of_an_action(secretary, meeting, board):
    action = ActionFactory(board=board)
    MinutesFactory(meeting=meeting, status="circulated")
    assert "Record the update" in secretary.get(meeting.get_absolute_url()).text
    response = record(
        secretary, meeting, action, text="Done", outcome="close", version=action.version
    )
    assert "Recorded for action" in response.text


def test_nothing_is_recorded_for_an_action_the_log_does_not_list(secretary, meeting, board):
    long_closed = ActionFactory(board=board, status="closed", closed_on="2022-06-01")
    response = record(secretary, meeting, long_closed, text="Words", outcome="keep_open")
    assert response.status_code == 404
    assert not long_closed.updates.exists()


def test_recording_refused_for_get_members_outsiders_and_other_boards(
    secretary, member, outsider, meeting, board
):
    action = ActionFactory(board=board)
    url = reverse("actions:meeting_record", args=[meeting.pk, action.pk])
    assert member.get(url).status_code == 403
    assert outsider.get(url).status_code == 404
    assert record(member, meeting, action, text="x", outcome="close").status_code == 403
    assert record(outsider, meeting, action, text="x", outcome="close").status_code == 404
    elsewhere = ActionFactory()
    assert record(secretary, meeting, elsewhere, text="x", outcome="close").status_code == 404
    action.refresh_from_db()
    assert action.is_open


def test_minutes_lines_in_the_seeds_style(secretary, meeting, board, people):
    item = meeting.agenda_items.get(standing="action_log")
    keep = ActionFactory(board=board, number=89, reference="89")
    close = ActionFactory(board=board, number=94, reference="94")
    replace = ActionFactory(board=board, number=104, reference="104")
    user = secretary.user
    action_record_at_meeting(
        action=keep, meeting=meeting, author=user, text="GB has met with TP", outcome="keep_open"
    )
    action_record_at_meeting(
        action=close,
        meeting=meeting,
        author=user,
        text="HF advised that communications are added monthly",
        outcome="close",
    )
    action_record_at_meeting(
        action=replace,
        meeting=meeting,
        author=user,
        text="CJ advised initial meeting has taken place",
        outcome="close_and_replace",
        new_description="SEND Co Production Charter update at next meeting",
        new_owners=[people["CJ"]],
        item=item,
    )
    partners = AgendaItemFactory(meeting=meeting, position=6, title="Current perspective")
    action_create(
        board=board,
        description="work with AW and JM to produce a paper",
        owners=[people["GB"]],
        due_date=datetime.date(2023, 3, 31),
        raised_at_item=partners,
    )
    lines = registry.minutes_lines(meeting)
    assert lines[item.pk] == [
        "89 – GB has met with TP. Keep action open.",
        "94 – HF advised that communications are added monthly. Agree to close action.",
        "104 – CJ advised initial meeting has taken place. Agree to close and create new action; "
        "105 – SEND Co Production Charter update at next meeting.",
    ]
    assert lines[partners.pk] == [
        "Action: GB to work with AW and JM to produce a paper by 31 March 2023."
    ]


def test_a_new_date_appears_in_the_minutes(secretary, meeting, board):
    item = meeting.agenda_items.get(standing="action_log")
    action = ActionFactory(board=board, number=95, reference="95")
    action_record_at_meeting(
        action=action,
        meeting=meeting,
        author=secretary.user,
        text="Dashboards in development",
        outcome="keep_open",
        new_due_date=datetime.date(2023, 3, 30),
        reason="Timeline at next meeting",
    )
    assert contributions.minutes_lines(meeting)[item.pk] == [
        "95 – Dashboards in development. New due date 30 March 2023: Timeline at next meeting. "
        "Keep action open."
    ]


def test_pack_section_renders_the_action_log_partial(meeting, board):
    ActionFactory(board=board, description="In the pack")
    item = meeting.agenda_items.get(standing="action_log")
    (html,) = registry.pack_sections(meeting, item, False)
    assert "In the pack" in html and "<table" in html
    other = AgendaItemFactory(meeting=meeting, position=9)
    assert contributions.pack_section(meeting, other, False) is None


def test_the_public_pack_leaves_out_actions_raised_under_a_confidential_item(meeting, board):
    secret = AgendaItemFactory(meeting=meeting.previous, position=5, confidential=True)
    action_create(board=board, description="Name the pupils", raised_at_item=secret)
    ActionFactory(board=board, description="Open to all")
    item = meeting.agenda_items.get(standing="action_log")
    public = contributions.pack_section(meeting, item, True)
    assert "Open to all" in public and "Name the pupils" not in public
    assert "Name the pupils" in contributions.pack_section(meeting, item, False)


@pytest.mark.parametrize("rows", [30, 60])
def test_the_meeting_section_runs_a_bounded_number_of_queries(
    secretary, meeting, board, rows, django_assert_max_num_queries
):
    for _n in range(rows):
        ActionFactory(board=board, owners=[PersonFactory(partnership=board.partnership)])
    with django_assert_max_num_queries(17):
        response = secretary.get(reverse("actions:meeting_log", args=[meeting.pk]))
    assert len(response.context["context"]["rows"]) == 20
    assert f"(20 of {rows} shown)" in response.text


def test_the_next_page_of_actions_to_review_comes_by_htmx(secretary, meeting, board):
    for _n in range(25):
        ActionFactory(board=board)
    url = reverse("actions:meeting_log", args=[meeting.pk])
    response = secretary.get(f"{url}?page=2", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<h1" not in response.text and "Actions to review" not in response.text
    assert response.text.count('class="app-meeting-action ') == 5
    assert "Show the next actions" not in response.text


def test_capture_panel_offers_each_action_line(secretary, rf_request, meeting, board, people):
    item = AgendaItemFactory(
        meeting=meeting,
        position=6,
        minutes_text="Discussed.\nAction: GB to work with AW and JM to produce a paper by "
        "31/03/2023\nAction: ZZ to do something",
    )
    # On the screen, fetched again when its own item's minutes are saved, not another item's.
    [panel] = registry.item_panels(rf_request, meeting, item)
    panel_html = render_to_string(panel.template, {"context": panel.context})
    assert 'hx-trigger="minutesSaved from:closest .app-minutes-item"' in panel_html
    url = reverse("actions:capture", args=[item.pk])
    response = secretary.get(url)
    assert response.status_code == 200
    assert "work with AW and JM to produce a paper" in response.text
    assert "Nobody has the initials &quot;ZZ&quot;" in response.text
    source = "GB to work with AW and JM to produce a paper by 31/03/2023"
    data = {
        "index": "0",
        "c0-description": "work with AW and JM to produce a paper",
        "c0-owners": "GB",
        "c0-due_date": "2023-03-31",
        "c0-source_line": source,
    }
    response = secretary.post(url, data)
    assert "added to the log" in response.text
    action = Action.objects.get()
    assert (action.raised_at, action.raised_at_item) == (meeting, item)
    assert list(action.owners.all()) == [people["GB"]]
    assert "Created" in secretary.get(url).text
    secretary.post(url, data)
    assert Action.objects.count() == 1


def test_capture_with_unknown_owner_is_refused(secretary, meeting, people):
    item = AgendaItemFactory(meeting=meeting, position=6, minutes_text="Action: ZZ to do it")
    response = secretary.post(
        reverse("actions:capture", args=[item.pk]),
        {
            "index": "0",
            "c0-description": "do it",
            "c0-owners": "ZZ",
            "c0-source_line": "ZZ to do it",
        },
    )
    assert "Nobody in the partnership has the initials ZZ" in response.text
    assert not Action.objects.exists()


def test_capture_refused_to_members_and_outsiders(member, outsider, meeting):
    item = AgendaItemFactory(meeting=meeting, position=6, minutes_text="Action: GB to do it")
    url = reverse("actions:capture", args=[item.pk])
    assert member.get(url).status_code == 403
    assert outsider.get(url).status_code == 404
    assert member.post(url, {"index": "0"}).status_code == 403


def test_item_panel_is_registered_for_secretaries_only(rf_request, meeting, member):
    item = AgendaItemFactory(meeting=meeting, position=6, minutes_text="Action: GB to do it")
    panels = registry.item_panels(rf_request, meeting, item)
    assert [p.template for p in panels] == ["actions/partials/capture_panel.html"]
    rf_request.user = member.user
    rf_request.access = Access(rf_request.user)
    assert registry.item_panels(rf_request, meeting, item) == []


def test_standing_choice_exists():
    assert AgendaItem.Standing.ACTION_LOG == "action_log"


@pytest.mark.django_db(transaction=True)
def test_two_captures_of_the_same_line_at_once_add_one_action(
    secretary, meeting, people, monkeypatch
):
    """A double click: the second request waits for the first to add the action, then sees it."""
    item = AgendaItemFactory(meeting=meeting, position=6, minutes_text="Action: GB to do it")
    data = {"index": "0", "c0-description": "do it", "c0-owners": "GB", "c0-source_line": "GB"}
    numbering, go_on = threading.Event(), threading.Event()
    original = next_reference

    def held(**kwargs):  # the first request stops here, holding the board's lock
        numbering.set()
        go_on.wait(10)
        return original(**kwargs)

    monkeypatch.setattr("actions.services.log.next_reference", held)

    clients = [Client(), Client()]
    for client in clients:  # signed in beforehand: signing in writes to the database too
        client.force_login(secretary.user)

    def click(client):
        try:
            client.post(reverse("actions:capture", args=[item.pk]), data)
        finally:
            connection.close()

    first = threading.Thread(target=click, args=[clients[0]])
    first.start()
    assert numbering.wait(10)
    second = threading.Thread(target=click, args=[clients[1]])
    second.start()
    second.join(0.5)  # the second request is now waiting for the lock
    go_on.set()
    first.join(10)
    second.join(10)
    assert Action.objects.filter(raised_at_item=item).count() == 1


def test_approved_minutes_keep_their_action_lines_when_the_actions_change_later(
    secretary, meeting, board, people
):
    from boards.outputs.minutes import minutes_context
    from boards.services import minutes as minutes_services

    item = meeting.agenda_items.get(standing="action_log")
    replaced = ActionFactory(board=board, number=104, reference="104")
    action_record_at_meeting(
        action=replaced,
        meeting=meeting,
        author=secretary.user,
        text="CJ advised initial meeting has taken place",
        outcome="close_and_replace",
        new_description="Charter update at next meeting",
        new_owners=[people["CJ"]],
        item=item,
    )
    partners = AgendaItemFactory(meeting=meeting, position=6, title="Current perspective")
    raised = action_create(
        board=board,
        description="produce a paper",
        owners=[people["GB"]],
        due_date=datetime.date(2023, 3, 31),
        raised_at_item=partners,
    )
    MinutesFactory(meeting=meeting, status="circulated")
    later = MeetingFactory(board=board, date=datetime.date(2023, 3, 30))
    minutes_services.minutes_approve(meeting=meeting, at_meeting=later)
    approved = minutes_context(meeting, public=False)["items"]
    assert [line for entry in approved for line in entry.lines] == [
        "104 – CJ advised initial meeting has taken place. Agree to close and create new action; "
        "105 – Charter update at next meeting.",
        "Action: GB to produce a paper by 31 March 2023.",
    ]

    Action.objects.filter(number=105).update(description="Something else entirely")
    Action.objects.filter(pk=raised.pk).update(due_date=datetime.date(2023, 9, 30))
    people["GB"].initials = "GX"
    people["GB"].save()

    later_on = minutes_context(meeting, public=False)["items"]
    assert [e.lines for e in later_on] == [e.lines for e in approved]
    # Minutes still open show the actions as they are now.
    live = registry.minutes_lines(meeting)[partners.pk]
    assert live == ["Action: GX to produce a paper by 30 September 2023."]

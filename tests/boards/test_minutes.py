import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse

from boards.models import AgendaItem, Attendance, Declaration, Minutes, MinutesAmendment, Role
from boards.services import meetings as meeting_services
from core.dates import time_of_day
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board)


@pytest.fixture
def item(meeting):
    MinutesFactory(meeting=meeting)
    return AgendaItemFactory(meeting=meeting, position=6, title="SEND Strategy")


def autosave(client, item, text, version, **extra):
    url = reverse("boards:minutes_autosave", args=[item.pk])
    return client.post(
        url, {"minutes_text": text, "decision": "", "version": version, **extra}, **HTMX
    )


def test_autosave_stores_the_text_and_says_when(secretary, item):
    response = autosave(secretary, item, "MM provided a verbal update.", item.version)
    assert response.status_code == 200
    assert response.content.decode().startswith("Saved at ")
    assert json.loads(response["HX-Trigger"]) == {"minutesSaved": {"item": item.pk}}
    item.refresh_from_db()
    assert item.minutes_text == "MM provided a verbal update."
    assert item.version == 2 and item.minutes_saved_by == secretary.user
    assert f'id="item-{item.pk}-version" value="2" hx-swap-oob="true"' in response.content.decode()


def test_autosave_refuses_get_members_and_outsiders(secretary, member, outsider, item):
    url = reverse("boards:minutes_autosave", args=[item.pk])
    assert secretary.get(url).status_code == 405
    assert autosave(member, item, "x", 1).status_code == 403
    assert autosave(outsider, item, "x", 1).status_code == 404
    item.refresh_from_db()
    assert item.minutes_text == ""


def test_someone_elses_save_is_shown_beside_mine_never_overwritten(secretary, chair, item):
    autosave(secretary, item, "Their text", 1)
    response = autosave(secretary, item, "My text", 1)
    html = response.content.decode()
    assert "someone else saved this item" in html
    assert "Their text" in html and "Keep my version" in html and "Use their version" in html
    assert json.loads(response["HX-Trigger"]) == {"minutesConflict": {"item": item.pk}}
    item.refresh_from_db()
    assert item.minutes_text == "Their text"
    autosave(secretary, item, "My text", 1, overwrite=item.version)
    item.refresh_from_db()
    assert item.minutes_text == "My text"


def test_resending_the_same_text_with_an_old_version_is_not_a_conflict(secretary, item):
    autosave(secretary, item, "Same", 1)
    response = autosave(secretary, item, "Same", 1)
    assert "minutesSaved" in response["HX-Trigger"]


def test_without_javascript_a_save_redirects_back_to_the_item(secretary, item):
    url = reverse("boards:minutes_autosave", args=[item.pk])
    response = secretary.post(url, {"minutes_text": "Typed", "decision": "Agreed", "version": 1})
    assert response.status_code == 302 and response.url.endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert item.decision == "Agreed"


def test_script_and_markup_never_reach_the_stored_minutes(secretary, item):
    autosave(
        secretary,
        item,
        'Noted <script>alert(1)</script><img src=x onerror="alert(2)"> **well** <b>done</b>',
        1,
    )
    item.refresh_from_db()
    assert "<script" not in item.minutes_text and "onerror" not in item.minutes_text
    assert "<b>done</b>" in item.minutes_text


def test_approved_minutes_refuse_autosave(secretary, item):
    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.APPROVED)
    response = autosave(secretary, item, "Late change", 1)
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.minutes_text == ""


def test_stamping_the_start_time_keeps_the_minutes_version(secretary, item):
    url = reverse("boards:item_start", args=[item.pk])
    assert secretary.get(url).status_code == 405
    response = secretary.post(url, **HTMX)
    item.refresh_from_db()
    assert item.actual_start is not None and item.version == 1
    assert time_of_day(item.actual_start) in response.content.decode()


def test_starting_the_minutes_fills_attendance_from_the_membership(secretary, chair, member, board):
    meeting = MeetingFactory(board=board)
    old = MembershipFactory(board=board, ends_on=datetime.date(2022, 1, 1))
    response = secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    assert response.status_code == 302
    rows = {
        row.person.user.username: row
        for row in meeting.attendance.select_related("person__user")
        if row.person.user
    }
    # Nobody is assumed present: each starts not recorded, in the part their seat gives them.
    assert {row.status for row in rows.values()} == {Attendance.Status.NOT_RECORDED}
    assert rows["secretary"].role == Attendance.Role.MINUTE_TAKER
    assert rows["chair"].role == Attendance.Role.CHAIR
    assert rows["member"].role == Attendance.Role.MEMBER
    assert not meeting.attendance.filter(person=old.person).exists()
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT


def test_minute_screen_shows_items_in_order_with_quorum(secretary, chair, board):
    meeting = MeetingFactory(board=board)
    meeting_services.standing_items_add(meeting=meeting)
    secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    board.quorum = 1
    board.save()
    html = secretary.get(reverse("boards:minutes_screen", args=[meeting.pk])).content.decode()
    assert html.index("1. Welcome") < html.index("5. Risk log") < html.index("6. Any other")
    assert "Attendance not yet recorded" in html and "Quorate" not in html


def test_recording_a_deputy_and_late_arrival(secretary, member, board):
    meeting = MeetingFactory(board=board)
    absent = MembershipFactory(board=board, person__name="Helen Farmer")
    secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    deputy = PersonFactory(partnership=board.partnership, name="Caroline McCarron")
    add = reverse("boards:attendance_add", args=[meeting.pk])
    secretary.post(add, {"person": deputy.pk, "role": "deputy", "status": "present"})
    assert not meeting.attendance.filter(person=deputy).exists()  # whom for?
    secretary.post(
        add,
        {
            "person": deputy.pk,
            "role": "deputy",
            "status": "present",
            "deputy_for": absent.person.pk,
        },
    )
    row = meeting.attendance.get(person=deputy)
    assert row.deputy_for == absent.person and row.counts_for_quorum

    url = reverse("boards:attendance", args=[meeting.pk])
    rows = list(meeting.attendance.all())
    data = {}
    for r in rows:
        data[f"a{r.pk}-status"] = r.status
        data[f"a{r.pk}-role"] = r.role
        data[f"a{r.pk}-deputy_for"] = r.deputy_for_id or ""
        data[f"a{r.pk}-version"] = r.version
    helen = meeting.attendance.get(person=absent.person)
    data[f"a{helen.pk}-status"] = "apologies"
    data[f"a{row.pk}-joined_at"] = "10:20"
    response = secretary.post(url, data)
    assert response.status_code == 302
    helen.refresh_from_db()
    row.refresh_from_db()
    assert helen.status == Attendance.Status.APOLOGIES and row.joined_at == datetime.time(10, 20)
    assert member.post(url, data).status_code == 403


def test_declarations_none_recorded_and_declared(secretary, item):
    meeting = item.meeting
    none_url = reverse("boards:declarations_none", args=[meeting.pk])
    assert secretary.get(none_url).status_code == 405
    secretary.post(none_url)
    assert meeting.declarations.get().is_none_recorded
    person = PersonFactory(partnership=meeting.board.partnership)
    secretary.post(
        reverse("boards:declaration_add", args=[meeting.pk]),
        {
            "person": person.pk,
            "interest": "Governor of a school named in item 6",
            "agenda_item": item.pk,
        },
    )
    declaration = Declaration.objects.get()
    assert declaration.person == person and declaration.agenda_item == item


def test_circulating_emails_members_with_a_link(
    secretary, board, item, django_capture_on_commit_callbacks
):
    MembershipFactory(board=board, person__email="pj@example.org")
    url = reverse("boards:circulate", args=[item.meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(url)
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=item.meeting)
    assert minutes.status == Minutes.Status.CIRCULATED and minutes.circulated_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pj@example.org"]
    assert f"/meetings/{item.meeting.pk}/minutes/" in message.body


def test_circulating_is_for_the_secretary(member, item):
    assert member.post(reverse("boards:circulate", args=[item.meeting.pk])).status_code == 403


def test_approval_at_the_next_meeting_is_recorded_there(chair, member, secretary, board, item):
    meeting = item.meeting
    next_meeting = MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    meeting_services.standing_items_add(meeting=next_meeting)
    url = reverse("boards:approve", args=[meeting.pk])
    assert chair.post(url, {"at_meeting": next_meeting.pk}).status_code == 302
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT  # not circulated

    secretary.post(reverse("boards:circulate", args=[meeting.pk]))
    assert member.post(url, {"at_meeting": next_meeting.pk}).status_code == 403
    chair.post(url, {"at_meeting": next_meeting.pk})
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_on == next_meeting.date and minutes.approved_at_meeting == next_meeting
    record = next_meeting.agenda_items.get(standing=AgendaItem.Standing.MINUTES)
    assert "meeting held on 26 January 2023 were approved" in record.decision


def test_publishing_needs_approval_and_the_secretary(secretary, chair, item):
    meeting = item.meeting
    url = reverse("boards:publish", args=[meeting.pk])
    secretary.post(url)
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT
    Minutes.objects.filter(meeting=meeting).update(status=Minutes.Status.APPROVED)
    assert chair.post(url).status_code == 403
    secretary.post(url)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.PUBLISHED and minutes.published_at


def test_approved_minutes_are_corrected_by_an_amendment(secretary, member, item):
    AgendaItem.objects.filter(pk=item.pk).update(minutes_text="GB will report in March.")
    url = reverse("boards:minutes_amend", args=[item.pk])
    response = secretary.post(url, {"text": "GB will report in April.", "reason": "Date misheard"})
    assert response.status_code == 200  # draft minutes are corrected directly
    assert not MinutesAmendment.objects.exists()
    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.APPROVED)
    assert member.post(url, {"text": "x", "reason": "y"}).status_code == 403
    secretary.post(url, {"text": "GB will report in April.", "reason": "Date misheard"})
    amendment = MinutesAmendment.objects.get()
    assert (amendment.reason, amendment.author) == ("Date misheard", secretary.user)
    item.refresh_from_db()
    assert item.minutes_text == "GB will report in March."


def test_other_apps_panels_appear_under_their_items(
    secretary, board, settings, tmp_path, monkeypatch
):
    from core import registry

    (tmp_path / "panel.html").write_text("PANEL {{ note }} for item {{ item.position }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    monkeypatch.setattr(
        registry,
        "_meeting_sections",
        {
            "action_log": lambda request, meeting, item: registry.Section(
                "panel.html", {"note": "action log"}
            )
        },
    )
    monkeypatch.setattr(
        registry,
        "_item_panels",
        [lambda request, meeting, item: registry.Section("panel.html", {"note": "captured"})],
    )
    meeting = MeetingFactory(board=board)
    meeting_services.standing_items_add(meeting=meeting)
    secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    html = secretary.get(reverse("boards:minutes_screen", args=[meeting.pk])).content.decode()
    assert "PANEL action log for item 4" in html
    assert html.count("PANEL captured") == 6
    assert (
        "PANEL action log for item 4" in secretary.get(meeting.get_absolute_url()).content.decode()
    )


def test_meeting_page_and_minute_screen_queries_do_not_grow_with_items(
    secretary, board, django_assert_max_num_queries
):
    meeting = MeetingFactory(board=board)
    secretary.post(reverse("boards:minutes_start", args=[meeting.pk]))
    urls = [meeting.get_absolute_url(), reverse("boards:minutes_screen", args=[meeting.pk])]
    for position in range(1, 3):
        AgendaItemFactory(meeting=meeting, position=position)
    for url, most in zip(urls, (20, 25), strict=True):  # the meeting page, the minute screen
        with django_assert_max_num_queries(most):
            assert secretary.get(url).status_code == 200
    for position in range(3, 15):
        AgendaItemFactory(meeting=meeting, position=position)
    for url, most in zip(urls, (20, 25), strict=True):  # the meeting page, the minute screen
        with django_assert_max_num_queries(most):
            assert secretary.get(url).status_code == 200


def test_the_next_meetings_minutes_item_offers_the_approval(secretary, board, item):
    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.CIRCULATED)
    next_meeting = MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    meeting_services.standing_items_add(meeting=next_meeting)
    secretary.post(reverse("boards:minutes_start", args=[next_meeting.pk]))
    html = secretary.get(reverse("boards:minutes_screen", args=[next_meeting.pk])).content.decode()
    assert "Minutes of the meeting of" in html and "Record their approval at this meeting" in html
    secretary.post(
        reverse("boards:approve", args=[item.meeting.pk]), {"at_meeting": next_meeting.pk}
    )
    html = secretary.get(next_meeting.get_absolute_url()).content.decode()
    assert "approved at this meeting" in html


def test_minutes_are_not_approved_at_a_meeting_whose_own_minutes_are_approved(chair, board, item):
    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.CIRCULATED)
    later = MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    meeting_services.standing_items_add(meeting=later)
    MinutesFactory(meeting=later, status=Minutes.Status.PUBLISHED)
    cancelled = MeetingFactory(board=board, date=datetime.date(2023, 2, 9), status="cancelled")
    page = chair.get(item.meeting.get_absolute_url()).content.decode()
    assert "recorded at the next meeting, on its day or after" in page  # neither is offered
    assert f'value="{later.pk}"' not in page and f'value="{cancelled.pk}"' not in page

    url = reverse("boards:approve", args=[item.meeting.pk])
    chair.post(url, {"at_meeting": later.pk})  # from a page opened before they were approved
    assert Minutes.objects.get(meeting=item.meeting).status == Minutes.Status.CIRCULATED
    assert later.agenda_items.get(standing=AgendaItem.Standing.MINUTES).decision == ""


def test_the_service_refuses_an_approval_at_a_meeting_with_approved_minutes(board, item):
    from boards.services.minutes import LifecycleError, minutes_approve

    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.CIRCULATED)
    later = MeetingFactory(board=board, date=datetime.date(2023, 3, 23))
    MinutesFactory(meeting=later, status=Minutes.Status.APPROVED)
    with pytest.raises(LifecycleError, match="23 March 2023 are approved already"):
        minutes_approve(meeting=item.meeting, at_meeting=later)
    assert Minutes.objects.get(meeting=item.meeting).status == Minutes.Status.CIRCULATED


@pytest.mark.parametrize("status", [Minutes.Status.APPROVED, Minutes.Status.PUBLISHED])
def test_the_details_of_a_meeting_with_approved_minutes_no_longer_change(secretary, item, status):
    meeting = item.meeting
    Minutes.objects.filter(meeting=meeting).update(status=status)
    url = reverse("boards:meeting_edit", args=[meeting.pk])
    assert "Change the meeting" not in secretary.get(meeting.get_absolute_url()).content.decode()
    assert secretary.get(url).status_code == 302
    response = secretary.post(
        url,
        {
            "date": "2023-02-02",
            "starts_at": "14:00",
            "venue": "Somewhere else",
            "status": "held",
            "version": meeting.version,
        },
        follow=True,
    )
    assert "its date, times and place are part of the record" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.date, meeting.venue) != (datetime.date(2023, 2, 2), "Somewhere else")


def test_the_details_of_a_meeting_with_circulated_minutes_still_change(secretary, item):
    meeting = item.meeting
    Minutes.objects.filter(meeting=meeting).update(status=Minutes.Status.CIRCULATED)
    response = secretary.post(
        reverse("boards:meeting_edit", args=[meeting.pk]),
        {
            "date": meeting.date.isoformat(),
            "starts_at": "14:00",
            "venue": "Somewhere else",
            "status": "held",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue == "Somewhere else"


def test_starting_the_minutes_adds_no_attendance_to_approved_minutes(secretary, board, item):
    MembershipFactory(board=board, role=Role.MEMBER)
    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.APPROVED)
    response = secretary.post(reverse("boards:minutes_start", args=[item.meeting.pk]))
    assert response.url == item.meeting.get_absolute_url()
    assert not item.meeting.attendance.exists()


def test_minutes_are_not_approved_ahead_of_the_meeting_that_approves_them(chair, board, item):
    from django.utils import timezone

    Minutes.objects.filter(meeting=item.meeting).update(status=Minutes.Status.CIRCULATED)
    coming = MeetingFactory(board=board, date=timezone.localdate() + datetime.timedelta(days=7))
    meeting_services.standing_items_add(meeting=coming)
    page = chair.get(item.meeting.get_absolute_url()).content.decode()
    assert f'value="{coming.pk}"' not in page
    assert "Record their approval" not in chair.get(coming.get_absolute_url()).content.decode()
    response = chair.post(
        reverse("boards:approve", args=[item.meeting.pk]), {"at_meeting": coming.pk}, follow=True
    )
    assert Minutes.objects.get(meeting=item.meeting).status == Minutes.Status.CIRCULATED
    assert "Choose the later meeting" in response.content.decode()
    from boards.services.minutes import LifecycleError, minutes_approve

    with pytest.raises(LifecycleError, match="has not taken place yet"):
        minutes_approve(meeting=item.meeting, at_meeting=coming)


def test_adding_someone_already_in_the_attendance_says_so(secretary, board):
    meeting = MeetingFactory(board=board)
    person = PersonFactory(partnership=board.partnership, name="Helen Farmer")
    add = reverse("boards:attendance_add", args=[meeting.pk])
    secretary.post(add, {"person": person.pk, "role": "guest", "status": "present"})
    response = secretary.post(
        add, {"person": person.pk, "role": "guest", "status": "present"}, follow=True
    )
    assert "Helen Farmer is already listed in this meeting&#x27;s attendance." in response.text
    assert "Select a valid choice" not in response.text
    assert meeting.attendance.filter(person=person).count() == 1


def test_the_quorum_count_reads_as_english(secretary, board):
    meeting = MeetingFactory(board=board)
    person = PersonFactory(partnership=board.partnership)
    MembershipFactory(board=board, person=person)
    add = reverse("boards:attendance_add", args=[meeting.pk])
    secretary.post(add, {"person": person.pk, "role": "member", "status": "present"})
    page = secretary.get(reverse("boards:attendance", args=[meeting.pk])).text
    assert "1 member or deputy present" in page

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, DueDateChange
from boards.models import Role
from tests.actions.factories import ActionFactory, ActionUpdateFactory
from tests.boards.factories import BoardFactory, MeetingFactory, PersonFactory, member_user

pytestmark = pytest.mark.django_db


def board_log_url(board, **query):
    url = reverse("actions:board_log", args=[board.partnership.slug, board.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_members_read_the_board_log(member, board):
    ActionFactory(board=board, description="Share the Lighthouse link")
    response = member.get(board_log_url(board))
    assert response.status_code == 200
    assert "Share the Lighthouse link" in response.text


def test_a_row_gives_the_date_of_the_meeting_that_raised_it(member, board):
    raised = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    ActionFactory(board=board, raised_at=raised, description="Raised in January")
    ActionFactory(board=board, description="Raised outside a meeting")
    for url in (board_log_url(board), reverse("actions:log", args=[board.partnership.slug])):
        rows = member.get(url).text.split('<tr class="govuk-table__row">')[2:]
        january = next(row for row in rows if "Raised in January" in row)
        assert 'data-label="Raised">26 Jan 2023</td>' in january
        outside = next(row for row in rows if "Raised outside a meeting" in row)
        assert 'data-label="Raised"></td>' in outside
        # The partnership's log names each row's board; a board's own log does not.
        assert (f'data-label="Board">{board.short_name}</td>' in january) == ("/b/" not in url)


def test_outsider_gets_404_and_people_without_a_seat_403(outsider, sro, board):
    assert outsider.get(board_log_url(board)).status_code == 404
    assert sro.get(board_log_url(board)).status_code == 403


def test_overdue_is_said_in_words(member, board):
    ActionFactory(board=board, due_date=datetime.date.today() - datetime.timedelta(days=3))
    response = member.get(board_log_url(board))
    assert "Overdue by 3 days" in response.text


def test_filters_by_status_owner_overdue_and_text(member, board):
    gb = PersonFactory(partnership=board.partnership, initials="GB")
    late = ActionFactory(
        board=board, description="Late paper", due_date=datetime.date(2020, 1, 1), owners=[gb]
    )
    ActionFactory(board=board, description="Closed one", status="closed", closed_on="2023-01-26")
    ActionFactory(board=board, description="Future one", due_date=datetime.date(2099, 1, 1))

    def shown(**query):
        return {a.pk for a in member.get(board_log_url(board, **query)).context["page"]}

    assert len(shown()) == 3
    assert shown(status="closed") == {Action.objects.get(description="Closed one").pk}
    assert shown(owner=gb.pk) == {late.pk}
    assert shown(overdue="on") == {late.pk}
    assert shown(q="late") == {late.pk}
    assert shown(due_before="2021-01-01") == {late.pk}
    assert len(shown(status="live")) == 2


def test_counts_per_status_ignore_the_status_filter(member, board):
    ActionFactory(board=board)
    ActionFactory(board=board, status="closed", closed_on="2023-01-26")
    response = member.get(board_log_url(board, status="closed"))
    counts = {c.label: c.count for c in response.context["counts"]}
    assert counts["Open"] == 1 and counts["Closed"] == 1


def test_counts_per_status_follow_the_other_filters(member, board):
    ActionFactory(board=board, description="Chase the audit")
    ActionFactory(
        board=board, description="Chase the survey", status="closed", closed_on="2023-01-26"
    )
    ActionFactory(board=board, description="Write the plan")
    response = member.get(board_log_url(board, q="chase", status="open"))
    counts = {c.label: c.count for c in response.context["counts"]}
    assert counts["Open"] == 1 and counts["Closed"] == 1


def test_the_overdue_count_is_of_open_actions_past_their_due_date(member, board):
    past = datetime.date(2020, 1, 1)
    ActionFactory(board=board, due_date=past)
    ActionFactory(board=board, due_date=past, status="proposed_closure")
    ActionFactory(board=board, due_date=past, status="closed", closed_on=past)
    ActionFactory(board=board, due_date=datetime.date(2099, 1, 1))
    response = member.get(board_log_url(board))
    counts = {c.label: c.count for c in response.context["counts"]}
    assert counts["Overdue"] == 2 and counts["Open"] == 2 and counts["Closed"] == 1


def test_sorting_by_due_date_descending(member, board):
    early = ActionFactory(board=board, due_date=datetime.date(2023, 1, 1))
    late = ActionFactory(board=board, due_date=datetime.date(2024, 1, 1))
    undated = ActionFactory(board=board, due_date=None)
    page = member.get(board_log_url(board, sort="-due")).context["page"]
    assert [a.pk for a in page] == [late.pk, early.pk, undated.pk]
    page = member.get(board_log_url(board, sort="due")).context["page"]
    assert [a.pk for a in page] == [early.pk, late.pk, undated.pk]


@pytest.mark.parametrize("sort", ["ref", "-board", "action", "-owner", "raised", "-status", "bad"])
def test_every_sort_key_works(member, board, sort):
    ActionFactory(board=board, raised_at=MeetingFactory(board=board))
    ActionFactory(board=board)
    response = member.get(board_log_url(board, sort=sort))
    assert len(response.context["page"]) == 2


def test_sorting_by_owner(member, board):
    zz = PersonFactory(partnership=board.partnership, initials="ZZ")
    aa = PersonFactory(partnership=board.partnership, initials="AA")
    second = ActionFactory(board=board, owners=[zz])
    first = ActionFactory(board=board, owners=[aa])
    page = member.get(board_log_url(board, sort="owner")).context["page"]
    assert [a.pk for a in page] == [first.pk, second.pk]


def test_partnership_log_shows_only_readable_boards(member, board):
    ActionFactory(board=board, description="On SSPB")
    hidden = BoardFactory(partnership=board.partnership)
    ActionFactory(board=hidden, description="On a board I do not sit on")
    response = member.get(reverse("actions:log", args=[board.partnership.slug]))
    assert "On SSPB" in response.text
    assert "On a board I do not sit on" not in response.text


@pytest.mark.parametrize("rows", [30, 60])
def test_the_log_runs_a_bounded_number_of_queries(
    member, board, rows, django_assert_max_num_queries
):
    people = [PersonFactory(partnership=board.partnership) for _ in range(3)]
    for n in range(rows):
        action = ActionFactory(board=board, owners=people[: n % 3 + 1])
        ActionUpdateFactory(action=action)
        DueDateChange.objects.create(
            action=action, new_date=datetime.date(2023, 4, 1), reason="Later"
        )
    # The page's ids are sorted on the bare rows; the columns are read for those 25 only.
    with django_assert_max_num_queries(17):
        response = member.get(board_log_url(board, sort="owner"))
    assert response.status_code == 200
    with django_assert_max_num_queries(17):
        member.get(reverse("actions:log", args=[board.partnership.slug]))


def test_htmx_gets_the_results_partial(member, board):
    ActionFactory(board=board)
    response = member.get(board_log_url(board), headers={"HX-Request": "true"})
    assert 'id="action-log-results"' in response.text
    assert "<html" not in response.text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_exports_of_what_is_filtered(member, board, fmt):
    ActionFactory(board=board, description="=HYPERLINK(evil)")
    ActionFactory(board=board, description="Closed", status="closed", closed_on="2023-01-26")
    url = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, fmt])
    response = member.get(url + "?status=open")
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "'=HYPERLINK(evil)" in text
        assert "Closed" not in text.split("\n", 1)[1]
    elif fmt == "xlsx":
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [row for row in sheet.iter_rows(values_only=True)]
        assert len(values) == 2
        assert values[1][2] == "'=HYPERLINK(evil)"
    else:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_exports_refused_to_outsiders(outsider, board):
    url = reverse("actions:board_log_export", args=[board.partnership.slug, board.slug, "csv"])
    assert outsider.get(url).status_code == 404


def test_board_section_shows_open_counts_and_the_link(member, board):
    ActionFactory(board=board, due_date=datetime.date(2020, 1, 1))
    response = member.get(board.get_absolute_url())
    assert "1 open action" in response.text
    assert "1 overdue" in response.text
    assert board_log_url(board) in response.text


def test_board_section_hidden_from_people_without_a_seat(sro, board):
    response = sro.get(board.get_absolute_url())
    assert response.status_code == 200
    assert "open action" not in response.text


def test_secretary_adds_an_action(secretary, board):
    gb = PersonFactory(partnership=board.partnership, initials="GB")
    meeting = MeetingFactory(board=board)
    due = timezone.localdate() + datetime.timedelta(days=30)
    url = reverse("actions:add", args=[board.partnership.slug, board.slug])
    response = secretary.post(
        url,
        {
            "description": "Produce a paper",
            "owner_initials": "GB",
            "due_date": f"{due:%d/%m/%Y}",
            "raised_at": meeting.pk,
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert list(action.owners.all()) == [gb]
    assert action.raised_at == meeting
    assert action.due_date == due


def test_adding_with_unknown_initials_shows_the_error(secretary, board):
    url = reverse("actions:add", args=[board.partnership.slug, board.slug])
    response = secretary.post(url, {"description": "x", "owner_initials": "QQ"})
    assert response.status_code == 200
    assert "Nobody in the partnership has the initials QQ" in response.text
    assert not Action.objects.exists()


def test_adding_refused_to_members_and_outsiders(member, outsider, board):
    url = reverse("actions:add", args=[board.partnership.slug, board.slug])
    assert member.post(url, {"description": "x"}).status_code == 403
    assert outsider.post(url, {"description": "x"}).status_code == 404


def test_editing_the_due_date_needs_a_reason(secretary, board):
    action = ActionFactory(board=board, due_date=datetime.date(2023, 3, 31))
    new_due = timezone.localdate() + datetime.timedelta(days=30)
    url = reverse("actions:edit", args=[action.pk])
    data = {
        "description": "New",
        "owner_initials": "",
        "due_date": f"{new_due:%d/%m/%Y}",
        "version": 1,
    }
    response = secretary.post(url, data)
    assert "Give a reason for the new due date" in response.text
    response = secretary.post(url, {**data, "due_date_reason": "Data late"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == new_due
    assert action.original_due_date == datetime.date(2023, 3, 31)


def test_a_stale_edit_shows_both_versions(secretary, board):
    gb = PersonFactory(partnership=board.partnership, initials="GB")
    action = ActionFactory(board=board, description="Theirs", version=2, owners=[gb])
    url = reverse("actions:edit", args=[action.pk])
    response = secretary.post(
        url, {"description": "Mine", "owner_initials": "GB", "due_date": "31/03/2023", "version": 1}
    )
    assert response.status_code == 200
    assert "Their version and yours" in response.text
    rows = [row.label for row in response.context["form"].conflict]
    assert rows == ["Description"]
    action.refresh_from_db()
    assert action.description == "Theirs"


def test_edit_refused_for_get_by_members(member, board):
    action = ActionFactory(board=board)
    assert member.get(reverse("actions:edit", args=[action.pk])).status_code == 403


def test_detail_shows_trail_slippage_links_and_history(member, board, secretary):
    from actions.services.closure import action_close_and_replace
    from actions.services.updates import action_reschedule, action_update_add

    action = ActionFactory(board=board, number=104, reference="104")
    action_update_add(action=action, text="Initial meeting held", author=secretary.user)
    action_reschedule(
        action=action,
        new_due_date=datetime.date(2023, 4, 30),
        reason="Waiting for leads",
        author=secretary.user,
    )
    successor = action_close_and_replace(
        action=action, author=secretary.user, text="Agreed", new_description="Charter update"
    )
    response = member.get(action.get_absolute_url())
    assert "Initial meeting held" in response.text
    assert "Waiting for leads" in response.text
    assert "revised once" in response.text
    assert successor.get_absolute_url() in response.text
    response = member.get(successor.get_absolute_url())
    assert action.get_absolute_url() in response.text


def test_detail_history_includes_owner_changes(secretary, board):
    from actions.services.edits import action_edit
    from actions.services.log import action_create

    gb = PersonFactory(partnership=board.partnership, initials="GB")
    hf = PersonFactory(partnership=board.partnership, initials="HF")
    action = action_create(board=board, description="x", owners=[gb])
    action_edit(
        action=action,
        author=secretary.user,
        expected_version=1,
        description="x",
        owners=[gb, hf],
        owner_note="",
        due_date=None,
    )
    response = secretary.get(action.get_absolute_url())
    assert "Owners changed from GB to GB/HF by Secretary" in response.text


def test_detail_404_outside_and_403_without_a_seat(outsider, sro, board):
    action = ActionFactory(board=board)
    assert outsider.get(action.get_absolute_url()).status_code == 404
    assert sro.get(action.get_absolute_url()).status_code == 403


def test_an_owner_without_a_seat_is_not_told_the_confidential_item_that_raised_it(
    sro, member, board
):
    from boards.models import Person
    from tests.boards.factories import AgendaItemFactory

    meeting = MeetingFactory(board=board, date=datetime.date(2023, 1, 26))
    exempt = AgendaItemFactory(
        meeting=meeting, position=4, title="Exempt item: placement contract", confidential=True
    )
    action = ActionFactory(
        board=board,
        raised_at=meeting,
        raised_at_item=exempt,
        owners=[Person.objects.get(user=sro.user)],
    )
    owners_page = sro.get(action.get_absolute_url())
    assert owners_page.status_code == 200
    assert "Meeting of 26 January 2023" in owners_page.text
    assert "placement contract" not in owners_page.text
    assert "4. Exempt item: placement contract" in member.get(action.get_absolute_url()).text


def test_secretary_closes_from_the_detail_page(secretary, member, board):
    action = ActionFactory(board=board)
    url = reverse("actions:close", args=[action.pk])
    assert secretary.get(url).status_code == 405
    assert member.post(url).status_code == 403
    secretary.post(url, {"version": 1})
    action.refresh_from_db()
    assert action.status == "closed" and action.closed_on == datetime.date.today()


def test_a_member_with_edit_elsewhere_cannot_edit_here(board):
    other = BoardFactory(partnership=board.partnership)
    user = member_user(other, Role.SECRETARY)
    from django.test import Client

    client = Client()
    client.force_login(user)
    action = ActionFactory(board=board)
    assert client.post(reverse("actions:close", args=[action.pk])).status_code == 403


@pytest.mark.parametrize("sort", ["ref", "-due", "owner", "-raised", "status", "-action"])
def test_the_log_as_it_opens_lists_the_actions_in_the_order_asked(member, board, sort):
    # Each page in the order of the column heading; the counts are those of the whole log.
    from actions.selectors.log import sorted_log, status_counts

    people = [PersonFactory(partnership=board.partnership, initials=f"Q{n}Z") for n in range(3)]
    meetings = [MeetingFactory(board=board) for _ in range(2)]
    for n in range(30):
        ActionFactory(
            board=board,
            owners=people[: n % 3 + 1],
            raised_at=meetings[n % 2] if n % 4 else None,
            due_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 7) if n % 5 else None,
            status=Action.Status.CLOSED if n % 6 == 0 else Action.Status.OPEN,
            closed_on=datetime.date(2024, 2, 1) if n % 6 == 0 else None,
        )
    ActionFactory(board=BoardFactory(partnership=board.partnership))  # another board's
    expected = [a.pk for a in sorted_log(Action.objects.filter(board=board), sort, one_board=True)]
    for number, rows in (("1", expected[:25]), ("2", expected[25:])):
        context = member.get(board_log_url(board, sort=sort, page=number)).context
        assert [a.pk for a in context["page"]] == rows
        assert context["page"].paginator.count == 30
    counts = status_counts(Action.objects.filter(board=board))
    assert [(c.label, c.count) for c in context["counts"]] == [(c.label, c.count) for c in counts]


def test_the_owner_and_meeting_filters_offer_what_their_querysets_hold(member, board):
    # The board's partnership's people and the board's meetings, by name and date.
    from boards.models import Meeting, Person

    PersonFactory(partnership=board.partnership, name="Zed <Z>", initials="ZZ")
    PersonFactory(partnership=board.partnership, name="Abe", initials="AB")
    PersonFactory()  # another partnership's
    MeetingFactory(board=board, date=datetime.date(2024, 3, 1))
    MeetingFactory(board=board, date=datetime.date(2025, 3, 1))
    MeetingFactory(board=BoardFactory(partnership=board.partnership))  # another board's

    form = member.get(board_log_url(board)).context["filter"].form
    owners = Person.objects.filter(partnership=board.partnership)
    meetings = Meeting.objects.filter(board=board)
    assert list(form.fields["owner"].choices)[1:] == [(p.pk, str(p)) for p in owners]
    assert list(form.fields["raised_at"].choices)[1:] == [(m.pk, str(m)) for m in meetings]
    html = str(form["owner"])
    assert "Zed &lt;Z&gt; (ZZ)" in html
    assert html.index("Abe (AB)") < html.index("Zed &lt;Z&gt;")
    gb = owners.get(initials="AB")
    chosen = member.get(board_log_url(board, owner=gb.pk)).context["filter"].form
    assert f'<option value="{gb.pk}" selected>Abe (AB)</option>' in str(chosen["owner"])

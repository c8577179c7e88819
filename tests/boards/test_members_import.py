"""Setting up a board from a members list: preview, problems by row and column, one upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.members_import import CHANGE_REASON, members_import, members_plan
from boards.members_list import ListProblem, read_pasted, suggest_initials
from boards.models import Membership, Organisation, Person, Role
from tests.boards.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADINGS = ["Name", "Job title", "Organisation", "Role on the board", "E-mail", "Initials"]


def upload_url(board):
    return reverse("boards:members_upload", args=[board.partnership.slug, board.slug])


def check_url(board):
    return reverse("boards:members_check", args=[board.partnership.slug, board.slug])


def as_csv(headings, rows) -> str:
    return "\n".join(",".join(cells) for cells in [headings, *rows])


def upload_csv(client, board, headings, rows):
    data = as_csv(headings, rows).encode()
    return client.post(upload_url(board), {"file": SimpleUploadedFile("members.csv", data)})


def thirty_members():
    return [
        [
            f"Member {chr(65 + n % 26)}{chr(65 + n // 26)} Person",
            "Head of Service",
            ["Southend City Council", "Mid & South Essex ICB", "Healthwatch"][n % 3],
            "Chair" if n == 0 else "member",
            f"member{n}@example.org",
            f"Q{n}",
        ]
        for n in range(30)
    ]


def test_a_thirty_member_board_is_set_up_in_one_upload_and_one_confirmation(secretary, board):
    response = upload_csv(secretary, board, HEADINGS, thirty_members())
    assert response.status_code == 302
    assert response["Location"] == check_url(board)
    preview = secretary.get(check_url(board))
    assert "Add these members" in preview.text
    assert not Person.objects.filter(name__startswith="Member ").exists()  # nothing written yet
    done = secretary.post(check_url(board))
    assert done.status_code == 302
    assert Membership.objects.filter(board=board, person__name__startswith="Member ").count() == 30
    assert Organisation.objects.filter(partnership=board.partnership).count() == 4  # and 1 before
    chair = Membership.objects.get(board=board, person__initials="Q0")
    assert chair.role == Role.CHAIR
    assert chair.representing.name == "Southend City Council"
    assert chair.person.email == "member0@example.org"
    assert chair.person.job_title == "Head of Service"
    assert chair.history.first().history_change_reason == CHANGE_REASON
    assert chair.person.history.first().history_user == secretary.user
    message = list(secretary.get(board.get_absolute_url()).context["messages"])[0]
    assert str(message).startswith("30 members added, 30 new people, 3 new organisations")


def test_the_preview_says_what_each_row_will_do(secretary, board):
    council = OrganisationFactory(partnership=board.partnership, name="Southend City Council")
    known = PersonFactory(
        partnership=board.partnership, name="Gary Bloom", initials="GB", organisation=council
    )
    sitting = PersonFactory(partnership=board.partnership, name="Helen Farmer", initials="HF")
    MembershipFactory(board=board, person=sitting)
    rows = [
        ["Gary Bloom", "Head of SEND", "Southend City Council", "Member", "", ""],
        ["Helen Farmer", "Director", "ICB", "member", "", ""],
        ["Jackie Mullan", "Head", "SEN Trust Southend", "adviser", "jm@example.org", "JM"],
        ["", "Head", "SEN Trust Southend", "member", "", ""],
    ]
    upload_csv(secretary, board, HEADINGS, rows)
    text = secretary.get(check_url(board)).text
    assert "Matched existing person: Gary Bloom (GB)" in text
    assert "Membership added as Member" in text
    assert "Already a member – no change" in text
    assert "New person (JM)" in text
    assert "New organisation: SEN Trust Southend" in text
    assert "Membership added as Adviser" in text
    assert "Row 5, column &quot;Name&quot;: enter the person&#x27;s name." in text
    assert not Person.objects.filter(name="Jackie Mullan").exists()
    plan = members_plan(board=board, headings=HEADINGS, rows=rows)
    assert plan.rows[0].person == known


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["Amy Bee", "", "", "Boss", "", ""], 'Row 2, column "Role on the board": "Boss" is not'),
        (["Amy Bee", "", "", "", "amy@", ""], 'Row 2, column "E-mail": "amy@" is not an e-mail'),
        (["Amy Bee", "", "", "", "", "ABCDEFGHIJKLMN"], 'Row 2, column "Initials": is longer'),
        (["", "", "", "", "", ""], 'Row 2, column "Name": enter'),
    ],
)
def test_a_bad_row_is_named_by_row_and_column(board, cells, message):
    if not any(cells):
        cells[1] = "Officer"  # a row with something in it, but no name
    plan = members_plan(board=board, headings=HEADINGS, rows=[cells])
    assert plan.rows[0].problems[0].startswith(message)


def test_the_column_is_named_as_the_list_heads_it(board):
    headings = ["FULL NAME", "Email Address", "Organization", "Board role"]
    plan = members_plan(board=board, headings=headings, rows=[["Amy Bee", "amy@", "X", "Member"]])
    assert plan.rows[0].problems == [
        'Row 2, column "Email Address": "amy@" is not an e-mail address.'
    ]


def test_a_list_without_a_name_column_is_refused_with_the_headings_wanted(secretary, board):
    response = upload_csv(secretary, board, ["Person's title", "Org"], [["Head", "ICB"]])
    assert response.status_code == 200
    assert "The list needs a &quot;Name&quot; column" in response.text


def test_nothing_is_written_while_a_row_is_bad_unless_the_secretary_skips_it(secretary, board):
    rows = [
        ["Amy Bee", "Head", "Council", "Member", "amy@example.org", "AB"],
        ["Cy Dee", "Head", "Council", "Boss", "", "CD"],
    ]
    upload_csv(secretary, board, HEADINGS, rows)
    refused = secretary.post(check_url(board))
    assert refused.status_code == 200
    assert "1 row has problems: nothing was added" in refused.text
    assert not Person.objects.filter(name__in=["Amy Bee", "Cy Dee"]).exists()
    assert not Organisation.objects.filter(name="Council").exists()
    done = secretary.post(check_url(board), {"skip_bad_rows": "on"})
    assert done.status_code == 302
    assert Membership.objects.filter(board=board, person__name="Amy Bee").exists()
    assert not Person.objects.filter(name="Cy Dee").exists()


def test_uploading_the_same_list_again_changes_nothing(secretary, board):
    rows = [
        ["Amy Bee", "Head", "Council", "Chair", "amy@example.org", "AB"],
        ["Cy Dee", "Head", "Council", "Member", "", ""],
        ["Ed Fox", "Officer", "Council", "Deputy", "", "", "Cy Dee"],
    ]
    headings = [*HEADINGS, "Deputy for"]
    rows = [(r + [""])[:7] for r in rows]
    for _ in range(2):
        upload_csv(secretary, board, headings, rows)
        assert secretary.post(check_url(board)).status_code == 302
    assert Person.objects.filter(name__in=["Amy Bee", "Cy Dee", "Ed Fox"]).count() == 3
    assert Membership.objects.filter(board=board).count() == 3  # with the secretary's own
    assert Organisation.objects.filter(name="Council").count() == 1
    deputised = Membership.objects.get(board=board, person__name="Cy Dee")
    assert deputised.deputy.name == "Ed Fox"
    assert deputised.history.count() == 2  # added, then its deputy named: once each
    plan = members_plan(board=board, headings=headings, rows=rows)
    assert all(row.changes_nothing for row in plan.rows)
    assert "Already a member – no change" in plan.rows[0].outcomes


def test_clashing_initials_get_a_suggestion_the_secretary_can_accept(secretary, board):
    PersonFactory(partnership=board.partnership, name="Gary Bloom", initials="GB")
    rows = [["Grace Brown", "Head", "Council", "Member", "", "GB"]]
    upload_csv(secretary, board, HEADINGS, rows)
    text = secretary.get(check_url(board)).text
    assert "GB are the initials of Gary Bloom already: use GBr instead?" in text
    assert "Row 2: GBr for Grace Brown" in text
    assert secretary.post(check_url(board)).status_code == 200  # not yet accepted
    assert not Person.objects.filter(name="Grace Brown").exists()
    assert secretary.post(check_url(board), {"accept": "2"}).status_code == 302
    assert Person.objects.get(name="Grace Brown").initials == "GBr"


def test_initials_left_out_are_worked_out_without_a_clash_inside_the_list(board):
    rows = [["Amy Bee", "", "", "", "", ""], ["Alan Brown", "", "", "", "", ""]]
    plan = members_plan(board=board, headings=HEADINGS, rows=rows)
    assert [row.initials for row in plan.rows] == ["AB", "ABr"]
    assert all(row.ok for row in plan.rows)
    assert suggest_initials("Gary Bloom", {"GB", "GBL"}) == "GBlo"


def test_an_excel_list_is_read_as_a_csv_one(secretary, board):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NAME", "Job Title", "Organisation", "Role", "Email", "Initials"])
    sheet.append(["Amy Bee", "Head", "Council", "Vice-chair", "amy@example.org", "AB"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("members.xlsx", buffer.getvalue())
    assert secretary.post(upload_url(board), {"file": upload}).status_code == 302
    assert secretary.post(check_url(board)).status_code == 302
    assert Membership.objects.get(board=board, person__name="Amy Bee").role == Role.VICE_CHAIR


def test_a_list_pasted_from_a_spreadsheet_is_read_by_its_tabs(secretary, board):
    pasted = "Name\tOrganisation\tRole\nAmy Bee\tCouncil, Southend\tMember\n"
    assert read_pasted(pasted)[1] == [["Amy Bee", "Council, Southend", "Member"]]
    assert secretary.post(upload_url(board), {"pasted": pasted}).status_code == 302
    secretary.post(check_url(board))
    assert Person.objects.get(name="Amy Bee").organisation.name == "Council, Southend"


def test_a_deputy_for_someone_not_on_the_board_is_a_problem(board):
    headings = ["Name", "Role", "Deputy for"]
    plan = members_plan(board=board, headings=headings, rows=[["Ed Fox", "Deputy", "Zed"]])
    assert plan.rows[0].problems == [
        'Row 2, column "Deputy for": "Zed" is not a member of this board or a member on this list.'
    ]


def test_the_import_refuses_a_plan_with_bad_rows(board, secretary):
    plan = members_plan(board=board, headings=HEADINGS, rows=[["Amy", "", "", "Boss", "", ""]])
    with pytest.raises(ListProblem):
        members_import(plan=plan, user=secretary.user)


def test_only_the_secretary_may_upload(member, outsider, chair, board):
    assert outsider.get(upload_url(board)).status_code == 404
    assert outsider.get(check_url(board)).status_code == 404
    assert member.get(upload_url(board)).status_code == 403
    assert member.post(check_url(board)).status_code == 403
    assert chair.get(upload_url(board)).status_code == 403


def test_the_board_page_offers_the_upload_to_the_secretary_only(secretary, member, board):
    assert upload_url(board) in secretary.get(board.get_absolute_url()).text
    assert upload_url(board) not in member.get(board.get_absolute_url()).text

import pytest
from django.urls import reverse

from boards.models import Membership, Person, Role
from tests.boards.factories import (
    BoardFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def board_url(board, name="boards:board", *extra):
    return reverse(name, args=[board.partnership.slug, board.slug, *extra])


def test_partnership_page_draws_the_board_tree(member, board):
    BoardFactory(
        partnership=board.partnership,
        name="SEND Operations Group",
        short_name="SENDOPS",
        slug="sendops",
        parent=board,
    )
    response = member.get(reverse("boards:partnership", args=["southend"]))
    html = response.content.decode()
    assert response.status_code == 200
    hwbb, sspb, ops = (
        html.index(name)
        for name in (
            "Health and Wellbeing Board",
            "SEND Strategic Partnership Board",
            "SEND Operations Group",
        )
    )
    assert hwbb < sspb < ops
    assert 'aria-label="Reporting to SSPB"' in html


def test_board_page_lists_members_with_role_job_organisation_and_initials(member, board):
    person = PersonFactory(
        partnership=board.partnership, name="Gary Bloom", initials="GB", job_title="Head of SEND"
    )
    MembershipFactory(board=board, person=person, role=Role.CHAIR)
    response = member.get(board_url(board))
    html = response.content.decode()
    assert "Gary Bloom" in html and "Head of SEND" in html and ">GB<" in html
    assert html.index(">Chair<") < html.index(">Member<")


def test_another_partnership_gets_404_for_board_and_partnership(outsider, board):
    assert outsider.get(board_url(board)).status_code == 404
    assert outsider.get(reverse("boards:partnership", args=["southend"])).status_code == 404
    assert outsider.get(board_url(board, "boards:membership_add")).status_code == 404


def test_anonymous_is_sent_to_sign_in(anonymous, board):
    response = anonymous.get(board_url(board))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_member_cannot_add_members(member, board):
    assert member.get(board_url(board, "boards:membership_add")).status_code == 403
    assert member.post(board_url(board, "boards:membership_add"), {}).status_code == 403


def test_secretary_adds_a_member_with_a_deputy_and_it_shows_in_history(secretary, board):
    org = OrganisationFactory(partnership=board.partnership, name="Healthwatch")
    person = PersonFactory(partnership=board.partnership, name="Owen Richards", initials="OR")
    deputy = PersonFactory(partnership=board.partnership, name="Dee Puty", initials="DP")
    response = secretary.post(
        board_url(board, "boards:membership_add"),
        {
            "person": person.pk,
            "role": Role.MEMBER,
            "representing": org.pk,
            "deputy": deputy.pk,
            "starts_on": "2023-01-01",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(board=board, person=person)
    assert membership.deputy == deputy and membership.representing == org
    history = secretary.get(board_url(board)).content.decode()
    assert "<strong>Owen Richards (OR) as member</strong>" in history
    assert "Added by Secretary" in history


def test_membership_with_member_as_own_deputy_is_refused_next_to_the_field(secretary, board):
    person = PersonFactory(partnership=board.partnership)
    response = secretary.post(
        board_url(board, "boards:membership_add"),
        {"person": person.pk, "role": Role.MEMBER, "deputy": person.pk},
    )
    assert response.status_code == 200
    assert "Choose someone other than the member as their deputy." in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()


def test_concurrent_membership_edits_show_both_versions(secretary, board):
    membership = MembershipFactory(board=board, role=Role.MEMBER)
    url = board_url(board, "boards:membership_edit", membership.pk)
    opened_at = membership.version
    # Someone else changes the role first.
    membership.role = Role.ADVISER
    membership.version += 1
    membership.save()
    response = secretary.post(
        url, {"person": membership.person_id, "role": Role.GUEST, "version": opened_at}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this while you were editing it" in html
    assert "Adviser" in html and "Guest" in html
    membership.refresh_from_db()
    assert membership.role == Role.ADVISER
    # Saving again is a deliberate choice to keep theirs out.
    response = secretary.post(
        url, {"person": membership.person_id, "role": Role.GUEST, "version": membership.version}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.GUEST


def test_initials_must_be_unique_within_a_partnership(secretary, board):
    PersonFactory(partnership=board.partnership, name="Gary Bloom", initials="GB")
    response = secretary.post(
        reverse("boards:person_add", args=["southend"]), {"name": "Grace Brown", "initials": "gb"}
    )
    assert "Gary Bloom already has the initials gb." in response.content.decode()
    assert not Person.objects.filter(name="Grace Brown").exists()


def test_same_initials_allowed_in_another_partnership(secretary, board, outsider):
    PersonFactory(name="Elsewhere GB", initials="GB")
    response = secretary.post(
        reverse("boards:person_add", args=["southend"]), {"name": "Gary Bloom", "initials": "GB"}
    )
    assert response.status_code == 302
    assert Person.objects.filter(partnership=board.partnership, initials="GB").exists()


def test_board_cannot_report_to_a_board_below_it(staff, board):
    child = BoardFactory(partnership=board.partnership, parent=board)
    response = staff.post(
        board_url(board, "boards:board_edit"),
        {
            "name": board.name,
            "short_name": board.short_name,
            "slug": board.slug,
            "parent": child.pk,
            "quorum": 3,
            "meeting_frequency": "monthly",
            "action_references": "running",
            "minutes_actions": "under_each_item",
            "minutes_attendance": "at_the_end",
            "version": board.version,
        },
    )
    assert response.status_code == 200
    board.refresh_from_db()
    assert board.parent != child


def test_only_staff_add_boards_and_partnerships(secretary, staff):
    assert secretary.get(reverse("boards:board_add", args=["southend"])).status_code == 403
    assert secretary.get(reverse("boards:partnership_add")).status_code == 403
    assert staff.get(reverse("boards:board_add", args=["southend"])).status_code == 200


def test_terms_of_reference_upload_refuses_non_documents(secretary, board):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = board_url(board, "boards:terms_add")
    fake = SimpleUploadedFile("tor.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = secretary.post(
        url, {"title": "Terms of reference", "version_label": "v1", "document": fake}
    )
    assert "must be a PDF" in response.content.decode()
    assert not board.terms_of_reference.exists()
    real = SimpleUploadedFile("tor.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = secretary.post(
        url,
        {
            "title": "Terms of reference",
            "version_label": "v1",
            "document": real,
            "approved_on": "2023-01-26",
        },
    )
    assert response.status_code == 302
    terms = board.terms_of_reference.get()
    download = secretary.get(reverse("boards:terms_download", args=[terms.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_board_page_queries_do_not_grow_with_members(member, board, django_assert_max_num_queries):
    def queries():
        # 20 of the page's own, and the session's save after every request (three).
        with django_assert_max_num_queries(23) as captured:
            assert member.get(board_url(board)).status_code == 200
        return len(captured)

    MembershipFactory(board=board)
    few = queries()
    for _ in range(30):
        MembershipFactory(board=board, deputy=PersonFactory(partnership=board.partnership))
    assert queries() == few


def test_people_list_queries_are_bounded(member, board, django_assert_max_num_queries):
    for _ in range(40):
        PersonFactory(partnership=board.partnership)
    with django_assert_max_num_queries(12):
        assert member.get(reverse("boards:people", args=["southend"])).status_code == 200


def test_secretary_gives_a_person_a_login_and_they_are_emailed_a_link(
    secretary, board, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(
            reverse("boards:person_add", args=["southend"]),
            {
                "name": "Liz Hunt",
                "initials": "LH",
                "email": "liz.hunt@example.org",
                "create_login": "on",
            },
        )
    assert response.status_code == 302
    person = Person.objects.get(initials="LH")
    assert person.user is not None and person.user.email == "liz.hunt@example.org"
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert person.user.username in mail.outbox[0].body


def test_login_needs_an_email_address(secretary, board):
    response = secretary.post(
        reverse("boards:person_add", args=["southend"]),
        {"name": "Liz Hunt", "initials": "LH", "create_login": "on"},
    )
    assert "Enter an e-mail address to send the sign-in link to." in response.content.decode()
    assert not Person.objects.filter(initials="LH").exists()


def test_adding_someone_of_the_same_name_and_organisation_warns_but_adds(secretary, board):
    council = OrganisationFactory(partnership=board.partnership, name="Southend City Council")
    PersonFactory(
        partnership=board.partnership, name="Gary Bloom", initials="GB", organisation=council
    )
    response = secretary.post(
        reverse("boards:person_add", args=["southend"]),
        {"name": "gary bloom", "initials": "GBl", "organisation": council.pk},
        follow=True,
    )
    assert Person.objects.filter(name__iexact="gary bloom").count() == 2  # not refused
    assert (
        "Gary Bloom (GB) of Southend City Council is already one of the partnership&#x27;s "
        "people: check this is not the same person twice." in response.text
    )
    other = secretary.post(
        reverse("boards:person_add", args=["southend"]),
        {"name": "Gary Bloom", "initials": "GBo"},
        follow=True,
    )
    assert "already one of the partnership" not in other.text  # another organisation (none)


def test_the_quorum_reads_as_english(member, board):
    board.quorum = 1
    board.save()
    assert "1 member</dd>" in member.get(board.get_absolute_url()).text
    board.quorum = 3
    board.save()
    assert "3 members</dd>" in member.get(board.get_absolute_url()).text

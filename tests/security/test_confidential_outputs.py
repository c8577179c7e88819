"""A confidential item's words never leave the board: not on the public pages, nor in the public
PDF or Word minutes, nor in a calendar feed. Members still read all of it in their own copies.

Each distinctive phrase below is put where a confidential item keeps words: its minutes, its
decision, its paper, an amendment, an action raised under it and that action's later update, and
an interest declared on it (which the minutes print under "Declarations of interest").
The item's title may be published with the note that the rest is withheld.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import ActionUpdate
from boards.models import AgendaItem, Declaration, Meeting, Minutes, MinutesAmendment, Paper
from boards.services import minutes as minutes_services
from boards.services.declarations import declaration_add
from tests.actions.factories import ActionFactory
from tests.boards.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    PersonFactory,
)
from tests.boards.readers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

TITLE = "Exempt item: placement contract"
SECRETS = {
    "minutes": "Quokka tender lost on price",
    "decision": "Quokka decision withheld",
    "paper": "Quokka bid appraisal",
    "amendment": "Quokka amended wording",
    "action": "Quokka renegotiate the placement fee",
    "update": "Quokka fee reduced by a third",
    "declaration": "Quokka director of the bidding provider",
}
OPEN_DECLARATION = "Governor at Chalkwell Academy"


@pytest.fixture
def meetings(board, secretary):
    earlier = MeetingFactory(board=board, date=datetime.date(2023, 1, 26), status="held")
    AgendaItemFactory(meeting=earlier, position=1, title="Welcome", minutes_text="All welcome.")
    AgendaItemFactory(
        meeting=earlier,
        position=3,
        title="Declarations of interest",
        standing=AgendaItem.Standing.DECLARATIONS,
    )
    secret = AgendaItemFactory(
        meeting=earlier,
        position=2,
        title=TITLE,
        confidential=True,
        minutes_text=SECRETS["minutes"],
        decision=SECRETS["decision"],
    )
    Paper.objects.create(
        agenda_item=secret,
        label="2a",
        title=SECRETS["paper"],
        document=SimpleUploadedFile("bid.pdf", b"%PDF-1.4\n%%EOF"),
        original_name="bid.pdf",
        content_type="application/pdf",
        size=14,
    )
    minutes = MinutesFactory(meeting=earlier, status=Minutes.Status.PUBLISHED)
    MinutesAmendment.objects.create(
        minutes=minutes,
        agenda_item=secret,
        text=SECRETS["amendment"],
        reason="Wording",
        author=secretary.user,
    )
    action = ActionFactory(
        board=board, raised_at=earlier, raised_at_item=secret, description=SECRETS["action"]
    )
    declarant = PersonFactory(partnership=board.partnership, name="Gemma Brown", initials="GB")
    Declaration.objects.create(
        meeting=earlier, person=declarant, agenda_item=secret, interest=SECRETS["declaration"]
    )

    later = MeetingFactory(board=board, date=datetime.date(2023, 3, 23), status="held")
    AgendaItemFactory(
        meeting=later, position=1, title="Action log", standing=AgendaItem.Standing.ACTION_LOG
    )
    ActionUpdate.objects.create(
        action=action, meeting=later, text=SECRETS["update"], outcome=ActionUpdate.Outcome.KEEP_OPEN
    )
    MinutesFactory(meeting=later, status=Minutes.Status.PUBLISHED)
    return [earlier, later]


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    kind = response["Content-Type"]
    if "pdf" in kind:
        return pdf_text(response.content)
    if "wordprocessingml" in kind:
        return docx_text(response.content)
    return response.content.decode()


def _public_outputs(meeting):
    slug = meeting.board.partnership.slug
    yield reverse("public:partnership", args=[slug])
    for name in ("public:minutes", "public:minutes_pdf", "public:minutes_docx"):
        yield reverse(name, args=[slug, meeting.pk])
    yield reverse("public:board_calendar", args=[slug, meeting.board.slug])


def _member_outputs(meeting, *, public_copy):
    suffix = "?version=public" if public_copy else ""
    yield reverse("boards:minutes_pdf", args=[meeting.pk]) + suffix
    yield reverse("boards:minutes_docx", args=[meeting.pk]) + suffix


def test_public_outputs_hold_no_confidential_words(anonymous, member, meetings):
    earlier = meetings[0]
    title_seen = False
    for meeting in meetings:
        urls = [*_public_outputs(meeting), *_member_outputs(meeting, public_copy=True)]
        urls.append(reverse("boards:meeting_ics", args=[meeting.pk]))
        for url in urls:
            client = member if url.startswith("/meetings/") else anonymous
            text = _text(client.get(url))
            for where, secret in SECRETS.items():
                assert secret not in text, f"the {where} of a confidential item leaked at {url}"
            title_seen |= TITLE in text
    assert title_seen, "the title with its note is what the public minutes show"
    public_html = anonymous.get(reverse("public:minutes", args=["southend", earlier.pk]))
    assert "exempt from publication" in public_html.content.decode()


def test_members_read_it_all_in_their_own_copies(member, meetings):
    earlier, later = meetings
    read = reverse("boards:minutes_read", args=[earlier.pk])
    for url in [read, *_member_outputs(earlier, public_copy=False)]:
        text = " ".join(_text(member.get(url)).split())
        for where in ("minutes", "decision", "paper", "action", "declaration"):
            assert SECRETS[where] in text, f"{where} missing from the members' copy at {url}"
    later_pdf = _text(member.get(reverse("boards:minutes_pdf", args=[later.pk])))
    assert SECRETS["update"] in " ".join(later_pdf.split())
    assert Meeting.objects.count() == 2


def test_a_declaration_on_a_confidential_item_stays_out_of_every_public_copy(
    anonymous, member, board
):
    """Draft, approved and published: the public copy prints the open declarations only."""
    meeting = MeetingFactory(board=board, date=datetime.date(2023, 5, 18), status="held")
    AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Declarations of interest",
        standing=AgendaItem.Standing.DECLARATIONS,
    )
    finance = AgendaItemFactory(meeting=meeting, position=2, title="Finance")
    secret = AgendaItemFactory(meeting=meeting, position=3, title=TITLE, confidential=True)
    gemma = PersonFactory(partnership=board.partnership, name="Gemma Brown", initials="GB")
    declaration_add(meeting=meeting, person=gemma, interest=SECRETS["declaration"], item=secret)
    declaration_add(meeting=meeting, person=gemma, interest=OPEN_DECLARATION, item=finance)

    def check(urls):
        for client, url in urls:
            text = " ".join(_text(client.get(url)).split())
            assert SECRETS["declaration"] not in text, f"the declaration leaked at {url}"
            assert f"Gemma Brown (GB): {OPEN_DECLARATION}" in text, url
            assert "declaration of interest on an item considered in private" in text, url
        for url in [
            reverse("boards:minutes_read", args=[meeting.pk]),
            *_member_outputs(meeting, public_copy=False),
        ]:
            text = " ".join(_text(member.get(url)).split())
            assert SECRETS["declaration"] in text and OPEN_DECLARATION in text, url

    check([(member, url) for url in _member_outputs(meeting, public_copy=True)])  # the draft
    minutes_services.minutes_circulate(meeting=meeting, link="https://boards.example.org/")
    later = MeetingFactory(board=board, date=datetime.date(2023, 7, 20), status="held")
    minutes_services.minutes_approve(meeting=meeting, at_meeting=later)
    check([(member, url) for url in _member_outputs(meeting, public_copy=True)])
    minutes_services.minutes_publish(meeting=meeting)
    slug = board.partnership.slug
    check(
        [(member, url) for url in _member_outputs(meeting, public_copy=True)]
        + [
            (anonymous, reverse(name, args=[slug, meeting.pk]))
            for name in ("public:minutes", "public:minutes_pdf", "public:minutes_docx")
        ]
    )


def _searched(client, url) -> str:
    response = client.get(url, {"q": "Quokka"})
    assert response.status_code == 200
    return response.content.decode()


def test_search_never_shows_confidential_words_to_the_public_or_anyone_without_a_seat(
    anonymous, member, outsider, board, meetings
):
    from boards import search
    from tests.boards.factories import UserFactory
    from tests.conftest import _client_for

    officer = UserFactory(username="officer")
    PersonFactory(partnership=board.partnership, user=officer, name="Sam Officer", initials="SO")
    seatless = _client_for(officer)

    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(
        agenda_pack_published_at=datetime.datetime(2023, 1, 10, tzinfo=datetime.UTC)
    )
    search.rebuild()  # the fixture wrote its records straight to the tables
    public = _searched(anonymous, reverse("public:search", args=["southend"]))
    without_a_seat = _searched(seatless, reverse("search:results"))
    elsewhere = _searched(outsider, reverse("search:results"))
    for where, secret in SECRETS.items():
        for text, who in ((public, "public"), (without_a_seat, "SRO"), (elsewhere, "outsider")):
            assert secret not in text, f"search showed the {where} of a confidential item: {who}"
    assert "Nothing found" in public and "Nothing found" in without_a_seat
    found = _searched(member, reverse("search:results"))
    assert "<mark>Quokka</mark> tender lost on price" in found
    assert "Confidential" in found

"""A new secretary of another partnership records one real meeting from scratch: the board set up
from an uploaded members list, replies before the next meeting, a twelve-item meeting already
held minuted with attendance, declarations and action lines in the secretary's own style,
circulated with a preview, approved at the next meeting, and the minutes PDF read back."""

import datetime
import re
import subprocess

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action
from boards.models import AgendaItem, Attendance, Meeting, MeetingReply, Membership, Person, Role
from tests.boards.factories import (
    BoardFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)

from .conftest import TIMEOUT_MS, assert_accessible, sign_in

pytestmark = pytest.mark.browser

HEADINGS = "Name,Job title,Organisation,Role on the board,E-mail,Initials,Deputy for"
MEMBERS = [
    ("Ann Baker", "Director of Children's Services", "Thurrock Council", "Chair", "AB", ""),
    ("Colin Drake", "Assistant Director, Education", "Thurrock Council", "Vice-chair", "CD", ""),
    ("Esther Fox", "Designated Clinical Officer", "Mid and South Essex ICB", "Adviser", "EF", ""),
    ("Gary Hunt", "Principal Educational Psychologist", "Thurrock Council", "Adviser", "GH", ""),
    ("Sam Clerk", "Democratic Services Officer", "Thurrock Council", "Secretary", "SC", ""),
    ("Owen Pike", "Volunteer", "Healthwatch Thurrock", "Guest", "OP", ""),
    ("Dana Reed", "Deputy Head of SEND", "Thurrock Council", "Deputy", "DR", "Colin Drake"),
    ("Tom Vale", "Deputy Designated Officer", "Mid and South Essex ICB", "Deputy", "TV", "EF"),
    # Eighteen members; two have no e-mail address.
    *[
        (name, job, organisation, "Member", "", "")
        for name, job, organisation in (
            ("Helen Irwin", "Head of Inclusion", "Thurrock Council"),
            ("Ian Jones", "Parent Carer Forum Chair", "Thurrock Parent Carer Forum"),
            ("Kay Lamb", "Headteacher", "Grays Special School"),
            ("Liam Moss", "Head of Commissioning", "Mid and South Essex ICB"),
            ("Maya Nash", "SENCo", "Aveley Primary"),
            ("Noel Ortiz", "Principal", "South Essex College"),
            ("Pia Quinn", "Head of Children's Social Care", "Thurrock Council"),
            ("Ravi Shah", "Service Manager", "Essex Partnership University Trust"),
            ("Sara Todd", "Head of Virtual School", "Thurrock Council"),
            ("Umar Vance", "Youth Offending Service Manager", "Thurrock Council"),
            ("Vera Wood", "Community Paediatrician", "Mid and South Essex ICB"),
            ("Will Xu", "Head of Early Years", "Thurrock Council"),
            ("Yara Young", "Public Health Consultant", "Thurrock Council"),
            ("Zoe Adams", "Post-16 Lead", "Thurrock Council"),
            ("Alan Brook", "Head of Transport", "Thurrock Council"),
            ("Beth Cole", "Speech and Language Therapy Lead", "NELFT"),
            ("Carl Dunn", "Headteacher", "Treetops Academy"),
            ("Dee Ellis", "Housing Manager", "Thurrock Council"),
        )
    ],
]
WITHOUT_EMAIL = ("Ian Jones", "Kay Lamb")
ITEMS = [
    ("Welcome, introductions and apologies", AgendaItem.Standing.WELCOME),
    ("Declarations of interest", AgendaItem.Standing.DECLARATIONS),
    ("Minutes of the last meeting", AgendaItem.Standing.MINUTES),
    ("Action log", AgendaItem.Standing.ACTION_LOG),
    ("SEND Strategy refresh", ""),
    ("EHCP timeliness", ""),
    ("Sufficiency of specialist places", ""),
    ("Home to school transport", ""),
    ("Preparing for adulthood", ""),
    ("Parent carer forum update", ""),
    ("Written statement of action", ""),
    ("Any other business", AgendaItem.Standing.AOB),
]


def email_of(name):
    return f"{name.lower().replace(' ', '.')}@thurrock.example"


def members_csv():
    rows = [HEADINGS]
    for name, job, organisation, role, initials, deputy_for in MEMBERS:
        email = "" if name in WITHOUT_EMAIL else email_of(name)
        rows.append(f'{name},"{job}","{organisation}",{role},{email},{initials},{deputy_for}')
    return "\n".join(rows).encode()


@pytest.fixture
def setting(transactional_db, live_server):
    """Another partnership, a new board and its secretary's login: nothing of the demo."""
    partnership = PartnershipFactory(name="Thurrock Children's Partnership", slug="thurrock")
    board = BoardFactory(
        partnership=partnership,
        name="SEND Partnership Board",
        short_name="SENDPB",
        slug="sendpb",
    )
    user = UserFactory(username="clerk", password="clerk-pass-2026")
    clerk = PersonFactory(
        partnership=partnership,
        user=user,
        name="Sam Clerk",
        initials="SC",
        job_title="Democratic Services Officer",
        organisation=OrganisationFactory(partnership=partnership, name="Thurrock Council"),
        email=email_of("Sam Clerk"),
    )
    MembershipFactory(board=board, person=clerk, role=Role.SECRETARY)
    today = timezone.localdate()
    held = Meeting.objects.create(
        board=board,
        date=today - datetime.timedelta(days=63),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(12, 15),
        venue="Civic Offices, Committee Room 2",
        status=Meeting.Status.HELD,
    )
    for position, (title, standing) in enumerate(ITEMS, start=1):
        AgendaItem.objects.create(
            meeting=held,
            position=position,
            title=title,
            standing=standing,
            kind=AgendaItem.Kind.STANDING if standing else AgendaItem.Kind.DISCUSSION,
        )
    following = Meeting.objects.create(
        board=board, date=today, starts_at=datetime.time(14, 30), venue="Civic Offices"
    )
    return live_server, board, held, following


@pytest.fixture
def secretary_page(browser, setting):
    live_server = setting[0]
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, "clerk", "clerk-pass-2026")
    yield page
    context.close()


def test_a_new_secretary_records_a_real_meeting_from_members_list_to_signed_minutes(
    browser, secretary_page, setting, tmp_path
):
    live_server, board, held, following = setting
    page = secretary_page

    # 1. The board in one upload and one confirmation.
    page.goto("/p/thurrock/b/sendpb/members/upload/")
    page.get_by_label("Upload the list").set_input_files(
        {"name": "members.csv", "mimeType": "text/csv", "buffer": members_csv()}
    )
    page.get_by_role("button", name="Check the list").click()
    expect(page.locator("h1")).to_contain_text("Check")
    page.get_by_role("button", name="Add these members").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("members added")
    # The two deputies sit only as named members' deputies, not as members themselves.
    assert Membership.objects.filter(board=board).count() == len(MEMBERS) - 2
    assert Person.objects.filter(partnership=board.partnership, name="Sam Clerk").count() == 1
    assert Membership.objects.get(board=board, person__name="Colin Drake").deputy.name == (
        "Dana Reed"
    )

    # 2. Invitations to the next meeting; three members reply from their e-mailed links.
    page.goto(f"/meetings/{following.pk}/")
    page.get_by_role("button", name="Send invitations").click()
    links = {
        message.to[0]: re.search(r"https?://\S+/reply/\S+/", message.body).group(0)
        for message in mail.outbox
    }
    # Every member with an address but the secretary, who sends them; not the deputies.
    invited = len(MEMBERS) - 2 - len(WITHOUT_EMAIL) - 1
    assert email_of("Ann Baker") in links and len(links) == invited
    member = browser.new_context(base_url=live_server.url)
    reply = member.new_page()
    for name, answer in (("Ann Baker", "Attending"), ("Liam Moss", "Apologies")):
        reply.goto(links[email_of(name)])
        reply.get_by_label(answer, exact=True).check()
        reply.get_by_role("button", name="Send your reply").click()
        expect(reply.locator("body")).to_contain_text("Thank you")
    reply.goto(links[email_of("Colin Drake")])
    reply.get_by_label("Sending a deputy").check()
    reply.get_by_label(re.compile(r"^Your deputy")).select_option(label="Dana Reed (DR)")
    reply.get_by_role("button", name="Send your reply").click()
    member.close()
    assert MeetingReply.objects.filter(meeting=following).count() == 3
    page.reload()
    expect(page.locator("#replies")).to_contain_text("Liam Moss")

    # 3. The meeting already held: attendance as recorded, roles kept.
    page.goto(f"/meetings/{held.pk}/")
    page.get_by_role("button", name="Start taking the minutes").click()
    page.get_by_role("link", name="Record attendance and declarations of interest").click()
    expect(page.locator(".app-quorum")).to_contain_text("Attendance not yet recorded")
    apologies = {"Colin Drake", "Liam Moss", "Ravi Shah", "Dee Ellis", "Esther Fox"}
    for name, _job, _organisation, role, *_ in MEMBERS:
        if role == "Deputy":
            continue  # listed only when they stand in
        status = (
            "Apologies" if name in apologies else "Absent" if name == "Owen Pike" else "Present"
        )
        page.get_by_label(f"Attendance – {name}").select_option(label=status)
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_role("link", name="Record attendance and declarations of interest").click()
    page.get_by_label("Person").select_option(label="Dana Reed (DR)")
    page.get_by_label("Attended as", exact=True).select_option(label="Deputy")
    page.get_by_label(re.compile(r"^Deputy for \(")).select_option(label="Colin Drake (CD)")
    page.get_by_role("button", name="Add to attendance").click()
    expect(page.locator(".app-quorum")).to_contain_text("Quorum met")
    recorded = Attendance.objects.filter(meeting=held)
    assert recorded.filter(status=Attendance.Status.PRESENT).count() == 24 - 6 + 1
    assert recorded.get(person__name="Esther Fox").role == Attendance.Role.ADVISER
    assert recorded.get(person__name="Dana Reed").deputy_for.name == "Colin Drake"

    # 4. Minutes typed live on the screen, with declarations and actions in the secretary's style.
    page.goto(f"/meetings/{held.pk}/minutes/take/")
    page.get_by_text("Record a declaration", exact=True).click()
    page.get_by_label("Person").select_option(label="Kay Lamb (KL)")
    page.get_by_role("textbox", name="Interest").fill("Headteacher of a school named in item 7.")
    page.get_by_role("button", name="Record the declaration").click()
    expect(page.locator("#declarations-panel")).to_contain_text("Kay Lamb: Headteacher")

    month = held.date + datetime.timedelta(days=120)
    month_text = f"{month:%B %Y}"
    dotted = held.date + datetime.timedelta(days=30)
    slashed = held.date + datetime.timedelta(days=45)
    worded = held.date + datetime.timedelta(days=50)
    typed = {
        1: "AB welcomed members. Apologies were noted as listed.",
        5: "CD presented the refreshed strategy.\n"
        f"ACTION: AB/CD to bring the revised strategy to the board by {month_text}",
        6: "Timeliness has improved to 61%.\n"
        f"Action: EF/SROs to review the EHCP timeliness data by {dotted:%d.%m.%y}",
        7: "Places are short in the south of the borough.\n"
        "Actions:\n"
        "- Programme Lead to update the sufficiency plan by next meeting\n"
        f"- GH to share the place planning model by {worded:%-d %B %Y}",
        8: f"action: Alan Brook to report on route costs by {slashed:%-d/%-m/%Y}",
    }
    for position in range(1, 13):
        box = page.get_by_role("textbox", name=f"Minutes of item {position}", exact=True)
        box.fill(typed.get(position, f"Members noted the update on item {position}."))
        box.blur()
    for position in typed:
        item = held.agenda_items.get(position=position)
        expect(page.locator(f"#item-{item.pk}-status")).to_have_text(re.compile("Saved at"))
    buttons = page.get_by_role("button", name=re.compile("^Add to the action log"))
    for remaining in range(5, 0, -1):  # each as found in the minutes, confirmed one by one
        expect(buttons).to_have_count(remaining)
        buttons.first.click()
    expect(buttons).to_have_count(0)
    actions = Action.objects.filter(raised_at=held)
    assert actions.count() == 5
    joint = actions.get(description__istartswith="Bring the revised strategy")
    assert joint.owners_display == "AB/CD" and joint.due_display == month_text
    assert actions.get(description__istartswith="Update the sufficiency plan").due_date == (
        following.date
    )
    assert "SROs" in actions.get(description__istartswith="Review the EHCP").owners_display

    # 5. Circulated with a preview that names who will not get it.
    page.goto(f"/meetings/{held.pk}/")
    page.get_by_role("link", name="Circulate the draft to members").click()
    not_sent = page.get_by_role("list", name="Not sent to")
    for name in WITHOUT_EMAIL:
        expect(not_sent).to_contain_text(name)
    assert_accessible(page, "real-meeting-circulation-preview")
    sent_before = len(mail.outbox)
    page.get_by_role("button", name=re.compile(r"^Send to \d+ members")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Not sent to Ian Jones")
    assert len(mail.outbox) > sent_before

    # 6. Approved at the next meeting; the minutes PDF carries the table, roles and signature.
    page.get_by_label("Approved at the meeting of").select_option(
        label=f"{following.date:%-d %B %Y}"
    )
    page.get_by_role("button", name="Record approval").click()
    expect(page.locator("body")).to_contain_text("Approved")
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(page.request.get(f"/meetings/{held.pk}/minutes.pdf").body())
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for heading in ("Chair", "Members", "Deputies", "Advisers", "Apologies", "Administration"):
        assert re.search(rf"^\s*{heading}\b", text, re.M), heading
    assert "Ann Baker" in flat and "Esther Fox" in flat
    assert "Ref" in flat and "Owner" in flat and "Deadline" in flat
    assert "AB/CD" in flat and month_text in flat
    assert "Programme Lead" in flat and "Alan Brook" in flat
    assert "Signed (Chair)" in flat
    assert "Kay Lamb (KL): Headteacher of a school named in item 7." in flat
    assert "Organisation 0" not in flat  # the clerk matched, not added again
    assert f"{following.date:%-d %B %Y}" in flat  # the next meeting line

"""The SSPB action log of the seed minutes (26 January 2023): actions 89 to 105, what was said of
each at that meeting, and the actions raised there. Safe to run twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from actions.models import Action, ActionUpdate, DueDateChange
from actions.services.closure import action_close, action_close_and_replace
from actions.services.log import action_create
from actions.services.updates import action_reschedule, action_update_add
from boards.models import AgendaItem, Board, Meeting, Partnership, Person

MEETING_DATE = datetime.date(2023, 1, 26)
NEXT_MEETING = datetime.date(2023, 3, 30)

# reference, description, owners, due date, raised at (date of an earlier meeting)
LOG = [
    (
        "89",
        "Identify a Voice of the Child lead on behalf of the Board and agree how A Better Start "
        "Southend can contribute",
        ["GB"],
        datetime.date(2023, 1, 26),
    ),
    (
        "94",
        "Share communications about the Lighthouse Child Development Centre with Board members",
        ["HF"],
        datetime.date(2023, 1, 26),
    ),
    (
        "95",
        "Set out how ICB data will contribute to the SEND dashboards, with a timeline",
        ["HF"],
        datetime.date(2023, 1, 26),
    ),
    (
        "97",
        "Confirm senior MSE representation at Board and deputising by the designated clinical "
        "officers",
        ["HF", "CMc"],
        datetime.date(2023, 1, 26),
    ),
    (
        "99",
        "Identify a secondary headteacher lead, update the terms of reference and complete the "
        "induction pack",
        ["GB"],
        datetime.date(2023, 1, 26),
    ),
    (
        "101",
        "Agree a lead for each risk on the partnership risk log",
        ["CMc"],
        datetime.date(2023, 1, 26),
    ),
    (
        "102",
        "Bring the SEND Community Network proposal to Board as an agenda item",
        ["PJ", "CJ"],
        datetime.date(2023, 1, 26),
    ),
    (
        "104",
        "Agree how the SEND Co-production Charter will be developed and aligned with the SCC "
        "Co-production Framework",
        ["CJ"],
        datetime.date(2023, 1, 26),
    ),
    (
        "105",
        "Review the short breaks offer and report back to Board",
        ["GB"],
        datetime.date(2023, 1, 26),
    ),
]

# reference, what was said on 26 January 2023, outcome
AT_THE_MEETING = [
    (
        "89",
        "GB has met with TP re Voice of the Child work. She has some concerns that this work may "
        "fall outside of the ABSS remit. MM clarified that the action was for a voice of the "
        "child lead on behalf of the Board. GB will look at how to connect Tara with the "
        "Children's Voice team and the PCF to take this forward.",
        "keep_open",
    ),
    (
        "94",
        "HF advised that communications about the Lighthouse are added to the EPUT website each "
        "month and suggested Board were provided with the link. CJ to share link with Board "
        "members.",
        "close",
    ),
    (
        "95",
        "HF advised that they are looking at how their data can contribute to SEND dashboards. "
        "There is a digital lead in the ICB developing dashboards for SEND health across "
        "Southend Essex and Thurrock. It is a priority and hope to have firmer idea of the "
        "timeline by next meeting.",
        "keep_open",
    ),
    (
        "97",
        "HF advised there was agreement that a Senior lead would represent MSE at Board (either "
        "HF or CMc) and the designated clinical officers would deputise where required. GB to "
        "ensure DCO representative is invited to join SENDOPS.",
        "close",
    ),
    (
        "99",
        "GB advised this is outstanding. A secondary lead is yet to be identified but volunteers "
        "are being sought today at the Heads meeting. MM requested the ToR updated and the "
        "induction pack completed asap with the aim to close by next meeting.",
        "reschedule",
    ),
    (
        "101",
        "Risk log still being developed / updated. Leads will be agreed at the next meeting.",
        "keep_open",
    ),
    ("102", "Agenda item for next meeting.", "keep_open"),
    (
        "104",
        "CJ advised initial meeting has taken place and a way forward agreed. Co-Production "
        "leads in SCC will undertake a co-production mapping exercise across the partnership by "
        "mid Feb. Aim is to have an agreed one page Charter agreed by mid-March and published "
        "end of March.",
        "close_and_replace",
    ),
    (
        "105",
        "GB advised that there is a meeting planned tomorrow to review this. An update will be "
        "provided at the next meeting.",
        "keep_open",
    ),
]

# description, owners, due date, agenda item number it was raised under
# description, owners, due, agenda item, the words of the minutes that raised it
RAISED = [
    (
        "work with AW, JM and other colleagues to produce a paper on the pressures on special "
        "school places, with options for expansion",
        ["GB"],
        NEXT_MEETING,
        6,
        "Action: GB to work with AW, JM and other colleagues to produce a paper.",
    ),
    (
        "submit a draft version of the SEF to Board in the summer term",
        ["GB"],
        None,
        9,
        "Action: a draft version of the SEF will be submitted to Board in the summer term.",
    ),
    (
        "arrange a session on the new inspection framework with the DfE rep",
        ["GB"],
        None,
        9,
        "Action: GB will arrange this with the DfE rep.",
    ),
    (
        "confirm the APP monitoring visit date and set up a pre-meeting with CC, MM, L-MM, HF, "
        "CMc and PJ",
        ["GB"],
        datetime.date(2023, 2, 28),
        9,
        "Action: GB was asked to confirm the date",
    ),
]
SUCCESSOR = ("SEND Co-production Charter update at the next meeting", ["CJ"], NEXT_MEETING)


@transaction.atomic
def load_actions(partnership: Partnership) -> None:
    board = Board.objects.filter(partnership=partnership, short_name="SSPB").first()
    if board is None or board.actions.filter(reference="89").exists():
        return
    people = {p.initials: p for p in Person.objects.filter(partnership=partnership)}
    secretary = people.get("CJ")
    author = secretary.user if secretary else None
    meeting = Meeting.objects.filter(board=board, date=MEETING_DATE).first()
    items = {item.position: item for item in meeting.agenda_items.all()} if meeting else {}
    log_item = next(
        (i for i in items.values() if i.standing == AgendaItem.Standing.ACTION_LOG), None
    )

    def owners(initials):
        return [people[i] for i in initials if i in people]

    actions = {}
    for reference, description, initials, due in LOG:
        actions[reference] = action_create(
            board=board,
            reference=reference,
            description=description,
            owners=owners(initials),
            due_date=due,
            author=author,
        )
    for reference, text, outcome in AT_THE_MEETING:
        action = actions[reference]
        if outcome == "close":
            action_close(
                action=action, author=author, text=text, meeting=meeting, closed_on=MEETING_DATE
            )
        elif outcome == "close_and_replace":
            description, initials, due = SUCCESSOR
            action_close_and_replace(
                action=action,
                author=author,
                text=text,
                new_description=description,
                new_owners=owners(initials),
                new_due_date=due,
                meeting=meeting,
                meeting_item=log_item,
                closed_on=MEETING_DATE,
            )
        else:
            if outcome == "reschedule":
                action_reschedule(
                    action=action,
                    new_due_date=NEXT_MEETING,
                    reason="A secondary lead is still being sought; aim to close by next meeting",
                    author=author,
                    meeting=meeting,
                )
            action_update_add(
                action=action,
                text=text,
                author=author,
                meeting=meeting,
                outcome=ActionUpdate.Outcome.KEEP_OPEN,
            )
    for description, initials, due, position, words in RAISED:
        item = items.get(position)
        action_create(
            board=board,
            description=description,
            owners=owners(initials),
            due_date=due,
            raised_at=meeting,
            raised_at_item=item,
            source_line=words if item else "",
            author=author,
        )
    # The trail is dated as the meeting was, not as the demo was loaded.
    given_at = timezone.make_aware(datetime.datetime.combine(MEETING_DATE, datetime.time(10, 10)))
    ActionUpdate.objects.filter(action__board=board).update(created_at=given_at)
    Action.objects.filter(board=board).update(created_at=given_at)
    DueDateChange.objects.filter(action__board=board).update(changed_at=given_at)

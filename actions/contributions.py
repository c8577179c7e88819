"""What the action log contributes to boards' pages and documents, through core.registry."""

from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator, capfirst

from boards import access
from boards.access import Need
from boards.models import AgendaItem, Meeting
from core.dates import date_text
from core.paging import page_of
from core.registry import MinutesAction, Section, WorkRows, WorkSection

from .capture import parse_action_lines
from .forms import CaptureForm, MeetingOutcomeForm, people_by_initials
from .models import Action, ActionUpdate, DueDateChange
from .selectors.log import open_counts_by_board
from .selectors.meeting import meeting_action_rows, meeting_actions, meeting_log_rows
from .selectors.mine import open_actions_owned
from .templatetags.action_marks import due, status

Outcome = ActionUpdate.Outcome
ACTION_LOG = AgendaItem.Standing.ACTION_LOG


def board_section(request, board):
    if not access.can(request.access, board, Need.VIEW):
        return None
    counts = open_counts_by_board([board.pk]).get(board.pk, {})
    return Section(
        template="actions/partials/board_section.html",
        context={
            "board": board,
            "open": counts.get("open", 0),
            "overdue": counts.get("overdue", 0),
            "proposed": counts.get("proposed", 0),
            "log_url": reverse("actions:board_log", args=[board.partnership.slug, board.slug]),
        },
    )


def outcome_form(action, meeting, known, data=None):
    return MeetingOutcomeForm(
        data,
        known=known,
        meeting=meeting,
        prefix=f"a{action.pk}",
        initial={"version": action.version},
    )


MEETING_ACTIONS_PER_PAGE = 20


def meeting_section_context(request, meeting, item) -> dict:
    """One page (`?page=`) of the actions to review: a board with thousands open stays quick to
    open."""
    can_edit = access.can(request.access, meeting.board, Need.EDIT)
    page = page_of(
        request,
        meeting_action_rows(meeting),
        MEETING_ACTIONS_PER_PAGE,
        columns=meeting_log_rows(meeting),
    )
    # The forms are fetched row by row when opened (see views.meeting.meeting_action_record).
    rows = [meeting_row(meeting, action) for action in page]
    frozen = meeting.minutes_frozen
    return {
        "meeting": meeting,
        "item": item,
        "rows": rows,
        "page": page,
        "can_edit": can_edit,
        "frozen": frozen,
        "can_record": can_edit and not frozen,
    }


def meeting_row(meeting, action, *, form=None, message="") -> dict:
    """One action as the meeting's action log shows it, what the row writes worked out here: the
    template engine takes several times longer over filters, tags and lookups, on each row."""
    latest = action.latest_update
    return {
        "action": action,
        "form": form,
        "message": message,
        "url": action.get_absolute_url(),
        "record_url": reverse("actions:meeting_record", args=[meeting.pk, action.pk]),
        "owners": action.owners_display or "no owner",
        "status": status(action),
        "due": due(action),
        "description": capfirst(action.description),
        "latest_update": Truncator(latest).words(50, truncate=" …") if latest else "",
        "is_open": action.is_open,
    }


def meeting_section(request, meeting, item):
    return Section(
        template="actions/partials/meeting_section.html",
        context=meeting_section_context(request, meeting, item),
    )


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def action_line(action: Action) -> str:
    """ "Action: GB to produce a paper by 31/03/2023." (or "by June 2025")"""
    owners = action.owners_display
    lead = f"{owners} to " if owners else ""
    due = f" by {action.due_display}" if action.due_date else ""
    return f"Action: {lead}{action.description.rstrip('.')}{due}."


def minutes_lines(meeting: Meeting, *, public: bool = False) -> dict[int, list[str]]:
    """Lines for these minutes: what was said of each action under the action log item, and
    every action raised under each item. The public copy leaves out the actions raised under a
    confidential item, here and when they come back to the action log of a later meeting."""
    items = list(meeting.agenda_items.all())
    lines: dict[int, list[str]] = {}
    log_item = next((i for i in items if i.standing == ACTION_LOG), None)
    if log_item is not None:
        updates = (
            ActionUpdate.objects.filter(meeting=meeting)
            .exclude(outcome__in=[Outcome.NOTE, Outcome.PROPOSE_CLOSE])
            .select_related("action__successor")
            .order_by("action__sort_key", "action__number", "created_at")
        )
        if public:
            updates = updates.exclude(action__raised_at_item__confidential=True)
        new_dates = {
            change.action_id: change for change in DueDateChange.objects.filter(meeting=meeting)
        }
        for update in updates:
            action = update.action
            line = f"{action.reference} – {_sentence(update.text)}"
            if update.outcome == Outcome.KEEP_OPEN:
                change = new_dates.get(action.pk)
                if change is not None:
                    new_date = date_text(change.new_date)
                    line += f" New due date {new_date}: {_sentence(change.reason)}"
                line += " Keep action open."
            elif update.outcome == Outcome.CLOSE:
                line += " Agree to close action."
            elif update.outcome == Outcome.CLOSE_AND_REPLACE:
                line += " Agree to close and create new action"
                if action.successor is not None:
                    line += (
                        f"; {action.successor.reference} – "
                        f"{_sentence(action.successor.description)}"
                    )
                else:
                    line += "."
            lines.setdefault(log_item.pk, []).append(line)
    raised = (
        Action.objects.filter(
            raised_at=meeting, raised_at_item__isnull=False, predecessor__isnull=True
        )
        .prefetch_related("owners")
        .order_by("sort_key", "number")
    )
    typed = {item.pk: item.minutes_text for item in items}
    for action in raised:
        if action.source_line and action.source_line in typed.get(action.raised_at_item_id, ""):
            continue  # captured from the minutes text, where it already reads as typed
        lines.setdefault(action.raised_at_item_id, []).append(action_line(action))
    return lines


def minutes_actions(meeting: Meeting, *, public: bool = False) -> list[MinutesAction]:
    """The actions agreed at the meeting, for the actions table of its minutes: each under the
    item it was raised at, new actions from the action log's review included."""
    actions = (
        Action.objects.filter(raised_at=meeting, raised_at_item__isnull=False)
        .prefetch_related("owners")
        .order_by("raised_at_item__position", "sort_key", "number")
    )
    if public:
        actions = actions.exclude(raised_at_item__confidential=True)
    return [
        MinutesAction(
            item_id=action.raised_at_item_id,
            reference=action.reference,
            action=capfirst(action.description.strip()),
            owners=action.owners_display,
            deadline=action.due_display,
        )
        for action in actions
    ]


def _per_request(request, key, make):
    """What every item's capture panel reads, read once per request however many items."""
    return request.access.answer(("action capture", *key), make)


def _known_people(request, meeting) -> dict:
    """The partnership's people by initials."""
    partnership_id = meeting.board.partnership_id
    return _per_request(
        request, ("people", partnership_id), lambda: people_by_initials(partnership_id)
    )


def _next_meeting_date(request, meeting):
    """The date "by the next meeting" means: the board's next meeting, if one is scheduled."""
    return _per_request(
        request,
        ("next", meeting.pk),
        lambda: meeting.meetings_after().values_list("date", flat=True).first(),
    )


def capture_context(request, item, *, meeting=None, bound=None, message="") -> dict:
    """The "Action:" lines of an item's minutes, each either created already or to confirm."""
    meeting = meeting or item.meeting
    known = _known_people(request, meeting)
    captured = parse_action_lines(
        item.minutes_text,
        known,
        names={person.name: initials for initials, person in known.items()},
        next_meeting=_next_meeting_date(request, meeting),
    )
    created = {
        action.source_line: action
        for action in Action.objects.filter(
            raised_at_item=item, source_line__in=[c.source_line for c in captured]
        ).prefetch_related("owners")
    }
    entries = []
    for index, found in enumerate(captured):
        action = created.get(found.source_line)
        form = None
        if action is None:
            if bound is not None and bound.data.get(f"c{index}-source_line") == found.source_line:
                form = bound
            else:
                form = CaptureForm(
                    known=known,
                    meeting=meeting,
                    prefix=f"c{index}",
                    initial={
                        "description": found.description,
                        "owners": "/".join(found.owner_initials),
                        "other_owners": "/".join(found.other_owners),
                        "due_date": found.due_date,
                        "due_by_month": found.due_by_month,
                        "source_line": found.source_line,
                    },
                )
        entries.append({"found": found, "action": action, "form": form, "index": index})
    return {"item": item, "meeting": meeting, "entries": entries, "message": message}


def item_marks(meeting: Meeting) -> dict[int, str]:
    """ "2 actions" beside each item that raised any, in the minute-taking screen's list."""
    counts = (
        Action.objects.filter(raised_at_item__meeting=meeting)
        .values("raised_at_item")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        row["raised_at_item"]: f"{row['count']} action{pluralize(row['count'])}" for row in counts
    }


def item_panel(request, meeting, item):
    if not access.can(request.access, meeting.board, Need.EDIT):
        return None
    return Section(
        template="actions/partials/capture_panel.html",
        context=capture_context(request, item, meeting=meeting),
    )


def pack_section(meeting, item, public):
    if item.standing != ACTION_LOG or (public and item.confidential):
        return None
    actions = meeting_actions(meeting).select_related("successor")
    if public:  # as the public minutes: nothing raised under a confidential item
        actions = actions.exclude(raised_at_item__confidential=True)
    return render_to_string(
        "actions/pdf/partials/action_log.html",
        {
            "actions": list(actions),
            "title": f"{meeting.board.short_name} action log",
        },
    )


def work_actions(you) -> WorkRows:
    """ "Your work": the open actions the person owns on any board."""
    rows, counts = open_actions_owned(you.person_ids, today=you.today)
    return WorkRows(rows=rows, count=counts["count"], late=counts["late"])


WORK_SECTION = WorkSection(
    key="actions",
    title="Your actions from the action log",
    template="actions/partials/work_actions.html",
    empty="You own no open actions on any action log.",
    rows=work_actions,
    order=40,
)

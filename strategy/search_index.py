"""What strategy puts in the search index: plan priorities, plan actions, highlight reports.

Plans are read by everyone of the partnership, so their priorities and actions are too; a
highlight report is read as its meeting is, by those who read the board. A draft report is
the SRO's own until it is submitted, so only submitted reports are found.
"""

from collections.abc import Iterator

from django.urls import reverse

from boards.search import Entry, Kind, Readers, index_documents, remove_documents

from .models import HighlightReport, Plan, PlanAction, Priority


def _initials(person) -> str:
    return f"{person.name} {person.initials}" if person else ""


def _priority_entry(priority: Priority) -> Entry:
    plan = priority.plan
    return Entry(
        kind=Kind.PRIORITY,
        key=priority.pk,
        partnership_id=plan.partnership_id,
        board_id=plan.owner_board_id,
        readers=Readers.PARTNERSHIP,
        date=plan.period_start,
        owner_id=priority.sro_id,
        title=f"Priority {priority.number}: {priority.title}",
        body="\n".join(
            filter(None, [plan.title, priority.text, priority.outcome, _initials(priority.sro)])
        ),
        url=reverse("strategy:priority", args=[priority.pk]),
    )


def _action_entry(action: PlanAction) -> Entry:
    priority = action.priority
    plan = priority.plan
    return Entry(
        kind=Kind.PLAN_ACTION,
        key=action.pk,
        partnership_id=plan.partnership_id,
        board_id=plan.owner_board_id,
        readers=Readers.PARTNERSHIP,
        date=action.due_date,
        owner_id=action.lead_id,
        title=f"Plan action {action.reference}",
        body="\n".join(
            filter(None, [action.text, f"{plan.title}: {priority.title}", _initials(action.lead)])
        ),
        url=reverse("strategy:action", args=[action.pk]),
    )


def _report_entry(report: HighlightReport) -> Entry:
    priority = report.priority
    meeting = report.meeting
    parts = [
        report.summary,
        report.achievements,
        report.risks_and_issues,
        report.risk_references,
        report.decisions_required,
    ]
    return Entry(
        kind=Kind.HIGHLIGHT_REPORT,
        key=report.pk,
        partnership_id=meeting.board.partnership_id,
        board_id=meeting.board_id,
        meeting_id=meeting.pk,
        date=meeting.date,
        owner_id=priority.sro_id,
        confidential=report.agenda_item is not None and report.agenda_item.confidential,
        title=f"Highlight report: {priority.title}",
        body="\n".join(filter(None, parts)),
        url=reverse("strategy:highlight_report", args=[report.pk]),
    )


_PRIORITIES = Priority.objects.select_related("plan", "sro")
_ACTIONS = PlanAction.objects.select_related("priority__plan", "lead")
_REPORTS = HighlightReport.objects.select_related(
    "priority", "meeting__board", "agenda_item"
).filter(status=HighlightReport.Status.SUBMITTED)


def priority_indexed(priority: Priority) -> None:
    index_documents([_priority_entry(_PRIORITIES.get(pk=priority.pk))])


def plan_action_indexed(action: PlanAction) -> None:
    index_documents([_action_entry(_ACTIONS.get(pk=action.pk))])


def plan_indexed(plan: Plan) -> None:
    """The plan's priorities and actions, which name it."""
    index_documents(_priority_entry(p) for p in _PRIORITIES.filter(plan=plan))
    index_documents(_action_entry(a) for a in _ACTIONS.filter(priority__plan=plan))


def highlight_report_indexed(report: HighlightReport) -> None:
    submitted = _REPORTS.filter(pk=report.pk).first()
    if submitted is None:
        remove_documents(kind=Kind.HIGHLIGHT_REPORT, keys=[report.pk])
    else:
        index_documents([_report_entry(submitted)])


def entries() -> Iterator[Entry]:
    for priority in _PRIORITIES.order_by("pk").iterator(500):
        yield _priority_entry(priority)
    for action in _ACTIONS.order_by("pk").iterator(500):
        yield _action_entry(action)
    for report in _REPORTS.order_by("pk").iterator(500):
        yield _report_entry(report)

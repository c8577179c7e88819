"""Reads that the plan pages share, with their joins, and the filter for the actions."""

import datetime
from dataclasses import dataclass

import django_filters
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from boards.forms_base import Form
from boards.models import Board, Meeting

from .models import (
    HighlightReport,
    Plan,
    PlanAction,
    Priority,
    ProgressUpdate,
    Rag,
    RagChange,
    Slippage,
)
from .models.reports import default_deadline


class PlanActionFilter(django_filters.FilterSet):
    slipped = django_filters.BooleanFilter(
        label="Only actions whose date has slipped",
        method="filter_slipped",
        widget=django_filters.widgets.forms.CheckboxInput,
    )
    rag = django_filters.ChoiceFilter(label="RAG status", choices=Rag.choices, empty_label="Any")
    milestone = django_filters.ChoiceFilter(choices=PlanAction.Milestone.choices, empty_label="Any")

    class Meta:
        model = PlanAction
        fields = ["slipped", "rag", "milestone"]
        form = Form

    def filter_slipped(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(original_due_date__isnull=False).exclude(
            due_date=F("original_due_date")
        )


def plans_of(partnership) -> QuerySet[Plan]:
    return Plan.objects.filter(partnership=partnership).select_related("owner_board")


def _latest_first(queryset):
    """Newest date first; updates of the same day in the order they were written."""
    return queryset.select_related("author").order_by("-written_on", "created_at", "id")


def plan_priorities(plan: Plan, actions: QuerySet[PlanAction]) -> list[Priority]:
    """Priorities with their SRO, group, updates and (filtered) actions, in a fixed few queries."""
    actions = actions.select_related("lead").prefetch_related(
        Prefetch("slippages", queryset=Slippage.objects.order_by("-changed_at", "-id"))
    )
    return list(
        plan.priorities.select_related("sro", "working_group").prefetch_related(
            Prefetch("actions", queryset=actions, to_attr="shown_actions"),
            "actions",  # all of them, filtered or not, for the RAG check
            Prefetch("updates", queryset=_latest_first(ProgressUpdate.objects)),
        )
    )


@dataclass
class RagCheck:
    """A priority or an action whose RAG its dates contradict (see `needs_rag_check`)."""

    plan: Plan
    name: str
    url: str
    flag: str


def rag_checks(plans: QuerySet[Plan]) -> list[RagCheck]:
    """The priorities and actions of these plans marked On track although overdue, plan by
    plan, each priority followed by its actions."""
    priorities = (
        Priority.objects.filter(plan__in=plans)
        .select_related("plan")
        .prefetch_related("actions")
        .order_by("plan__title", "plan_id", "number")
    )
    checks = []
    for priority in priorities:
        if priority.needs_rag_check:
            name = f"Priority {priority.number}. {priority.title}"
            url = reverse("strategy:priority", args=[priority.pk])
            checks.append(RagCheck(priority.plan, name, url, priority.rag_check))
        for action in priority.actions.all():
            if action.needs_rag_check:
                url = reverse("strategy:action", args=[action.pk])
                checks.append(
                    RagCheck(priority.plan, f"Action {action.reference}", url, action.rag_check)
                )
    return checks


def plan_actions(plan: Plan) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(priority__plan=plan).order_by("priority__number", "number")


def rag_history(*, priority=None, action=None) -> QuerySet[RagChange]:
    from boards.history import person_name

    filters = Q(priority=priority) if priority is not None else Q(action=action)
    return RagChange.objects.filter(filters).annotate(author_name=person_name("author"))


def updates_of(*, priority=None, action=None) -> QuerySet[ProgressUpdate]:
    filters = Q(priority=priority) if priority is not None else Q(action=action)
    return _latest_first(ProgressUpdate.objects.filter(filters))


def priority_actions(priority: Priority) -> QuerySet[PlanAction]:
    return priority.actions.select_related("lead").prefetch_related(
        Prefetch("slippages", queryset=Slippage.objects.order_by("-changed_at", "-id"))
    )


def plan_timetable(plan: Plan):
    return plan.sign_off_steps.select_related("board")


def plan_checklist(plan: Plan):
    return plan.checklist.select_related("item", "done_by")


def upcoming_meetings_for(priority: Priority, limit: int = 3):
    """The next meetings that may want this priority's highlight report."""
    from boards.models import Meeting

    return (
        Meeting.objects.filter(
            board_id__in=priority.report_board_ids,
            date__gte=timezone.localdate(),
            status=Meeting.Status.SCHEDULED,
        )
        .select_related("board")
        .order_by("date")[:limit]
    )


def plan_changes(plan: Plan, limit: int | None = 20):
    """Who changed the plan, its priorities, actions and sign-off pathway, and when."""
    from boards.history import Source, change_log, history_of

    from .models import SignOffStep, StrategyVersion

    def _action(row, related):
        priority = related.get((Priority, row.priority_id))
        return f"Action {priority.number}.{row.number}" if priority else f"Action {row.number}"

    return change_log(
        [
            Source(history_of(Plan).filter(id=plan.pk), lambda row, _r: row.title),
            Source(
                history_of(Priority).filter(plan_id=plan.pk),
                lambda row, _r: f"Priority {row.number}. {row.title}",
            ),
            Source(
                history_of(PlanAction).filter(priority__plan=plan.pk),
                _action,
                text=lambda row: row.text,
            ),
            Source(
                history_of(SignOffStep).filter(plan_id=plan.pk),
                lambda row, _r: f"Sign-off step: {row.activity}",
            ),
            Source(
                history_of(StrategyVersion).filter(plan_id=plan.pk),
                lambda row, _r: f"Version {row.number}",
                text=lambda row: row.change_summary,
                hidden=frozenset({"uploaded_at"}),
            ),
        ],
        limit=limit,
    )


# "Your work" ------------------------------------------------------------------------------------


def plan_actions_owned(people: list[int], *, today: datetime.date) -> tuple[QuerySet, dict]:
    """The plan actions not yet complete that these people lead, or that sit under a priority
    they are SRO of, soonest due first (those with no due date last); and how many there are
    and how many overdue."""
    actions = PlanAction.objects.filter(
        Q(lead_id__in=people) | Q(priority__sro_id__in=people)
    ).exclude(rag=Rag.COMPLETE)
    counts = actions.aggregate(count=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    rows = actions.select_related("priority__plan").order_by(
        F("due_date").asc(nulls_last=True), "priority__plan__title", "priority__number", "number"
    )
    return rows, counts


@dataclass
class ReportDue:
    """A highlight report an SRO owes a meeting: not yet written, or written but not submitted."""

    priority: Priority
    meeting: Meeting
    report_id: int | None
    deadline: datetime.date
    late: bool

    @property
    def state(self) -> str:
        return "Draft" if self.report_id else "Not started"


def highlight_reports_due(people: list[int], *, today: datetime.date) -> list[ReportDue]:
    """For each priority these people are SRO of, the report owed to the next meeting of each
    board it reports to (the plan's owner board and the working group), unless it is submitted;
    the earliest deadline first. Three queries, however many priorities and boards."""
    priorities = list(Priority.objects.filter(sro_id__in=people).select_related("plan"))
    if not priorities:
        return []
    board_ids = {board_id for priority in priorities for board_id in priority.report_board_ids}
    following = (
        Meeting.objects.filter(
            board_id=OuterRef("pk"), date__gte=today, status=Meeting.Status.SCHEDULED
        )
        .order_by("date", "starts_at")
        .values("pk")[:1]
    )
    next_ids = Board.objects.filter(pk__in=board_ids).annotate(next=Subquery(following))
    meetings = {
        meeting.board_id: meeting
        for meeting in Meeting.objects.filter(pk__in=next_ids.values("next")).select_related(
            "board"
        )
    }
    reports = {
        (report["priority_id"], report["meeting_id"]): report
        for report in HighlightReport.objects.filter(
            priority__in=priorities, meeting__in=list(meetings.values())
        ).values("pk", "priority_id", "meeting_id", "status", "deadline")
    }
    due = []
    for priority in priorities:
        for board_id in priority.report_board_ids:
            meeting = meetings.get(board_id)
            if meeting is None:
                continue
            report = reports.get((priority.pk, meeting.pk))
            if report and report["status"] == HighlightReport.Status.SUBMITTED:
                continue
            deadline = report["deadline"] if report else default_deadline(meeting)
            due.append(
                ReportDue(
                    priority=priority,
                    meeting=meeting,
                    report_id=report["pk"] if report else None,
                    deadline=deadline,
                    late=deadline < today,
                )
            )
    due.sort(key=lambda row: (row.deadline, row.meeting.board.short_name, row.priority.number))
    return due

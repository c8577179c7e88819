"""Reads of the action log that pages, exports and the meeting share."""

import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.apps import apps
from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from boards import access
from boards.forms_base import Form
from boards.history import Change, Source, change_log, change_made, history_of, person_name
from boards.models import Board, Meeting, Partnership, Person
from core.forms import DateField

from .models import DUE_SOON_DAYS, OWNER_SEPARATOR, Action, ActionUpdate, DueDateChange

OPEN_STATUSES = [Action.Status.OPEN, Action.Status.PROPOSED_CLOSURE]
CLOSED_STATUSES = [Action.Status.CLOSED, Action.Status.SUPERSEDED]


def with_log_columns(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """What a row of the log shows, in a fixed number of queries whatever the number of rows."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-id")
    revisions = (
        DueDateChange.objects.filter(action=OuterRef("pk"))
        .order_by()
        .values("action")
        .annotate(n=Count("id"))
        .values("n")
    )
    owners = (
        Action.owners.through.objects.filter(action=OuterRef("pk"))
        .order_by()
        .values("action")
        .annotate(initials=StringAgg("person__initials", delimiter=Value(OWNER_SEPARATOR)))
        .values("initials")
    )
    return queryset.annotate(
        owner_initials=Subquery(owners),
        latest_update=Subquery(latest.values("text")[:1]),
        revisions=Coalesce(Subquery(revisions, output_field=IntegerField()), Value(0)),
    )


def log_rows(*related: str) -> QuerySet[Action]:
    """Every action with the log's columns, joined to the `related` rows the page shows (its
    board, the meeting that raised it); filter it to the rows to show."""
    rows = Action.objects.select_related(*related) if related else Action.objects.all()
    return with_log_columns(rows)


def log_page_columns(*, with_board: bool) -> QuerySet[Action]:
    """The action log page's rows: the log's columns and the date of the meeting that raised
    each action (`raised_on`); the board joined only where the page shows several."""
    rows = log_rows().annotate(raised_on=F("raised_at__date"))
    return rows.select_related("board") if with_board else rows


# Sort keys offered by the log's column headings: key -> fields to order by.
# References sort naturally everywhere (9 before 10, 5.f before 12.a): by Action.sort_key.
SORTS = {
    "ref": ["board__short_name", "sort_key", "number"],
    "board": ["board__short_name", "sort_key", "number"],
    "action": ["description", "sort_key", "number"],
    "owner": ["first_owner", "sort_key", "number"],
    "due": ["due_date", "sort_key", "number"],
    "status": ["status", "sort_key", "number"],
    "raised": ["raised_at__date", "sort_key", "number"],
}


def log_sort(sort: str) -> str:
    """A column heading's key, "-" first for descending; "ref" for anything else."""
    return sort if sort.lstrip("-") in SORTS else "ref"


def sorted_log(
    queryset: QuerySet[Action], sort: str, *, one_board: bool = False
) -> QuerySet[Action]:
    """Order by a column heading's key, "-" first for descending; empty dates always last.
    The log of one board needs no join to sort by board."""
    sort = log_sort(sort)
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "owner":
        queryset = queryset.annotate(first_owner=Min("owners__initials"))
    names = [n for n in SORTS[key] if not (one_board and n == "board__short_name")]
    return queryset.order_by(
        *(F(n).desc(nulls_last=True) if descending else F(n).asc(nulls_last=True) for n in names)
    )


class DateFilter(django_filters.DateFilter):
    """A date filter typed in day, month and year boxes."""

    field_class = DateField


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Text")
    board = django_filters.ModelChoiceFilter(queryset=Board.objects.none(), empty_label="Any")
    owner = django_filters.ModelChoiceFilter(
        field_name="owners", queryset=Person.objects.none(), empty_label="Anyone", label="Owner"
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=[("live", "Open or proposed for closure"), *Action.Status.choices],
        empty_label="Any",
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput
    )
    due_after = DateFilter(field_name="due_date", lookup_expr="gte", label="Due from")
    due_before = DateFilter(field_name="due_date", lookup_expr="lte", label="Due to")
    raised_at = django_filters.ModelChoiceFilter(
        queryset=Meeting.objects.none(), label="Raised at meeting", empty_label="Any"
    )

    class Meta:
        model = Action
        fields: list[str] = []
        form = Form

    def __init__(self, data=None, queryset=None, *, boards, partnership, **kwargs):
        super().__init__(data, queryset, **kwargs)
        board_ids = [board.pk for board in boards]
        self.filters["board"].queryset = Board.objects.filter(pk__in=board_ids)
        self.filters["owner"].queryset = Person.objects.filter(partnership=partnership).only(
            "id", "name", "initials"
        )
        self.filters["raised_at"].queryset = Meeting.objects.filter(
            board_id__in=board_ids
        ).select_related("board")
        if len(board_ids) == 1:
            del self.filters["board"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(description__icontains=value)
            | Q(reference__iexact=value)
            | Q(owner_note__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        if value == "live":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())


@dataclass
class StatusCount:
    label: str
    count: int
    overdue: bool = False


def _status_rows(queryset: QuerySet[Action], today) -> QuerySet:
    return (
        queryset.order_by()
        .values_list("status")
        .annotate(n=Count("id"), late=Count("id", filter=Q(due_date__lt=today)))
    )


def status_counts(queryset: QuerySet[Action]) -> list[StatusCount]:
    """How many actions of each status (and overdue) there are, in one grouped query."""
    totals, overdue = {}, 0
    for status, n, late in _status_rows(queryset, timezone.localdate()):
        totals[status] = n
        if status in OPEN_STATUSES:
            overdue += late
    counts = [StatusCount(label, totals.get(status, 0)) for status, label in Action.Status.choices]
    counts.append(StatusCount("Overdue", overdue, overdue=True))
    return counts


def log_filter(data, *, boards: list[Board], partnership: Partnership) -> ActionFilter:
    queryset = Action.objects.filter(board__in=boards)
    return ActionFilter(data or None, queryset, boards=boards, partnership=partnership)


def counts_for(filterset: ActionFilter) -> list[StatusCount]:
    """Counts per status of what the other filters select, so every status stays in view."""
    queryset = filterset.queryset
    if filterset.is_valid():
        for name, value in filterset.form.cleaned_data.items():
            if name not in {"status", "overdue"}:
                queryset = filterset.filters[name].filter(queryset, value)
    return status_counts(queryset)


def open_counts_by_board(board_ids: list[int]) -> dict[int, dict]:
    today = timezone.localdate()
    rows = (
        Action.objects.filter(board_id__in=board_ids, status__in=OPEN_STATUSES)
        .order_by()
        .values("board_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due_date__lt=today)),
            proposed=Count("id", filter=Q(status=Action.Status.PROPOSED_CLOSURE)),
        )
    )
    return {row["board_id"]: row for row in rows}


@dataclass
class MyActions:
    """What "My actions" lists: the open ones in the order shown, the recently closed ones, and
    the counts above them."""

    open: QuerySet[Action]  # overdue and soonest due first: bare rows, see log_rows()
    closed: QuerySet[Action]  # closed in the last RECENTLY_CLOSED_DAYS days, latest first
    total: int
    overdue: int
    due_soon: int


RECENTLY_CLOSED_DAYS = 60


def my_actions(user) -> MyActions:
    """The user's open and recently closed actions on every board."""
    owned = Action.owners.through.objects.filter(person_id__in=access.person_ids(user)).values(
        "action_id"
    )
    today = timezone.localdate()
    live = Action.objects.filter(pk__in=owned, status__in=OPEN_STATUSES)
    counts = live.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=due_soon_cutoff())),
    )
    since = today - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
    closed = Action.objects.filter(pk__in=owned, status__in=CLOSED_STATUSES, closed_on__gte=since)
    return MyActions(
        open=live.order_by(
            F("due_date").asc(nulls_last=True), "board__short_name", "sort_key", "pk"
        ),
        closed=closed.select_related("board").order_by("-closed_on", "sort_key", "pk"),
        **counts,
    )


def due_soon_cutoff() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS)


def meeting_action_rows(meeting: Meeting) -> QuerySet[Action]:
    """The board's open actions, and those closed since the last meeting or at this one."""
    previous = meeting.previous_meeting
    closed_since = Q(closed_at=meeting)
    if previous is not None:
        closed_since |= Q(closed_on__gt=previous.date, closed_on__lte=meeting.date)
    else:
        closed_since |= Q(closed_on__lte=meeting.date, closed_on__gte=meeting.date)
    return (
        Action.objects.filter(board_id=meeting.board_id)
        .filter(Q(status__in=OPEN_STATUSES) | (Q(status__in=CLOSED_STATUSES) & closed_since))
        .order_by("sort_key", "number")
    )


def _with_update_here(meeting: Meeting, queryset: QuerySet[Action]) -> QuerySet[Action]:
    given_here = ActionUpdate.objects.filter(action=OuterRef("pk"), meeting=meeting).order_by(
        "-created_at", "-id"
    )
    return queryset.annotate(update_here=Subquery(given_here.values("text")[:1]))


def meeting_log_rows(meeting: Meeting) -> QuerySet[Action]:
    """Every action with the columns of this meeting's action log; filter it to the rows."""
    return _with_update_here(meeting, log_rows())


def meeting_actions(meeting: Meeting) -> QuerySet[Action]:
    """The meeting's action log with its columns, and what was said about each action at it."""
    return _with_update_here(meeting, with_log_columns(meeting_action_rows(meeting)))


def action_detail(pk: int) -> Action:
    return (
        Action.objects.select_related(
            "board__partnership", "raised_at", "raised_at_item", "closed_at", "successor"
        )
        .prefetch_related("owners")
        .get(pk=pk)
    )


def trail(action: Action) -> list[ActionUpdate]:
    return list(action.updates.select_related("author", "meeting__board"))


def due_date_changes(action: Action) -> list[DueDateChange]:
    return list(action.due_date_changes.select_related("changed_by", "meeting"))


def predecessor_of(action: Action) -> Action | None:
    return Action.objects.filter(successor=action).select_related("board").first()


def _owner_changes(action: Action) -> list[Change]:
    """Owner changes from simple-history's snapshots of the owners of each historical row."""
    through = apps.get_model("actions", "HistoricalAction_owners")
    records = list(
        history_of(Action)
        .filter(id=action.pk)
        .annotate(who=person_name("history_user"))
        .order_by("history_date", "history_id")
    )
    snapshots: dict[int, set[int]] = {record.history_id: set() for record in records}
    for history_id, person_id in through.objects.filter(history_id__in=list(snapshots)).values_list(
        "history_id", "person_id"
    ):
        snapshots[history_id].add(person_id)
    people = Person.objects.in_bulk({p for ids in snapshots.values() for p in ids})

    def shown(ids):
        return "/".join(sorted(people[p].initials for p in ids if p in people))

    changes = []
    for before, after in zip(records, records[1:], strict=False):
        old, new = snapshots[before.history_id], snapshots[after.history_id]
        if old == new or (before.history_type == "+" and not old):
            continue  # the owners named as the action was added are part of adding it
        if not old:
            sentence = f"Owners set to {shown(new)}"
        elif not new:
            sentence = f"Owners removed (they were {shown(old)})"
        else:
            sentence = f"Owners changed from {shown(old)} to {shown(new)}"
        changes.append(
            change_made(
                when=after.history_date,
                who=after.who,
                subject=f"Action {action.reference}",
                details=[(sentence, "")],
            )
        )
    return changes


def action_changes(action: Action, limit: int | None = 100) -> list[Change]:
    # When it was captured from, when it was last saved and its sort key are the app's own
    # bookkeeping.
    bookkeeping = frozenset({"created_at", "source_line", "sort_key"})
    entries = change_log(
        [
            Source(
                history_of(Action).filter(id=action.pk),
                lambda row, _r: f"Action {row.reference}",
                hidden=bookkeeping,
            ),
            Source(
                history_of(ActionUpdate).filter(action_id=action.pk),
                lambda row, _r: (
                    "Update"
                    if row.outcome == ActionUpdate.Outcome.NOTE
                    else (f"Update: {ActionUpdate.Outcome(row.outcome).label}")
                ),
                text=lambda row: row.text,
                hidden=frozenset({"created_at"}),
            ),
        ],
        limit=None,
    )
    entries += _owner_changes(action)
    entries.sort(key=lambda change: change.when, reverse=True)
    return entries[:limit] if limit else entries


def open_actions_owned(people: list[int], *, today: datetime.date) -> tuple[QuerySet[Action], dict]:
    """The open actions these people own on any board, soonest due first (those with no due
    date last), with the log's columns; and how many there are and how many overdue."""
    owned = Action.owners.through.objects.filter(person_id__in=people).values("action_id")
    actions = Action.objects.filter(pk__in=owned, status__in=OPEN_STATUSES)
    counts = actions.aggregate(count=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    rows = log_rows("board").filter(pk__in=owned, status__in=OPEN_STATUSES)
    ordered = rows.order_by(F("due_date").asc(nulls_last=True), "board__short_name", "number", "pk")
    return ordered, counts

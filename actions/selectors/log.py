"""The action log: its columns, rows and sorting, its filters, and the counts shown above it
and on a board's page."""

from dataclasses import dataclass

import django_filters
from django import forms
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

from boards.forms_base import Form
from boards.models import Board, Meeting, Partnership, Person
from core.forms import DateField

from ..models import OWNER_SEPARATOR, Action, ActionUpdate, DueDateChange

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

"""Every change to a risk goes through here, inside a transaction, and leaves a record."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actions.models import Action
from boards.meeting_dates import recorded_after
from boards.models import Board, Meeting, Person
from boards.services.meetings import MinutesFrozen, lock_minutes_open
from core.concurrency import lock_current

from .models import Risk, RiskEvent, RiskMatrix, RiskReview

EDITABLE_FIELDS = (
    "priority_area",
    "title",
    "description",
    "cause",
    "effect",
    "owner",
    "category",
    "raised_on",
    "controls",
    "review_date",
    "inherent_likelihood",
    "inherent_impact",
    "current_likelihood",
    "current_impact",
    "target_likelihood",
    "target_impact",
)
SCORE_FIELDS = EDITABLE_FIELDS[-6:]

CLOSED_MESSAGE = (
    "This risk is closed, so it cannot be changed. Raise a new risk if it has returned."
)


def _refuse_if_closed(risk: Risk) -> None:
    if risk.is_closed:
        raise ValidationError(CLOSED_MESSAGE, code="closed")


def _refuse_if_minutes_frozen(meeting: Meeting) -> None:
    # Approved minutes are a record, and a review recorded at the meeting is part of them.
    try:
        lock_minutes_open(meeting)
    except MinutesFrozen:
        raise ValidationError(
            {
                "meeting": f"The minutes of {meeting} are approved, so no review can be recorded "
                "at it. Record the review at the next meeting."
            },
            code="minutes_frozen",
        ) from None


def _next_number(board: Board) -> int:
    # Lock the board row so two risks raised at once never get the same reference.
    Board.objects.select_for_update().filter(pk=board.pk).first()
    highest = Risk.objects.filter(board=board).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _check_actions(board: Board, actions: Iterable[Action]) -> list[Action]:
    actions = list(actions)
    if any(action.board.partnership_id != board.partnership_id for action in actions):
        raise ValidationError({"mitigating_actions": "Link actions of this partnership only."})
    return actions


@transaction.atomic
def risk_create(
    *,
    board: Board,
    by,
    fields: dict,
    mitigating_actions: Iterable[Action] | None = (),
    event: str = RiskEvent.Kind.RAISED,
) -> Risk:
    number = _next_number(board)
    risk = Risk(board=board, number=number, reference=f"R{number}")
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(risk, name, fields[name])
    risk.full_clean(exclude=["number", "reference"])
    risk.save()
    risk.mitigating_actions.set(_check_actions(board, mitigating_actions or ()))
    RiskEvent.objects.create(risk=risk, kind=event, by=by)
    return risk


@transaction.atomic
def risk_update(
    *,
    risk: Risk,
    by,
    expected_version: int | None,
    fields: dict,
    mitigating_actions: Iterable[Action] | None = None,
) -> Risk:
    """Change a risk's details and scores; refused once closed, and if someone saved meanwhile."""
    current = lock_current(risk, expected_version)
    _refuse_if_closed(current)
    changed = [
        name
        for name in EDITABLE_FIELDS
        if name in fields and getattr(current, name) != fields[name]
    ]
    for name in changed:
        setattr(current, name, fields[name])
    current.full_clean()
    if mitigating_actions is not None:
        actions = _check_actions(current.board, mitigating_actions)
        if {a.pk for a in actions} != set(current.mitigating_actions.values_list("pk", flat=True)):
            current.mitigating_actions.set(actions)
            changed.append("mitigating_actions")
    current.version += 1
    current.save()
    if changed:
        names = [str(Risk._meta.get_field(name).verbose_name) for name in changed]
        RiskEvent.objects.create(
            risk=current, kind=RiskEvent.Kind.CHANGED, text=", ".join(names).capitalize(), by=by
        )
    risk.version = current.version
    return current


@transaction.atomic
def risk_review(
    *,
    risk: Risk,
    by,
    scores: dict[str, int],
    reviewed_on: datetime.date | None = None,
    reviewer: Person | None = None,
    commentary: str = "",
    meeting: Meeting | None = None,
    next_review: datetime.date | None = None,
    expected_version: int | None = None,
) -> RiskReview:
    """Record a review: the three scores as they stand now become the risk's scores.

    Refused at a meeting whose minutes are approved: record it at the next meeting instead.
    """
    missing = [name for name in SCORE_FIELDS if scores.get(name) is None]
    if missing:
        raise ValidationError(
            {name: "Enter a score from 1 to 5." for name in missing}, code="required"
        )
    if meeting is not None:
        _refuse_if_minutes_frozen(meeting)
    current = lock_current(risk, expected_version)
    _refuse_if_closed(current)
    latest = current.reviews.order_by("-reviewed_on", "-created_at", "-id").first()
    review = RiskReview(
        risk=current,
        reviewed_on=reviewed_on or timezone.localdate(),
        reviewer=reviewer,
        meeting=meeting,
        commentary=commentary,
        recorded_by=by,
        previous_score=latest.current_score if latest else current.current_score,
        **{name: scores[name] for name in SCORE_FIELDS},
    )
    review.full_clean(exclude=["risk", "previous_score"])
    review._change_reason = recorded_after(meeting) or None
    review.save()
    for name in SCORE_FIELDS:
        setattr(current, name, scores[name])
    if next_review is not None:
        current.review_date = next_review
    current.version += 1
    current._change_reason = recorded_after(meeting) or None
    current.save()
    RiskEvent.objects.create(
        risk=current,
        kind=RiskEvent.Kind.REVIEWED,
        text=commentary,
        by=by,
        board=meeting.board if meeting else None,
    )
    risk.version = current.version
    return review


@transaction.atomic
def risk_escalate(
    *, risk: Risk, by, reason: str, on: datetime.date | None = None, expected_version=None
) -> Risk:
    """Put the risk on the parent board's register, with the reason and the date."""
    current = lock_current(risk, expected_version)
    _refuse_if_closed(current)
    parent = current.board.parent
    if parent is None:
        raise ValidationError(f"{current.board.short_name} reports to no board to escalate to.")
    if current.status == Risk.Status.ESCALATED:
        raise ValidationError(f"This risk is already escalated to {current.escalated_to}.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the risk is being escalated."})
    current.status = Risk.Status.ESCALATED
    current.escalated_to = parent
    current.escalation_reason = reason.strip()
    current.escalated_on = on or timezone.localdate()
    current.version += 1
    current.save()
    RiskEvent.objects.create(
        risk=current, kind=RiskEvent.Kind.ESCALATED, text=reason.strip(), board=parent, by=by
    )
    return current


@transaction.atomic
def risk_deescalate(*, risk: Risk, by, reason: str, expected_version=None) -> Risk:
    """Return an escalated risk to the board that owns it; the escalation stays in its log."""
    current = lock_current(risk, expected_version)
    if current.status != Risk.Status.ESCALATED:
        raise ValidationError("This risk is not escalated.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the risk is being returned."})
    returned_from = current.escalated_to
    current.status = Risk.Status.OPEN
    current.escalated_to = None
    current.escalation_reason = ""
    current.escalated_on = None
    current.version += 1
    current.save()
    RiskEvent.objects.create(
        risk=current,
        kind=RiskEvent.Kind.DEESCALATED,
        text=reason.strip(),
        board=returned_from,
        by=by,
    )
    return current


@transaction.atomic
def risk_close(
    *, risk: Risk, by, reason: str, on: datetime.date | None = None, expected_version=None
) -> Risk:
    current = lock_current(risk, expected_version)
    _refuse_if_closed(current)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the risk can be closed."})
    current.status = Risk.Status.CLOSED
    current.closed_on = on or timezone.localdate()
    current.escalated_to = None
    current.version += 1
    current.save()
    RiskEvent.objects.create(risk=current, kind=RiskEvent.Kind.CLOSED, text=reason.strip(), by=by)
    return current


@transaction.atomic
def risks_import(*, board: Board, by, rows: list[dict]) -> list[Risk]:
    """Add checked rows to the register, all or none."""
    return [
        risk_create(board=board, by=by, fields=values, event=RiskEvent.Kind.IMPORTED)
        for values in rows
    ]


@transaction.atomic
def risk_matrix_update(*, matrix: RiskMatrix, by, formset, expected_version: int | None):
    """Save a partnership's bands (labels, score ranges, colours) unless changed meanwhile."""
    current = lock_current(matrix, expected_version)
    formset.save()
    current.version += 1
    current.save()
    return current

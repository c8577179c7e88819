"""Every write to a plan that matters: RAG with its reason, slippage, progress, sign-off."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.concurrency import lock_current

from .. import access
from ..models import (
    ChecklistItem,
    Plan,
    PlanAction,
    PlanChecklistItem,
    Priority,
    ProgressUpdate,
    Rag,
    RagChange,
    Slippage,
    StrategyVersion,
)


class SignOffRefused(Exception):
    """Sign-off asked for while governance checklist items are still open."""

    def __init__(self, open_items: list[PlanChecklistItem]):
        self.open_items = open_items
        names = ", ".join(str(item) for item in open_items)
        super().__init__(f"The plan cannot be signed off while these are open: {names}.")


@transaction.atomic
def plan_create(*, plan: Plan) -> Plan:
    """Save a new plan and give it the partnership's governance checklist."""
    plan.save()
    plan_checklist_sync(plan=plan)
    return plan


@transaction.atomic
def plan_checklist_sync(*, plan: Plan) -> int:
    """Add the partnership's active checklist items that the plan does not have yet."""
    have = set(plan.checklist.values_list("item_id", flat=True))
    missing = ChecklistItem.objects.filter(partnership=plan.partnership_id, active=True).exclude(
        pk__in=have
    )
    created = bulk_create_with_history(
        [PlanChecklistItem(plan=plan, item=item) for item in missing], PlanChecklistItem
    )
    return len(created)


@transaction.atomic
def checklist_item_mark(
    *, entry: PlanChecklistItem, done: bool, evidence: str, user, expected_version: int | None
) -> PlanChecklistItem:
    current = lock_current(entry, expected_version)
    if current.plan.is_signed_off:
        raise ValidationError("The plan is signed off: its checklist is closed.")
    current.done_on = timezone.localdate() if done else None
    current.done_by = user if done else None
    current.evidence = evidence
    current.version += 1
    current.save()
    return current


@transaction.atomic
def plan_sign_off(*, plan: Plan, user, on: datetime.date | None = None) -> Plan:
    """The owner board's chair (or vice-chair) signs the plan off, once its checklist is done.
    Anyone else, the secretary who keeps the plan included, is refused with PermissionDenied."""
    current = lock_current(plan, None)
    if not access.can_sign_off(user, current):
        raise PermissionDenied(access.sign_off_refusal(current))
    if current.is_signed_off:
        raise ValidationError("The plan is already signed off.")
    open_items = [entry for entry in current.checklist.select_related("item") if not entry.is_done]
    if open_items:
        raise SignOffRefused(open_items)
    current.signed_off_on = on or timezone.localdate()
    current.signed_off_by = user
    current.version += 1
    current.save()
    return current


@transaction.atomic
def rag_set(
    *, target: Priority | PlanAction, rag: str, reason: str, user, expected_version: int | None
) -> RagChange:
    """Change the RAG status of a priority or an action, recording who, when and why."""
    if rag not in Rag.values:
        raise ValidationError("Choose a RAG status.")
    if not reason.strip():
        raise ValidationError("Say why the RAG status changes.")
    current = lock_current(target, expected_version)
    if current.rag == rag:
        raise ValidationError(f"The RAG status is already {Rag(rag).label}.")
    key = "priority" if isinstance(current, Priority) else "action"
    change = RagChange.objects.create(
        **{key: current}, old_rag=current.rag, new_rag=rag, reason=reason.strip(), author=user
    )
    current.rag = rag
    current.version += 1
    current._change_reason = change.reason  # the plan's history tells why, beside the change
    current.save(update_fields=["rag", "version"])
    target.rag, target.version = current.rag, current.version
    return change


@transaction.atomic
def plan_action_create(*, action: PlanAction) -> PlanAction:
    """Save a new action, numbering it after the priority's others and keeping its first date."""
    if not action.number:
        last = action.priority.actions.order_by("-number").values_list("number", flat=True)
        action.number = (last.first() or 0) + 1
    action.original_due_date = action.due_date
    action.save()
    return action


@transaction.atomic
def plan_action_reschedule(
    *,
    action: PlanAction,
    new_date: datetime.date,
    reason: str,
    user,
    expected_version: int | None,
) -> Slippage:
    """Move an action's due date: the reason is required and the original date is kept."""
    if not reason.strip():
        raise ValidationError("Say why the date moves.")
    current = lock_current(action, expected_version)
    if current.due_date == new_date:
        raise ValidationError("The new date is the same as the current one.")
    slippage = Slippage.objects.create(
        action=current,
        old_date=current.due_date,
        new_date=new_date,
        reason=reason.strip(),
        changed_by=user,
    )
    if current.original_due_date is None:
        current.original_due_date = current.due_date or new_date
    current.due_date = new_date
    current.version += 1
    current._change_reason = slippage.reason
    current.save(update_fields=["due_date", "original_due_date", "version"])
    return slippage


@transaction.atomic
def progress_update_add(
    *,
    target: Priority | PlanAction,
    text: str,
    user,
    written_on: datetime.date | None = None,
) -> ProgressUpdate:
    if not text.strip():
        raise ValidationError("Write the update.")
    key = "priority" if isinstance(target, Priority) else "action"
    return ProgressUpdate.objects.create(
        **{key: target},
        text=text.strip(),
        author=user,
        written_on=written_on or timezone.localdate(),
    )


@transaction.atomic
def strategy_version_add(*, version: StrategyVersion, user) -> StrategyVersion:
    """Record a new version of a strategy, with who uploaded it."""
    if version.plan.is_signed_off:
        raise ValidationError("The plan is signed off: record a new plan for a new version.")
    version.uploaded_by = user
    version.save()
    return version

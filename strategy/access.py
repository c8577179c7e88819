"""Who may see and change plans, highlight reports and indicators, built on boards.access.

Plans are read by everyone of the partnership (they are published and shared widely); the
secretary of the owning board keeps them, its chair or vice-chair alone signs them off. An SRO
updates their own priority and writes its highlight reports for the boards it reports to (the
plan's owner and the working group), seeing only what the agenda shows them (boards.access); an
action's lead updates that action. Another partnership's records are 404; a record of the user's
partnership they may not change is 403.
"""

from enum import Enum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from boards import access
from boards.access import Need

from .models import HighlightReport, Indicator, Plan, PlanAction, Priority


class PlanNeed(Enum):
    """What a strategy page asks of the user: to read it, to update progress (the priority's
    SRO, the action's lead), to edit the plan (its owning board), to sign off a version, or to
    enter an indicator's values."""

    VIEW = "view"
    UPDATE = "update"
    EDIT = "edit"
    SIGN_OFF = "sign_off"
    VALUES = "values"


def _in_partnership(who, partnership_id: int) -> bool:
    user = access.access_of(who).user
    return user.is_authenticated and (
        user.is_staff or partnership_id in access.partnership_ids(who)
    )


def person_ids(user) -> set[int]:
    return set(access.person_ids(user))


def is_sro(user, priority: Priority) -> bool:
    return priority.sro_id is not None and priority.sro_id in person_ids(user)


def can_edit_plan(user, plan: Plan) -> bool:
    return access.can(user, plan.owner_board, Need.EDIT)


def can_update_priority(user, priority: Priority) -> bool:
    return is_sro(user, priority) or can_edit_plan(user, priority.plan)


def can_update_action(user, action: PlanAction) -> bool:
    return (
        action.lead_id is not None and action.lead_id in person_ids(user)
    ) or can_update_priority(user, action.priority)


def can_sign_off(user, plan: Plan) -> bool:
    return access.chairs(user, plan.owner_board)


def sign_off_refusal(plan: Plan) -> str:
    return f"Only the chair or vice-chair of {plan.owner_board.short_name} signs the plan off."


def _found(obj, user, partnership_id):
    if obj is None or not _in_partnership(user, partnership_id):
        raise Http404("Not found")
    return obj


def plan_for_user(user, pk: int, need: PlanNeed = PlanNeed.VIEW) -> Plan:
    plan = Plan.objects.select_related("partnership", "owner_board").filter(pk=pk).first()
    _found(plan, user, plan.partnership_id if plan else None)
    if need == PlanNeed.EDIT and not can_edit_plan(user, plan):
        raise PermissionDenied
    if need == PlanNeed.SIGN_OFF and not can_sign_off(user, plan):
        raise PermissionDenied(sign_off_refusal(plan))
    return plan


def priority_for_user(user, pk: int, need: PlanNeed = PlanNeed.VIEW) -> Priority:
    priority = (
        Priority.objects.select_related(
            "plan__partnership", "plan__owner_board", "sro", "working_group"
        )
        .filter(pk=pk)
        .first()
    )
    _found(priority, user, priority.plan.partnership_id if priority else None)
    if need == PlanNeed.EDIT and not can_edit_plan(user, priority.plan):
        raise PermissionDenied
    if need == PlanNeed.UPDATE and not can_update_priority(user, priority):
        raise PermissionDenied
    return priority


def action_for_user(user, pk: int, need: PlanNeed = PlanNeed.VIEW) -> PlanAction:
    action = (
        PlanAction.objects.select_related(
            "priority__plan__partnership", "priority__plan__owner_board", "lead"
        )
        .filter(pk=pk)
        .first()
    )
    _found(action, user, action.priority.plan.partnership_id if action else None)
    if need == PlanNeed.EDIT and not can_edit_plan(user, action.priority.plan):
        raise PermissionDenied
    if need == PlanNeed.UPDATE and not can_update_action(user, action):
        raise PermissionDenied
    return action


def can_write_report(user, priority: Priority, meeting) -> bool:
    """Those who run the meeting's board, or the priority's SRO for a board it reports to (who
    may see the board's structure, and of its agenda what `access.agenda_for_user` shows)."""
    if access.can(user, meeting.board, Need.EDIT):
        return True
    return (
        is_sro(user, priority)
        and meeting.board_id in priority.report_board_ids
        and access.can(user, meeting.board, Need.STRUCTURE)
    )


def can_read_report(user, priority: Priority, meeting) -> bool:
    return is_sro(user, priority) or access.can(user, meeting.board, Need.VIEW)


def report_for_user(user, pk: int, need: PlanNeed = PlanNeed.VIEW) -> HighlightReport:
    report = (
        HighlightReport.objects.select_related(
            "priority__plan__partnership", "priority__sro", "meeting__board__partnership"
        )
        .filter(pk=pk)
        .first()
    )
    _found(report, user, report.meeting.board.partnership_id if report else None)
    allowed = can_write_report if need == PlanNeed.EDIT else can_read_report
    if not allowed(user, report.priority, report.meeting):
        raise PermissionDenied
    return report


def can_manage_indicators(user, partnership) -> bool:
    return access.can_manage_partnership(user, partnership)


def can_enter_values(user, indicator: Indicator) -> bool:
    return (
        indicator.owner_id is not None and indicator.owner_id in person_ids(user)
    ) or can_manage_indicators(user, indicator.partnership)


def indicator_for_user(user, pk: int, need: PlanNeed = PlanNeed.VIEW) -> Indicator:
    indicator = Indicator.objects.select_related("partnership", "owner").filter(pk=pk).first()
    _found(indicator, user, indicator.partnership_id if indicator else None)
    if need == PlanNeed.EDIT and not can_manage_indicators(user, indicator.partnership):
        raise PermissionDenied
    if need == PlanNeed.VALUES and not can_enter_values(user, indicator):
        raise PermissionDenied
    return indicator


def report_target_for_user(user, meeting_pk: int, priority_pk: int, need: PlanNeed = PlanNeed.EDIT):
    """The meeting and priority of a highlight report that may not exist yet."""
    from boards.models import Meeting

    meeting = Meeting.objects.select_related("board__partnership").filter(pk=meeting_pk).first()
    priority = (
        Priority.objects.select_related("plan__partnership", "plan__owner_board", "sro")
        .filter(pk=priority_pk)
        .first()
    )
    if (
        meeting is None
        or priority is None
        or priority.plan.partnership_id != meeting.board.partnership_id
    ):
        raise Http404("Not found")
    _found(meeting, user, meeting.board.partnership_id)
    allowed = can_write_report if need == PlanNeed.EDIT else can_read_report
    if not allowed(user, priority, meeting):
        raise PermissionDenied
    return meeting, priority

"""Plans, their priorities and actions: pages, edits, RAG changes, slippage and progress."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from boards import access as board_access
from boards import breadcrumbs
from boards.access import Need
from strategy.access import PlanNeed

from .. import access, search_index, selectors, services
from ..forms.plans import (
    PlanActionForm,
    PlanForm,
    PriorityForm,
    ProgressUpdateForm,
    RagForm,
    RescheduleForm,
)
from ..models import Plan, PlanAction, Priority
from .common import edit_page, to_plans, trail_to


@login_required
def plan_list(request, slug):
    partnership = board_access.partnership_for_user(request.access, slug)
    can_add = board_access.boards_visible_to(request.access, Need.EDIT).filter(
        partnership=partnership
    )
    return render(
        request,
        "strategy/plan_list.html",
        {
            "partnership": partnership,
            "breadcrumbs": breadcrumbs.to_partnership(partnership),
            "plans": selectors.plans_of(partnership),
            "can_add": can_add.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug=None, pk=None):
    if pk:
        plan = access.plan_for_user(request.access, pk, need=PlanNeed.EDIT)
        partnership = plan.partnership
    else:
        partnership = board_access.partnership_for_user(request.access, slug)
        plan = Plan(partnership=partnership)
    form = PlanForm(request.POST or None, instance=plan, partnership=partnership, user=request.user)
    if not pk and not form.fields["owner_board"].queryset.exists():
        raise PermissionDenied
    return edit_page(
        request,
        form=form,
        title=f"Edit {plan}" if pk else "Add a plan or strategy",
        breadcrumbs=trail_to(plan) if pk else to_plans(partnership),
        back=plan.get_absolute_url() if pk else reverse("strategy:plans", args=[partnership.slug]),
        success_url=lambda saved: saved.get_absolute_url(),
        message="Plan saved.",
        save=None if pk else (lambda f: services.plan_create(plan=f.save(commit=False))),
        indexed=search_index.plan_indexed,
    )


@login_required
def plan_detail(request, pk):
    plan = access.plan_for_user(request.access, pk)
    actions = selectors.PlanActionFilter(request.GET or None, selectors.plan_actions(plan))
    filtering = actions.is_bound and any(actions.form.data.get(k) for k in actions.form.fields)
    priorities = selectors.plan_priorities(plan, actions.qs)
    if filtering:
        priorities = [priority for priority in priorities if priority.shown_actions]
    template = "strategy/plan.html#priorities" if request.htmx else "strategy/plan.html"
    return render(
        request,
        template,
        {
            "partnership": plan.partnership,
            "breadcrumbs": to_plans(plan.partnership),
            "plan": plan,
            "priorities": priorities,
            "filter": actions,
            "filtering": filtering,
            "can_edit": access.can_edit_plan(request.access, plan),
            "rag_checks": selectors.rag_checks(Plan.objects.filter(pk=plan.pk)),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_edit(request, plan_pk=None, pk=None):
    if pk:
        priority = access.priority_for_user(request.access, pk, need=PlanNeed.EDIT)
        plan = priority.plan
    else:
        plan = access.plan_for_user(request.access, plan_pk, need=PlanNeed.EDIT)
        last = plan.priorities.order_by("-number").values_list("number", flat=True).first()
        priority = Priority(plan=plan, number=(last or 0) + 1)
    form = PriorityForm(
        request.POST or None,
        instance=priority,
        partnership=plan.partnership,
        initial={} if pk else {"number": priority.number},
    )
    return edit_page(
        request,
        form=form,
        title=f"Edit priority {priority.number}" if pk else "Add a priority or recommendation",
        breadcrumbs=trail_to(priority) if pk else trail_to(plan),
        back=plan.get_absolute_url(),
        success_url=lambda saved: saved.get_absolute_url(),
        message="Priority saved.",
        extra={"caption": plan.title},
        indexed=search_index.priority_indexed,
    )


@login_required
def priority_detail(request, pk):
    priority = access.priority_for_user(request.access, pk)
    return render(
        request,
        "strategy/priority.html",
        {
            "partnership": priority.plan.partnership,
            "breadcrumbs": trail_to(priority.plan),
            "plan": priority.plan,
            "priority": priority,
            "actions": selectors.priority_actions(priority),
            "updates": selectors.updates_of(priority=priority),
            "rag_history": selectors.rag_history(priority=priority),
            "reports": priority.highlight_reports.select_related("meeting__board"),
            "can_update": access.can_update_priority(request.access, priority),
            "can_edit": access.can_edit_plan(request.access, priority.plan),
            "is_sro": access.is_sro(request.access, priority),
            "upcoming": selectors.upcoming_meetings_for(priority),
            "indicators": priority.indicators.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, priority_pk=None, pk=None):
    if pk:
        action = access.action_for_user(request.access, pk, need=PlanNeed.EDIT)
        priority = action.priority
    else:
        priority = access.priority_for_user(request.access, priority_pk, need=PlanNeed.EDIT)
        action = PlanAction(priority=priority)
    form = PlanActionForm(
        request.POST or None, instance=action, partnership=priority.plan.partnership
    )
    return edit_page(
        request,
        form=form,
        title=f"Edit action {action.reference}" if pk else "Add an action or milestone",
        breadcrumbs=trail_to(action) if pk else trail_to(priority),
        back=priority.get_absolute_url(),
        success_url=lambda saved: reverse("strategy:action", args=[saved.pk]),
        message="Action saved.",
        save=None if pk else (lambda f: services.plan_action_create(action=f.save(commit=False))),
        indexed=search_index.plan_action_indexed,
        extra={"caption": f"Priority {priority.number}: {priority.title}"},
    )


@login_required
def action_detail(request, pk):
    action = access.action_for_user(request.access, pk)
    return render(
        request,
        "strategy/action.html",
        {
            "partnership": action.priority.plan.partnership,
            "breadcrumbs": trail_to(action.priority),
            "plan": action.priority.plan,
            "priority": action.priority,
            "action": action,
            "slippages": action.slippages.select_related("changed_by"),
            "updates": selectors.updates_of(action=action),
            "rag_history": selectors.rag_history(action=action),
            "can_update": access.can_update_action(request.access, action),
            "can_edit": access.can_edit_plan(request.access, action.priority.plan),
        },
    )


def _target(request, kind, pk):
    if kind == "priority":
        target = access.priority_for_user(request.access, pk, need=PlanNeed.UPDATE)
        return target, target.get_absolute_url(), f"Priority {target.number}: {target.title}"
    target = access.action_for_user(request.access, pk, need=PlanNeed.UPDATE)
    return target, reverse("strategy:action", args=[target.pk]), f"Action {target.reference}"


@login_required
@require_http_methods(["GET", "POST"])
def rag_change(request, kind, pk):
    target, back, caption = _target(request, kind, pk)
    form = RagForm(
        request.POST or None,
        current=target.rag,
        initial={"rag": target.rag, "version": target.version},
    )
    history = selectors.rag_history(**{kind: target})
    return edit_page(
        request,
        form=form,
        title="Change the RAG status",
        breadcrumbs=trail_to(target),
        back=back,
        success_url=back,
        message="RAG status changed.",
        save=lambda f: services.rag_set(
            target=target,
            rag=f.cleaned_data["rag"],
            reason=f.cleaned_data["reason"],
            user=request.user,
            expected_version=f.cleaned_data["version"],
        ),
        extra={
            "caption": caption,
            "rag_history": history,
            "history_template": "strategy/partials/rag_history.html",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_reschedule(request, pk):
    action = access.action_for_user(request.access, pk, need=PlanNeed.UPDATE)
    back = reverse("strategy:action", args=[action.pk])
    form = RescheduleForm(
        request.POST or None,
        current=action.due_date,
        initial={"new_date": action.due_date, "version": action.version},
    )
    return edit_page(
        request,
        form=form,
        title="Move the due date",
        breadcrumbs=trail_to(action),
        back=back,
        success_url=back,
        message="Due date moved; the slippage is recorded.",
        save=lambda f: services.plan_action_reschedule(
            action=action,
            new_date=f.cleaned_data["new_date"],
            reason=f.cleaned_data["reason"],
            user=request.user,
            expected_version=f.cleaned_data["version"],
        ),
        extra={
            "caption": f"Action {action.reference}",
            "intro": f"Due {action.due_date:%-d %B %Y}" if action.due_date else "No due date yet",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_update(request, kind, pk):
    target, back, caption = _target(request, kind, pk)
    form = ProgressUpdateForm(request.POST or None, initial={"written_on": timezone.localdate()})
    return edit_page(
        request,
        form=form,
        title="Add a progress update",
        breadcrumbs=trail_to(target),
        back=back,
        success_url=back,
        message="Progress update added.",
        save=lambda f: services.progress_update_add(
            target=target,
            text=f.cleaned_data["text"],
            written_on=f.cleaned_data["written_on"],
            user=request.user,
        ),
        extra={"caption": caption},
    )

"""A strategy's versions, its sign-off pathway, the governance checklist and sign-off itself."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from boards import access as board_access
from boards.access import Need
from core.concurrency import EditConflict
from core.downloads import as_download
from strategy.access import PlanNeed

from .. import access, selectors, services
from ..forms.plans import ChecklistItemForm, ChecklistMarkForm, SignOffStepForm, StrategyVersionForm
from ..models import ChecklistItem, PlanChecklistItem, SignOffStep, StrategyVersion
from .common import edit_page, to_plans, trail_to


def _governance_url(plan):
    return reverse("strategy:governance", args=[plan.pk])


@login_required
def governance(request, pk):
    return _governance_page(request, access.plan_for_user(request.access, pk))


def _governance_page(request, plan, marking=None):
    """The page; `marking` is a checklist item's form, shown again as the user sent it."""
    checklist = list(selectors.plan_checklist(plan))
    forms = {entry.pk: _mark_form(entry) for entry in checklist}
    if marking is not None:
        forms[marking.prefix] = marking
    return render(
        request,
        "strategy/governance.html",
        {
            "partnership": plan.partnership,
            "breadcrumbs": trail_to(plan),
            "plan": plan,
            "versions": plan.versions.select_related("uploaded_by"),
            "steps": selectors.plan_timetable(plan),
            "checklist": [(entry, forms[entry.pk]) for entry in checklist],
            "marking": marking,
            "open_items": [entry for entry in checklist if not entry.is_done],
            "can_edit": access.can_edit_plan(request.access, plan),
            "can_sign_off": access.can_sign_off(request.access, plan),
            "sign_off_refusal": access.sign_off_refusal(plan),
            "changes": selectors.plan_changes(plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_add(request, pk):
    plan = access.plan_for_user(request.access, pk, need=PlanNeed.EDIT)
    latest = plan.versions.values_list("number", flat=True).first()
    version = StrategyVersion(plan=plan)
    form = StrategyVersionForm(
        request.POST or None,
        request.FILES or None,
        instance=version,
        initial={"number": (latest or 0) + 1},
    )
    return edit_page(
        request,
        form=form,
        title="Add a version",
        breadcrumbs=trail_to(plan).then("Versions and sign-off", _governance_url(plan)),
        back=_governance_url(plan),
        success_url=_governance_url(plan),
        message="Version added.",
        save=lambda f: services.strategy_version_add(
            version=f.save(commit=False), user=request.user
        ),
        extra={"caption": plan.title, "multipart": True},
    )


@login_required
def version_download(request, pk):
    version = get_object_or_404(StrategyVersion.objects.select_related("plan"), pk=pk)
    access.plan_for_user(request.access, version.plan_id)
    if not version.document:
        raise Http404("No document uploaded")
    return as_download(FileResponse(version.document.open("rb")), Path(version.document.name).name)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, plan_pk=None, pk=None):
    if pk:
        step = get_object_or_404(SignOffStep.objects.select_related("plan"), pk=pk)
        plan = access.plan_for_user(request.access, step.plan_id, need=PlanNeed.EDIT)
    else:
        plan = access.plan_for_user(request.access, plan_pk, need=PlanNeed.EDIT)
        last = plan.sign_off_steps.order_by("-position").values_list("position", flat=True)
        step = SignOffStep(plan=plan, position=(last.first() or 0) + 1)
    form = SignOffStepForm(
        request.POST or None,
        instance=step,
        partnership=plan.partnership,
        initial={} if pk else {"position": step.position},
    )
    return edit_page(
        request,
        form=form,
        title="Edit a sign-off step" if pk else "Add a step to the sign-off pathway",
        breadcrumbs=trail_to(plan).then("Versions and sign-off", _governance_url(plan)),
        back=_governance_url(plan),
        success_url=_governance_url(plan) + "#timetable",
        message="Sign-off pathway saved.",
        extra={"caption": plan.title},
    )


def _mark_form(entry):
    initial = {"done": not entry.is_done, "evidence": entry.evidence, "version": entry.version}
    return ChecklistMarkForm(initial=initial, prefix=entry.pk)


@login_required
@require_POST
def checklist_mark(request, pk):
    entry = get_object_or_404(PlanChecklistItem.objects.select_related("plan", "item"), pk=pk)
    plan = access.plan_for_user(request.access, entry.plan_id, need=PlanNeed.EDIT)
    form = ChecklistMarkForm(request.POST, prefix=entry.pk)
    if form.is_valid():
        try:
            services.checklist_item_mark(
                entry=entry,
                done=form.cleaned_data["done"],
                evidence=form.cleaned_data["evidence"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Checklist updated: {entry.item}.")
    if form.errors:
        return _governance_page(request, plan, marking=form)
    return redirect(_governance_url(plan) + "#checklist")


@login_required
@require_POST
def checklist_sync(request, pk):
    plan = access.plan_for_user(request.access, pk, need=PlanNeed.EDIT)
    added = services.plan_checklist_sync(plan=plan)
    messages.success(request, f"{added} checklist item(s) added from the partnership checklist.")
    return redirect(_governance_url(plan) + "#checklist")


@login_required
@require_POST
def plan_sign_off(request, pk):
    plan = access.plan_for_user(request.access, pk, need=PlanNeed.SIGN_OFF)
    try:
        services.plan_sign_off(plan=plan, user=request.user)
        messages.success(request, "The plan is signed off.")
    except services.SignOffRefused as refused:
        messages.error(request, str(refused))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_governance_url(plan) + "#sign-off")


@login_required
def checklist_items(request, slug):
    partnership = board_access.partnership_for_user(request.access, slug)
    return render(
        request,
        "strategy/checklist_items.html",
        {
            "partnership": partnership,
            "breadcrumbs": to_plans(partnership),
            "items": ChecklistItem.objects.filter(partnership=partnership),
            "can_manage": board_access.can_manage_partnership(request.access, partnership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_item_edit(request, slug, pk=None):
    partnership = board_access.partnership_for_user(request.access, slug, need=Need.MANAGE)
    item = (
        get_object_or_404(ChecklistItem, pk=pk, partnership=partnership)
        if pk
        else ChecklistItem(partnership=partnership)
    )
    back = reverse("strategy:checklist_items", args=[slug])
    form = ChecklistItemForm(request.POST or None, instance=item)
    return edit_page(
        request,
        form=form,
        title="Edit a checklist item" if pk else "Add a checklist item",
        breadcrumbs=to_plans(partnership).then("Sign-off checklist", back),
        back=back,
        success_url=back,
        message="Checklist item saved.",
    )

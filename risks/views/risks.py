"""One risk: raise, read, change, review, escalate, return and close it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from boards import access, breadcrumbs
from boards.access import Need
from core.concurrency import EditConflict, mark_conflict

from .. import access as risk_access
from .. import selectors, services
from ..forms import ReasonForm, ReviewForm, RiskForm, mark_risk_conflict
from ..models import RiskMatrix


def _register_url(board):
    return reverse("risks:board_register", args=[board.partnership.slug, board.slug])


def _to_register(board):
    return breadcrumbs.to_board(board).then("Risk register", _register_url(board))


def _to_risk(risk):
    return _to_register(risk.board).then(risk.reference, risk.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def risk_add(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    form = RiskForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_create(
                board=board,
                by=request.user,
                fields=form.details(),
                mitigating_actions=form.cleaned_data.get("mitigating_actions"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Risk {risk.reference} added to the register.")
            return redirect(risk)
    return render(
        request,
        "risks/risk_form.html",
        {
            "breadcrumbs": _to_register(board),
            "title": "Add a risk",
            "form": form,
            "back": _register_url(board),
            "score_fields": services.SCORE_FIELDS,
        },
    )


@login_required
@require_GET
def risk_detail(request, pk):
    risk = risk_access.risk_for_user(request.access, pk, need=Need.VIEW)
    matrix = RiskMatrix.for_partnership(risk.board.partnership)
    [risk] = selectors.with_bands([risk], matrix)
    reviews = list(risk.reviews.select_related("reviewer", "meeting__board", "recorded_by"))
    for review in reviews:
        review.current_band = matrix.band_for(review.current_score)
    reviews.reverse()
    return render(
        request,
        "risks/detail.html",
        {
            "risk": risk,
            "partnership": risk.board.partnership,
            "breadcrumbs": _to_register(risk.board),
            "reviews": reviews,
            "events": risk.events.select_related("by", "board").order_by("-at", "-id"),
            "actions": risk.mitigating_actions.all(),
            "can_change": risk_access.can_change(request.access, risk),
            "can_decide": risk_access.can_decide(request.access, risk),
        },
    )


def _changeable(request, pk):
    risk = risk_access.risk_for_user(request.access, pk, need=Need.VIEW)
    if not risk_access.can_change(request.access, risk):
        raise PermissionDenied
    return risk


def _decidable(request, pk):
    risk = risk_access.risk_for_user(request.access, pk, need=Need.VIEW)
    if not risk_access.can_decide(request.access, risk):
        raise PermissionDenied
    return risk


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request, pk):
    risk = _changeable(request, pk)
    form = RiskForm(request.POST or None, instance=risk, board=risk.board)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(
                risk=risk,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                fields=form.details(),
                mitigating_actions=form.cleaned_data.get("mitigating_actions"),
            )
        except EditConflict as conflict:
            # The linked actions are not a plain value to show side by side; the rest is.
            actions = form.cleaned_data.pop("mitigating_actions", None)
            mark_conflict(form, conflict.current)
            if actions is not None:
                form.cleaned_data["mitigating_actions"] = actions
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Risk {risk.reference} saved.")
            return redirect(risk)
    return render(
        request,
        "risks/risk_form.html",
        {
            "score_fields": services.SCORE_FIELDS,
            "breadcrumbs": _to_risk(risk),
            "title": f"Change risk {risk.reference}",
            "form": form,
            "back": risk.get_absolute_url(),
            "closed_warning": services.CLOSED_MESSAGE if risk.is_closed else "",
        },
    )


def my_person(user, partnership):
    return access.people_of(user).filter(partnership=partnership).first()


@login_required
@require_http_methods(["GET", "POST"])
def risk_review(request, pk):
    risk = _changeable(request, pk)
    form = ReviewForm(
        request.POST or None, risk=risk, reviewer=my_person(request.access, risk.board.partnership)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_review(
                risk=risk,
                by=request.user,
                scores=form.scores(),
                reviewed_on=data["reviewed_on"],
                reviewer=data["reviewer"],
                commentary=data["commentary"],
                meeting=data["meeting"],
                next_review=data["next_review"],
                expected_version=data["version"],
            )
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Review of {risk.reference} recorded.")
            return redirect(risk)
    return render(
        request,
        "risks/risk_form.html",
        {
            "breadcrumbs": _to_risk(risk),
            "title": f"Review risk {risk.reference}",
            "form": form,
            "back": risk.get_absolute_url(),
            "score_fields": services.SCORE_FIELDS,
            "scores_first": True,
        },
    )


def _reason_page(request, risk, *, service, title, label, message):
    form = ReasonForm(request.POST or None, label=label, risk=risk)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                risk=risk,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            mark_risk_conflict(form, conflict.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect(risk)
    return render(
        request,
        "risks/form_page.html",
        {
            "breadcrumbs": _to_risk(risk),
            "title": title,
            "form": form,
            "back": risk.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_escalate(request, pk):
    risk = _decidable(request, pk)
    parent = risk.board.parent
    return _reason_page(
        request,
        risk,
        service=services.risk_escalate,
        title=f"Escalate {risk.reference} to {parent.short_name if parent else 'the parent board'}",
        label="Why does this risk need the parent board?",
        message=f"Risk {risk.reference} escalated.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_deescalate(request, pk):
    risk = _decidable(request, pk)
    return _reason_page(
        request,
        risk,
        service=services.risk_deescalate,
        title=f"Return {risk.reference} to {risk.board.short_name}",
        label="Why can it return to the board that owns it?",
        message=f"Risk {risk.reference} returned to {risk.board.short_name}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_close(request, pk):
    risk = _decidable(request, pk)
    return _reason_page(
        request,
        risk,
        service=services.risk_close,
        title=f"Close risk {risk.reference}",
        label="Why can the risk be closed?",
        message=f"Risk {risk.reference} closed.",
    )

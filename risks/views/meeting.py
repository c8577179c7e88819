"""The risk log item of a meeting: the risks due for review, each reviewed in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from boards import access, breadcrumbs
from boards.access import Need
from core.concurrency import EditConflict

from .. import contributions, selectors, services
from ..forms import ReviewForm
from ..models import RiskMatrix
from .risks import my_person


@login_required
@require_GET
def risk_log(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    context = contributions.risk_log_context(request, meeting)
    if request.htmx:  # the next page of the log, below the risks shown already
        return render(request, "risks/partials/risk_log.html#cards", context)
    return render(
        request,
        "risks/meeting_risk_log.html",
        {
            **context,
            "partnership": meeting.board.partnership,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
        },
    )


def _risk_log_page(request, meeting, card):
    """The meeting's risk log with one card's form open: the page without JavaScript."""
    context = contributions.risk_log_context(request, meeting)
    others = [other for other in context["cards"] if other["risk"].pk != card["risk"].pk]
    context["cards"] = [card, *others]
    return render(
        request,
        "risks/meeting_risk_log.html",
        {
            **context,
            "partnership": meeting.board.partnership,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_log_review(request, pk, risk_pk):
    """One risk's review at the meeting: its form, fetched when its line on the log is opened,
    and posted back."""
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    if not access.can(request.access, meeting.board, Need.EDIT):
        raise PermissionDenied
    risk = selectors.register_queryset([meeting.board]).filter(pk=risk_pk).first()
    if risk is None:
        raise Http404("No such risk on this board")
    if request.method == "GET":
        if meeting.minutes_frozen:
            raise Http404("The minutes of this meeting are approved")
        form = contributions.review_form(request, meeting, risk)
        if request.htmx:
            return render(
                request,
                "risks/partials/risk_log.html#review_form",
                {"form": form, "risk": risk, "meeting": meeting},
            )
        card = contributions.risk_log_card(
            request,
            meeting,
            risk,
            reviewed_ids=selectors.reviewed_ids(meeting),
            matrix=RiskMatrix.for_partnership(meeting.board.partnership),
            form=form,
        )
        return _risk_log_page(request, meeting, card)
    form = ReviewForm(
        request.POST, risk=risk, with_meeting=False, meeting=meeting, prefix=f"risk-{risk.pk}"
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_review(
                risk=risk,
                by=request.user,
                scores=form.scores(),
                reviewed_on=data["reviewed_on"],
                reviewer=data["reviewer"] or my_person(request.access, meeting.board.partnership),
                commentary=data["commentary"],
                meeting=meeting,
                next_review=data["next_review"],
                expected_version=data["version"],
            )
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        except ValidationError as error:
            # The meeting is the page's own, not a field of the row's form: say it above the row.
            form.add_error(None, error.messages)
        else:
            form = None
            risk = selectors.register_queryset([meeting.board]).get(pk=risk.pk)
            if not request.htmx:
                messages.success(request, f"Review of {risk.reference} recorded.")
                return redirect("risks:meeting_risk_log", meeting.pk)
    card = contributions.risk_log_card(
        request,
        meeting,
        risk,
        reviewed_ids=selectors.reviewed_ids(meeting),
        matrix=RiskMatrix.for_partnership(meeting.board.partnership),
        form=form,
    )
    if request.htmx:
        return render(
            request, "risks/partials/risk_log.html#card", {"card": card, "meeting": meeting}
        )
    return _risk_log_page(request, meeting, card)

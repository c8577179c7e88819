"""The indicator dashboard: latest values, RAG and trends; values by grid or spreadsheet."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from boards import access as board_access
from boards import breadcrumbs
from core.documents import pdf_response, render_pdf
from strategy.access import PlanNeed

from .. import access, services
from ..forms.indicators import IndicatorForm, IndicatorValueFormSet, ValuesImportForm
from ..models import Indicator, IndicatorValue
from ..models.indicators import period_label, period_start
from ..selectors import plans_of, rag_checks
from ..selectors_indicators import (
    dashboard_cards,
    recent_periods,
    reported_quarters,
    trend_chart,
)
from .common import edit_page, to_dashboard


@login_required
def dashboard(request, slug):
    partnership = board_access.partnership_for_user(request.access, slug)
    return render(
        request,
        "strategy/dashboard.html",
        {
            "partnership": partnership,
            "breadcrumbs": breadcrumbs.to_partnership(partnership),
            "cards": dashboard_cards(partnership),
            "rag_checks": rag_checks(plans_of(partnership)),
            "can_manage": access.can_manage_indicators(request.access, partnership),
            "quarters": reported_quarters(partnership, timezone.localdate()),
        },
    )


def _chosen_date(request, frequency, count=12, choices=None):
    choices = choices or recent_periods(frequency, count, timezone.localdate())
    chosen = request.GET.get("period") or choices[0][0]
    if chosen not in dict(choices):
        chosen = choices[0][0]
    return chosen, choices


@login_required
def dashboard_pdf(request, slug):
    """The quarterly performance report: each indicator up to the chosen quarter."""
    partnership = board_access.partnership_for_user(request.access, slug)
    quarters = reported_quarters(partnership, timezone.localdate())
    chosen, _ = _chosen_date(request, Indicator.Frequency.QUARTERLY, choices=quarters)
    quarter = date.fromisoformat(chosen)
    label = period_label(quarter, Indicator.Frequency.QUARTERLY)
    next_quarter = date(quarter.year + (quarter.month > 9), (quarter.month + 2) % 12 + 1, 1)
    cards = dashboard_cards(partnership, until=next_quarter - timedelta(days=1))
    data = render_pdf(
        "strategy/pdf/dashboard.html",
        {"partnership": partnership, "cards": cards, "quarter": label},
        title=f"{partnership.name}: performance dashboard, {label}",
    )
    return pdf_response(data, f"dashboard-{quarter:%Y-%m}.pdf")


@login_required
def indicator_detail(request, pk):
    indicator = access.indicator_for_user(request.access, pk)
    values = list(indicator.values.select_related("entered_by").order_by("period"))
    return render(
        request,
        "strategy/indicator.html",
        {
            "partnership": indicator.partnership,
            "breadcrumbs": to_dashboard(indicator.partnership),
            "indicator": indicator,
            "values": values,
            "chart": trend_chart(indicator, values[-12:]),
            "can_edit": access.can_manage_indicators(request.access, indicator.partnership),
            "can_enter": access.can_enter_values(request.access, indicator),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, slug=None, pk=None):
    if pk:
        indicator = access.indicator_for_user(request.access, pk, need=PlanNeed.EDIT)
        partnership = indicator.partnership
    else:
        partnership = board_access.partnership_for_user(request.access, slug)
        if not access.can_manage_indicators(request.access, partnership):
            raise PermissionDenied
        indicator = Indicator(partnership=partnership)
    form = IndicatorForm(request.POST or None, instance=indicator, partnership=partnership)
    return edit_page(
        request,
        form=form,
        title=f"Edit {indicator}" if pk else "Add an indicator",
        breadcrumbs=to_dashboard(partnership),
        back=reverse("strategy:dashboard", args=[partnership.slug]),
        success_url=lambda saved: reverse("strategy:indicator", args=[saved.pk]),
        message="Indicator saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def values_grid(request, slug):
    """One row per indicator for a month: its value and narrative, saved together."""
    partnership = board_access.partnership_for_user(request.access, slug)
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(partnership=partnership).select_related("owner")
        if access.can_enter_values(request.access, indicator)
    ]
    if not indicators:
        raise PermissionDenied
    chosen, choices = _chosen_date(request, Indicator.Frequency.MONTHLY)
    month = date.fromisoformat(chosen)
    periods = {i.pk: period_start(month, i.frequency) for i in indicators}
    labels = {i.pk: period_label(periods[i.pk], i.frequency) for i in indicators}
    stored = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(
            indicator__in=indicators, period__in=periods.values()
        )
    }
    initial = []
    for indicator in indicators:
        value = stored.get((indicator.pk, periods[indicator.pk]))
        row = {"indicator": indicator.pk}
        if value:
            row.update(
                value=value.value,
                narrative=value.narrative,
                shown_value=value.value,
                shown_narrative=value.narrative,
            )
        initial.append(row)
    formset = IndicatorValueFormSet(
        request.POST or None, initial=initial, indicators=indicators, prefix="values"
    )
    if request.method == "POST" and formset.is_valid():
        rows = [
            services.GridRow(
                indicator=form.indicator,
                period=periods[form.indicator.pk],
                value=form.cleaned_data["value"],
                narrative=form.cleaned_data["narrative"],
                shown_value=form.cleaned_data["shown_value"],
                shown_narrative=form.cleaned_data["shown_narrative"],
            )
            for form in formset.forms
        ]
        try:
            counts = services.indicator_values_grid_save(rows=rows, user=request.user)
        except services.GridConflict as conflict:
            formset.show_conflict(conflict.current)
        else:
            messages.success(
                request,
                f"Values saved: {counts.created} added, {counts.updated} changed, "
                f"{counts.unchanged} unchanged.",
            )
            return redirect(f"{reverse('strategy:values_grid', args=[slug])}?period={chosen}")
    return render(
        request,
        "strategy/values_grid.html",
        {
            "partnership": partnership,
            "breadcrumbs": to_dashboard(partnership),
            "formset": formset,
            "rows": [
                (form, form.indicator, labels[form.indicator.pk])
                for form in formset.forms
                if form.indicator is not None
            ],
            "chosen": chosen,
            "choices": choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def values_import(request, slug):
    partnership = board_access.partnership_for_user(request.access, slug)
    if not access.can_manage_indicators(request.access, partnership):
        raise PermissionDenied
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.indicator_values_import(
            partnership=partnership,
            upload=form.cleaned_data["file"],
            skip_bad=form.cleaned_data["skip_bad"],
            user=request.user,
        )
        if result.file_error:
            form.add_error("file", result.file_error)
        elif result.imported:
            counts = result.counts
            messages.success(
                request,
                f"Imported: {counts.created} added, {counts.updated} changed, "
                f"{counts.unchanged} unchanged, {len(result.bad_rows)} skipped.",
            )
            if not result.bad_rows:
                return redirect("strategy:dashboard", slug)
    return render(
        request,
        "strategy/values_import.html",
        {
            "partnership": partnership,
            "breadcrumbs": to_dashboard(partnership),
            "form": form,
            "result": result,
        },
    )

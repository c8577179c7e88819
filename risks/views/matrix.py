"""A partnership's scoring matrix: the bands that scores fall in, their labels and colours."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from boards import access, breadcrumbs
from boards.forms_base import VersionField
from core.concurrency import EditConflict

from .. import services
from ..forms import BandFormSet
from ..models import RiskMatrix


@login_required
@require_http_methods(["GET", "POST"])
def matrix_edit(request, slug):
    partnership = access.partnership_for_user(request.access, slug)
    if not access.can_manage_partnership(request.access, partnership):
        raise PermissionDenied
    matrix = RiskMatrix.ensure(partnership)
    formset = BandFormSet(request.POST or None, queryset=matrix.bands.all(), prefix="band")
    version = matrix.version
    if request.method == "POST":
        try:
            version = VersionField().clean(request.POST.get("version"))
        except ValidationError as error:
            formset.non_form_errors().extend(error.messages)
    if request.method == "POST" and formset.is_valid():
        try:
            services.risk_matrix_update(
                matrix=matrix, by=request.user, formset=formset, expected_version=version
            )
        except EditConflict:
            formset.non_form_errors().append(
                "Someone else changed the bands meanwhile. Reload the page and try again."
            )
        else:
            messages.success(request, "Risk bands saved.")
            return redirect("risks:matrix", slug)
    return render(
        request,
        "risks/matrix.html",
        {
            "partnership": partnership,
            "breadcrumbs": breadcrumbs.to_partnership(partnership).then(
                "Risk register", reverse("risks:partnership_register", args=[slug])
            ),
            "formset": formset,
            "version": version,
        },
    )

"""The governance structure: partnerships, the board tree, boards, people and membership."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.concurrency import save_or_conflict
from core.downloads import as_download
from core.paging import page_of

from .. import access, breadcrumbs, search_index
from ..access import Need
from ..accounts import person_login_create
from ..forms import (
    BoardForm,
    MembershipForm,
    OrganisationForm,
    PartnershipForm,
    PersonForm,
    TermsOfReferenceForm,
)
from ..models import Membership, Organisation, Partnership, Person, TermsOfReference
from ..selectors import meetings as meeting_selectors
from ..selectors import structure as structure_selectors


@login_required
def home(request):
    # Everyone named in a partnership lands on what they have to do; site staff on the list.
    if not request.user.is_staff and access.person_ids(request.access):
        return redirect("boards:your_work")
    # Site staff land on the list, where they add partnerships, even when there is only one.
    partnerships = list(access.partnerships_for(request.access))
    return render(request, "boards/home.html", {"partnerships": partnerships})


@login_required
def partnership_detail(request, slug):
    partnership = access.partnership_for_user(request.access, slug)
    tree = structure_selectors.board_tree(partnership)
    return render(
        request,
        "boards/partnership.html",
        {
            "partnership": partnership,
            "tree": tree,
            "can_manage": access.can_manage_partnership(request.access, partnership),
            "set_up_steps": structure_selectors.set_up_steps(request.access, partnership, tree),
        },
    )


def _edit_page(request, *, form, template, context, success_url, message, indexed=None):
    """The shared shape of an edit page: validate, save unless stale (putting the record in the
    search index with `indexed`, if it is searched), redirect or re-render."""
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(form, then=indexed)
        if saved is not None:
            messages.success(request, message)
            return redirect(success_url(saved))
    return render(request, template, {**context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request, slug=None):
    if not request.user.is_staff:
        raise PermissionDenied
    partnership = get_object_or_404(Partnership, slug=slug) if slug else None
    form = PartnershipForm(request.POST or None, instance=partnership)
    return _edit_page(
        request,
        form=form,
        template="boards/form_page.html",
        context={"title": f"Edit {partnership}" if partnership else "Add a partnership"},
        success_url=lambda saved: saved.get_absolute_url(),
        message="Partnership saved.",
    )


@login_required
def organisation_list(request, slug):
    partnership = access.partnership_for_user(request.access, slug)
    return render(
        request,
        "boards/organisations.html",
        {
            "partnership": partnership,
            "breadcrumbs": breadcrumbs.to_partnership(partnership),
            "organisations": partnership.organisations.all(),
            "can_manage": access.can_manage_partnership(request.access, partnership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug, pk=None):
    partnership = access.partnership_for_user(request.access, slug, need=Need.MANAGE)
    organisation = get_object_or_404(Organisation, pk=pk, partnership=partnership) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation, partnership=partnership)
    return _edit_page(
        request,
        form=form,
        template="boards/form_page.html",
        context={
            "partnership": partnership,
            "breadcrumbs": breadcrumbs.to_partnership(partnership).then(
                "Organisations", reverse("boards:organisations", args=[slug])
            ),
            "title": f"Edit {organisation}" if organisation else "Add an organisation",
            "back": reverse("boards:organisations", args=[slug]),
        },
        success_url=lambda saved: reverse("boards:organisations", args=[slug]),
        message="Organisation saved.",
        indexed=search_index.organisation_indexed,
    )


@login_required
def person_list(request, slug):
    partnership = access.partnership_for_user(request.access, slug)
    people = partnership.people.select_related("organisation", "user")
    page = page_of(request, people, 100)
    return render(
        request,
        "boards/people.html",
        {
            "partnership": partnership,
            "breadcrumbs": breadcrumbs.to_partnership(partnership),
            "page": page,
            "can_manage": access.can_manage_partnership(request.access, partnership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, slug, pk=None):
    partnership = access.partnership_for_user(request.access, slug, need=Need.MANAGE)
    person = get_object_or_404(Person, pk=pk, partnership=partnership) if pk else None
    form = PersonForm(request.POST or None, instance=person, partnership=partnership)

    def saved(person):
        for namesake in structure_selectors.namesakes(person):
            # Not refused: two people may share a name, but one person added twice is a mistake.
            messages.warning(
                request,
                f"{namesake.name} ({namesake.initials}) of "
                f"{namesake.organisation or 'no organisation'} is already one of the "
                "partnership's people: check this is not the same person twice.",
            )
        if form.cleaned_data.get("create_login"):
            person_login_create(person=person, request=request)
            messages.info(request, f"{person.name} has been e-mailed a link to sign in.")
        return reverse("boards:people", args=[slug])

    return _edit_page(
        request,
        form=form,
        template="boards/form_page.html",
        context={
            "partnership": partnership,
            "breadcrumbs": breadcrumbs.to_partnership(partnership).then(
                "People", reverse("boards:people", args=[slug])
            ),
            "title": f"Edit {person.name}" if person else "Add a person",
            "back": reverse("boards:people", args=[slug]),
        },
        success_url=saved,
        message="Person saved.",
        indexed=search_index.person_indexed,
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request, slug, board_slug=None):
    partnership = access.partnership_for_user(request.access, slug)
    if board_slug:
        board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    else:
        if not request.user.is_staff:
            raise PermissionDenied
        board = None
    form = BoardForm(request.POST or None, instance=board, partnership=partnership)
    return _edit_page(
        request,
        form=form,
        template="boards/form_page.html",
        context={
            "partnership": partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board)
            if board
            else breadcrumbs.to_partnership(partnership),
            "title": "Edit the board" if board else "Add a board",
            "back": board.get_absolute_url() if board else partnership.get_absolute_url(),
        },
        success_url=lambda saved: saved.get_absolute_url(),
        message="Board saved.",
        indexed=search_index.board_indexed,
    )


@login_required
def board_detail(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.STRUCTURE)
    can_view = access.can(request.access, board, Need.VIEW)
    # Read before the sections other apps add, which reuse the upcoming meetings.
    meetings = meeting_selectors.board_meetings(board, past_limit=3) if can_view else None
    return render(
        request,
        "boards/board.html",
        {
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.above_board(board),
            "meetings": meetings,
            "members": structure_selectors.board_members(board),
            "terms": structure_selectors.terms_of_reference(board),
            "children": structure_selectors.child_boards(board),
            "changes": structure_selectors.board_changes(board, limit=10),
            "can_edit": access.can(request.access, board, Need.EDIT),
            "can_view": can_view,
            "contributions": structure_selectors.board_contributions(request, board),
        },
    )


@login_required
def board_history(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.STRUCTURE)
    page = page_of(request, structure_selectors.board_changes(board, limit=None), 50)
    return render(
        request,
        "boards/history.html",
        {
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board),
            "page": page,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request, slug, board_slug, pk=None):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    membership = get_object_or_404(Membership, pk=pk, board=board) if pk else None
    form = MembershipForm(request.POST or None, instance=membership, board=board)
    return _edit_page(
        request,
        form=form,
        template="boards/form_page.html",
        context={
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board),
            "title": f"Edit membership of {membership.person.name}"
            if membership
            else "Add a member",
            "back": board.get_absolute_url(),
        },
        success_url=lambda saved: board.get_absolute_url(),
        message="Membership saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def terms_of_reference_add(request, slug, board_slug):
    board = access.board_for_user(request.access, slug, board_slug, need=Need.EDIT)
    form = TermsOfReferenceForm(request.POST or None, request.FILES or None, board=board)
    return _edit_page(
        request,
        form=form,
        template="boards/form_page.html",
        context={
            "partnership": board.partnership,
            "board": board,
            "breadcrumbs": breadcrumbs.to_board(board),
            "title": "Add terms of reference",
            "back": board.get_absolute_url(),
            "multipart": True,
        },
        success_url=lambda saved: board.get_absolute_url(),
        message="Terms of reference saved.",
    )


@login_required
def terms_of_reference_download(request, pk):
    terms = TermsOfReference.objects.select_related("board__partnership").filter(pk=pk).first()
    if terms is None or not terms.document:
        raise Http404
    access.board_for_user(
        request.access, terms.board.partnership.slug, terms.board.slug, need=Need.STRUCTURE
    )
    return as_download(FileResponse(terms.document.open("rb")), Path(terms.document.name).name)

"""The agenda of a meeting: items, their order, and the papers for each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.concurrency import save_or_conflict
from core.downloads import as_download

from .. import access, breadcrumbs, search_index
from ..access import Need
from ..meeting_forms import AgendaItemForm, PaperForm
from ..models import AgendaItem, Paper
from ..services import meetings as services


def item_for_user(user, pk: int, need: Need) -> AgendaItem:
    """An agenda item, found through its meeting's board: 404 outside the user's partnerships."""
    item = AgendaItem.objects.filter(pk=pk).only("meeting_id").first()
    if item is None:
        raise Http404("No such agenda item")
    meeting = access.meeting_for_user(user, item.meeting_id, need=need)
    item = AgendaItem.objects.select_related("presenter").get(pk=pk)
    item.meeting = meeting
    return item


def _agenda_url(item: AgendaItem) -> str:
    return f"{item.meeting.get_absolute_url()}#item-{item.pk}"


def _page(request, meeting, form, title, *, multipart=False):
    return render(
        request,
        "boards/form_page.html",
        {
            "partnership": meeting.board.partnership,
            "board": meeting.board,
            "breadcrumbs": breadcrumbs.to_meeting(meeting),
            "form": form,
            "title": title,
            "back": meeting.get_absolute_url(),
            "multipart": multipart,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_add(
                meeting=meeting,
                **{name: form.cleaned_data[name] for name in AgendaItemForm.Meta.fields},
            )
        except services.MinutesFrozen as frozen:
            form.add_error(None, str(frozen))
        else:
            messages.success(request, f"Item {item.position} added.")
            return redirect(_agenda_url(item))
    return _page(request, meeting, form, f"Add an item to the agenda of {meeting.date:%-d %B %Y}")


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = item_for_user(request.access, pk, need=Need.EDIT)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.ensure_agenda_open(item.meeting)
        except services.MinutesFrozen as frozen:
            form.add_error(None, str(frozen))
        else:
            if save_or_conflict(form, then=search_index.agenda_item_indexed):
                messages.success(request, f"Item {item.position} saved.")
                return redirect(_agenda_url(item))
    return _page(request, item.meeting, form, f"Change item {item.position}")


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request, pk):
    item = item_for_user(request.access, pk, need=Need.EDIT)
    if request.method == "POST":
        try:
            services.agenda_item_remove(item=item)
        except services.MinutesFrozen as frozen:
            messages.error(request, str(frozen))
        else:
            messages.success(request, f"Item “{item.title}” removed; the agenda is renumbered.")
        return redirect(item.meeting)
    return render(
        request,
        "boards/meetings/confirm.html",
        {
            "partnership": item.meeting.board.partnership,
            "breadcrumbs": breadcrumbs.to_meeting(item.meeting),
            "title": f"Remove item {item.position}, {item.title}?",
            "warning": "Its minutes and papers are removed with it.",
            "button": "Remove item",
            "back": _agenda_url(item),
        },
    )


@login_required
@require_POST
def item_move(request, pk):
    item = item_for_user(request.access, pk, need=Need.EDIT)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, "Choose to move the item up or down.")
        return redirect(item.meeting)
    try:
        item = services.agenda_item_move(item=item, direction=direction)
    except services.MinutesFrozen as frozen:
        messages.error(request, str(frozen))
        return redirect(item.meeting)
    messages.success(request, f"“{item.title}” is now item {item.position}.")
    return redirect(
        f"{item.meeting.get_absolute_url()}?moved={item.pk}&dir={direction}#item-{item.pk}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_add(request, pk):
    item = item_for_user(request.access, pk, need=Need.EDIT)
    form = PaperForm(
        request.POST or None,
        request.FILES or None,
        item=item,
        initial={"label": services.next_paper_label(item)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_add(
                item=item,
                upload=form.cleaned_data["document"],
                label=form.cleaned_data["label"],
                title=form.cleaned_data["title"],
                content_type=form.content_type,
                user=request.user,
            )
        except services.MinutesFrozen as frozen:
            form.add_error(None, str(frozen))
        else:
            messages.success(request, f"Paper {paper.label} uploaded.")
            return redirect(_agenda_url(item))
    return _page(
        request, item.meeting, form, f"Upload a paper for item {item.position}", multipart=True
    )


def paper_for_user(user, pk: int, need: Need) -> Paper:
    paper = Paper.objects.select_related("agenda_item").filter(pk=pk).first()
    if paper is None:
        raise Http404("No such paper")
    paper.agenda_item.meeting = access.meeting_for_user(
        user, paper.agenda_item.meeting_id, need=need
    )
    return paper


@login_required
def paper_download(request, pk):
    paper = paper_for_user(request.access, pk, need=Need.VIEW)
    response = as_download(
        FileResponse(paper.document.open("rb"), content_type=paper.content_type),
        paper.original_name,
        inline=paper.is_pdf,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def paper_remove(request, pk):
    paper = paper_for_user(request.access, pk, need=Need.EDIT)
    try:
        services.paper_remove(paper=paper)
    except services.MinutesFrozen as frozen:
        messages.error(request, str(frozen))
    else:
        messages.success(request, f"Paper {paper.label} removed.")
    return redirect(_agenda_url(paper.agenda_item))

"""Members' replies before a meeting: through the invitation's link (no sign-in) or signed in,
and the secretary's invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.text import get_text_list
from django.views.decorators.http import require_http_methods, require_POST

from .. import access, breadcrumbs
from ..access import Need
from ..meeting_forms import ReplyForm
from ..models import MeetingReply, Person
from ..services import replies as services


def _reply_page(request, meeting, person, *, action: str, user=None):
    existing = MeetingReply.objects.filter(meeting=meeting, person=person).first()
    initial = (
        {
            "answer": existing.answer,
            "deputy": existing.deputy_id,
            "deputy_name": existing.deputy_name,
            "note": existing.note,
        }
        if existing
        else {}
    )
    form = ReplyForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        deputies=services.deputy_choices(meeting, person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reply(meeting=meeting, person=person, user=user, **form.cleaned_data)
        except services.ReplyRefused as refused:
            return _closed(request, str(refused))
        messages.success(request, "Thank you: your reply has been sent to the board secretary.")
        return redirect(action)
    return render(
        request,
        "boards/meetings/reply.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            # The invitation's link works without signing in: no way round pages it cannot open.
            "breadcrumbs": breadcrumbs.to_meeting(meeting) if user else None,
            "person": person,
            "form": form,
            "existing": existing,
            "action": action,
        },
    )


def _closed(request, reason: str):
    return render(
        request,
        "boards/meetings/reply_unavailable.html",
        {"title": "Replies are closed", "reason": reason},
        status=410,
    )


@require_http_methods(["GET", "POST"])
def reply_by_link(request, token):
    """The invitation's link: whose reply it is and to which meeting come from the signed
    token alone, so it works without signing in and for no one else."""
    try:
        meeting, person = services.reply_link_read(token)
    except services.ReplyLinkInvalid:
        return render(
            request,
            "boards/meetings/reply_unavailable.html",
            {
                "title": "This link does not work",
                "reason": "The link is not complete or has been changed. Use the link in your "
                "invitation as it was sent, or sign in to reply from the meeting's page.",
            },
            status=400,
        )
    except services.ReplyRefused as refused:
        return _closed(request, str(refused))
    return _reply_page(request, meeting, person, action=request.path)


def _own_person(user, meeting) -> Person:
    person = access.people_of(user).filter(partnership_id=meeting.board.partnership_id).first()
    if person is None or not services.is_invitee(meeting, person):
        raise PermissionDenied
    return person


@login_required
@require_http_methods(["GET", "POST"])
def meeting_reply(request, pk):
    """A signed-in member replies for themselves."""
    meeting = access.meeting_for_user(request.access, pk, need=Need.VIEW)
    person = _own_person(request.access, meeting)
    closed = services.replies_closed(meeting)
    if closed:
        return _closed(request, closed)
    return _reply_page(
        request,
        meeting,
        person,
        action=reverse("boards:meeting_reply", args=[meeting.pk]),
        user=request.user,
    )


@login_required
@require_POST
def invitations_send(request, pk):
    meeting = access.meeting_for_user(request.access, pk, need=Need.EDIT)
    try:
        sent = services.invitations_send(
            meeting=meeting,
            link_for=lambda token: request.build_absolute_uri(
                reverse("boards:reply_link", args=[token])
            ),
        )
    except services.ReplyRefused as refused:
        messages.error(request, str(refused))
        return redirect(meeting)
    note = f"Invitations sent by e-mail to {sent.sent} member{pluralize(sent.sent)}."
    if sent.without_email:
        names = get_text_list([person.name for person in sent.without_email], "and")
        note += f" No e-mail address for {names}: ask them directly."
    messages.success(request, note)
    return redirect(f"{meeting.get_absolute_url()}#replies")

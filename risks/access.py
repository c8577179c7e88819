"""Who may see and change a risk, on top of boards.access: a risk is read from its own board or
from the board it is escalated to; its owner may update what they own."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from boards import access
from boards.access import Need

from .models import Risk


def risk_for_user(user, pk: int, need: Need = Need.VIEW) -> Risk:
    """A risk seen from its own board or from the board it is escalated to; owners may update
    what they own. 404 outside the user's partnerships, 403 within them without the right."""
    risk = (
        Risk.objects.select_related("board__partnership", "board__parent", "escalated_to", "owner")
        .filter(pk=pk)
        .first()
    )
    if risk is None:
        raise Http404("No such risk")
    boards = [risk.board] + ([risk.escalated_to] if risk.escalated_to else [])
    if any(access.can(user, board, need) for board in boards):
        return risk
    if risk.owner_id and risk.owner_id in access.person_ids(user):
        return risk
    if all(access.level_on(user, board) is None for board in boards):
        raise Http404("No such risk")
    raise PermissionDenied


def can_decide(user, risk: Risk) -> bool:
    """Escalating, returning and closing are the board's decisions: its secretary records them
    (the secretary of the board a risk is escalated to, too)."""
    boards = [risk.board] + ([risk.escalated_to] if risk.escalated_to else [])
    return any(access.can(user, board, Need.EDIT) for board in boards)


def can_change(user, risk: Risk) -> bool:
    """Changing and reviewing: the board's secretary and the risk's owner."""
    if can_decide(user, risk):
        return True
    return bool(risk.owner_id) and risk.owner_id in access.person_ids(user)

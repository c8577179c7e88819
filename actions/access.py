"""Who may do what to an action, on top of boards.access: an owner (an SRO, often without a seat
on the board) may read and update the actions they own; everything else follows the board role."""

from django.core.exceptions import PermissionDenied

from boards import access
from boards.access import Need

from .models import Action


def is_owner(user, action: Action) -> bool:
    people = set(access.person_ids(user))
    return any(person.pk in people for person in action.owners.all())


def can_update(user, action: Action) -> bool:
    return access.can(user, action.board, Need.EDIT) or is_owner(user, action)


def action_for_user(user, pk: int, need: Need = Need.VIEW, *, owners_too: bool = False) -> Action:
    """The action if the user may `need` it on its board. Its owners may always read it, and do
    what the board's `need` allows too with `owners_too` (update it). Outside the user's
    partnerships: 404; inside without the right: 403."""
    action = access.object_on_board_for_user(
        user, Action.objects.prefetch_related("owners"), pk, need=Need.STRUCTURE
    )
    allowed = access.can(user, action.board, need) or (
        (need == Need.VIEW or owners_too) and is_owner(user, action)
    )
    if not allowed:
        raise PermissionDenied
    return action

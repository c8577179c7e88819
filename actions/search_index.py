"""What actions puts in the search index: each action and each update on its trail."""

from collections.abc import Iterator

from django.db.models import Prefetch
from django.urls import reverse

from boards.search import Entry, Kind, index_documents

from .models import Action, ActionUpdate


def _confidential(action: Action) -> bool:
    return action.raised_at_item is not None and action.raised_at_item.confidential


def _action_entry(action: Action, owners: list) -> Entry:
    initials = [person.initials for person in owners if person.initials]
    return Entry(
        kind=Kind.ACTION,
        key=action.pk,
        partnership_id=action.board.partnership_id,
        board_id=action.board_id,
        meeting_id=action.raised_at_id,
        date=action.raised_at.date if action.raised_at else action.created_at.date(),
        owner_id=owners[0].pk if owners else None,
        confidential=_confidential(action),
        title=f"Action {action.reference}",
        body="\n".join(filter(None, [action.description, " ".join(initials), action.owner_note])),
        url=reverse("actions:detail", args=[action.pk]),
    )


def _update_entry(update: ActionUpdate, action: Action) -> Entry:
    return Entry(
        kind=Kind.ACTION_UPDATE,
        key=update.pk,
        partnership_id=action.board.partnership_id,
        board_id=action.board_id,
        meeting_id=update.meeting_id,
        date=update.created_at.date(),
        confidential=_confidential(action),
        title=f"Update to action {action.reference}",
        body=update.text,
        url=f"{reverse('actions:detail', args=[action.pk])}#update-{update.pk}",
    )


def _with_context():
    return Action.objects.select_related("board", "raised_at", "raised_at_item").prefetch_related(
        Prefetch("owners", to_attr="owner_list"), "updates"
    )


def action_indexed(action: Action) -> None:
    """The action and its updates as they stand now."""
    action = _with_context().get(pk=action.pk)
    index_documents(
        [
            _action_entry(action, action.owner_list),
            *(_update_entry(update, action) for update in action.updates.all()),
        ]
    )


def entries() -> Iterator[Entry]:
    for action in _with_context().order_by("pk").iterator(chunk_size=500):
        yield _action_entry(action, action.owner_list)
        for update in action.updates.all():
            yield _update_entry(update, action)

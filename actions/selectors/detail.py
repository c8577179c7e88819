"""One action's page: the action, its trail, its due date changes, the action it replaced and
its history."""

from django.apps import apps

from boards.history import Change, Source, change_log, change_made, history_of, person_name
from boards.models import Person

from ..models import Action, ActionUpdate, DueDateChange


def action_detail(pk: int) -> Action:
    return (
        Action.objects.select_related(
            "board__partnership", "raised_at", "raised_at_item", "closed_at", "successor"
        )
        .prefetch_related("owners")
        .get(pk=pk)
    )


def trail(action: Action) -> list[ActionUpdate]:
    return list(action.updates.select_related("author", "meeting__board"))


def due_date_changes(action: Action) -> list[DueDateChange]:
    return list(action.due_date_changes.select_related("changed_by", "meeting"))


def predecessor_of(action: Action) -> Action | None:
    return Action.objects.filter(successor=action).select_related("board").first()


def _owner_changes(action: Action) -> list[Change]:
    """Owner changes from simple-history's snapshots of the owners of each historical row."""
    through = apps.get_model("actions", "HistoricalAction_owners")
    records = list(
        history_of(Action)
        .filter(id=action.pk)
        .annotate(who=person_name("history_user"))
        .order_by("history_date", "history_id")
    )
    snapshots: dict[int, set[int]] = {record.history_id: set() for record in records}
    for history_id, person_id in through.objects.filter(history_id__in=list(snapshots)).values_list(
        "history_id", "person_id"
    ):
        snapshots[history_id].add(person_id)
    people = Person.objects.in_bulk({p for ids in snapshots.values() for p in ids})

    def shown(ids):
        return "/".join(sorted(people[p].initials for p in ids if p in people))

    changes = []
    for before, after in zip(records, records[1:], strict=False):
        old, new = snapshots[before.history_id], snapshots[after.history_id]
        if old == new or (before.history_type == "+" and not old):
            continue  # the owners named as the action was added are part of adding it
        if not old:
            sentence = f"Owners set to {shown(new)}"
        elif not new:
            sentence = f"Owners removed (they were {shown(old)})"
        else:
            sentence = f"Owners changed from {shown(old)} to {shown(new)}"
        changes.append(
            change_made(
                when=after.history_date,
                who=after.who,
                subject=f"Action {action.reference}",
                details=[(sentence, "")],
            )
        )
    return changes


def action_changes(action: Action, limit: int | None = 100) -> list[Change]:
    # When it was captured from, when it was last saved and its sort key are the app's own
    # bookkeeping.
    bookkeeping = frozenset({"created_at", "source_line", "sort_key"})
    entries = change_log(
        [
            Source(
                history_of(Action).filter(id=action.pk),
                lambda row, _r: f"Action {row.reference}",
                hidden=bookkeeping,
            ),
            Source(
                history_of(ActionUpdate).filter(action_id=action.pk),
                lambda row, _r: (
                    "Update"
                    if row.outcome == ActionUpdate.Outcome.NOTE
                    else (f"Update: {ActionUpdate.Outcome(row.outcome).label}")
                ),
                text=lambda row: row.text,
                hidden=frozenset({"created_at"}),
            ),
        ],
        limit=None,
    )
    entries += _owner_changes(action)
    entries.sort(key=lambda change: change.when, reverse=True)
    return entries[:limit] if limit else entries

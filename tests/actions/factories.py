import datetime

import factory
from factory.django import DjangoModelFactory

from actions.models import Action, ActionUpdate, reference_sort_key
from tests.boards.factories import BoardFactory


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda a: str(a.number))
    sort_key = factory.LazyAttribute(
        lambda a: reference_sort_key(
            a.reference, a.raised_at.date if getattr(a, "raised_at", None) else None
        )
    )
    description = factory.Sequence(lambda n: f"Produce paper number {n} for the board")
    due_date = datetime.date(2023, 3, 31)
    original_due_date = factory.SelfAttribute("due_date")

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)


class ActionUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    text = "Work is under way."

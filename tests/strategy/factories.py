import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from strategy.models import (
    ChecklistItem,
    HighlightReport,
    Indicator,
    IndicatorValue,
    Plan,
    PlanAction,
    Priority,
    Rag,
)
from tests.boards.factories import BoardFactory, MeetingFactory, PersonFactory


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    owner_board = factory.SubFactory(BoardFactory)
    partnership = factory.SelfAttribute("owner_board.partnership")
    kind = Plan.Kind.STRATEGIC_ACTION_PLAN
    title = factory.Sequence(lambda n: f"Strategic Action Plan {n}")
    period_start = datetime.date(2023, 7, 1)
    period_end = datetime.date(2025, 7, 31)
    published_on = datetime.date(2023, 7, 21)


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    text = "Leaders are empowered to drive forward improvements at pace."
    sro = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..plan.partnership"))
    rag = Rag.GREEN


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    priority = factory.SubFactory(PriorityFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Action {n}")
    lead = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..priority.plan.partnership")
    )
    due_date = datetime.date(2024, 3, 31)
    original_due_date = factory.SelfAttribute("due_date")
    milestone = PlanAction.Milestone.FOUR_MONTH
    rag = Rag.GREEN


class ChecklistItemFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    partnership = factory.SubFactory("tests.boards.factories.PartnershipFactory")
    title = factory.Sequence(lambda n: f"Checklist item {n}")
    position = factory.Sequence(lambda n: n)


class HighlightReportFactory(DjangoModelFactory):
    class Meta:
        model = HighlightReport

    priority = factory.SubFactory(PriorityFactory)
    meeting = factory.SubFactory(
        MeetingFactory, board=factory.SelfAttribute("..priority.plan.owner_board")
    )
    rag = Rag.GREEN
    summary = "Revised governance arrangements in place."
    deadline = factory.LazyAttribute(lambda r: r.meeting.date - datetime.timedelta(days=7))


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory("tests.boards.factories.PartnershipFactory")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    target = Decimal("80")
    polarity = Indicator.Polarity.HIGHER
    frequency = Indicator.Frequency.QUARTERLY


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = datetime.date(2023, 10, 1)
    value = Decimal("75")

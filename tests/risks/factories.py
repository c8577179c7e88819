import datetime

import factory
from factory.django import DjangoModelFactory

from risks.models import Risk, RiskReview
from tests.boards.factories import BoardFactory

# The scores of a risk as the risk form sends them.
FORM_SCORES = {
    "inherent_likelihood": "5",
    "inherent_impact": "5",
    "current_likelihood": "4",
    "current_impact": "3",
    "target_likelihood": "2",
    "target_impact": "2",
}


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk

    board = factory.SubFactory(BoardFactory)
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda risk: f"R{risk.number}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    description = "Demand for specialist places outstrips supply."
    raised_on = datetime.date(2023, 1, 26)
    review_date = datetime.date(2030, 1, 1)
    inherent_likelihood = 4
    inherent_impact = 5
    current_likelihood = 3
    current_impact = 4
    target_likelihood = 2
    target_impact = 3


class RiskReviewFactory(DjangoModelFactory):
    class Meta:
        model = RiskReview

    risk = factory.SubFactory(RiskFactory)
    reviewed_on = datetime.date(2023, 2, 23)
    inherent_likelihood = 4
    inherent_impact = 5
    current_likelihood = 3
    current_impact = 4
    target_likelihood = 2
    target_impact = 3
    previous_score = 12

"""What the strategy app adds to boards' pages and documents, through boards.registry."""

from django.urls import reverse


def board_plans(request, board):
    """The plans the board owns, on its page."""
    plans = list(board.plans.all())
    if not plans and not request.user.is_authenticated:
        return None
    return {
        "template": "strategy/partials/board_plans.html",
        "context": {
            "plans": plans,
            "plans_url": reverse("strategy:plans", args=[board.partnership.slug]),
        },
    }

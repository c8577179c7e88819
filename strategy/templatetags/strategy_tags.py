from django import template

from strategy.models import Rag

register = template.Library()


@register.inclusion_tag("strategy/partials/rag.html")
def rag(value):
    """A RAG status in colour and words; "Not rated" when none is set."""
    return {"value": value, "label": Rag(value).label if value in Rag.values else "Not rated"}


@register.simple_tag
def measure(indicator, value):
    """A value in the indicator's unit: "76%", "52 weeks", "1834"."""
    return indicator.format(value)

from django import template

from strategy.models import Rag

register = template.Library()


@register.inclusion_tag("strategy/partials/rag.html")
def rag(value):
    """A RAG status in colour and words; "Not rated" when none is set."""
    return {"value": value, "label": Rag(value).label if value in Rag.values else "Not rated"}

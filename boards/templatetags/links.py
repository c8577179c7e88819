"""{% link %}: {% url %} for the rows of long lists and the busiest pages (see boards.links)."""

from django import template

from ..links import link as _link

register = template.Library()


@register.simple_tag
def link(name, *args):
    return _link(name, *args)

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.base import set_script_prefix
from django.urls.converters import IntConverter, SlugConverter, StringConverter

from boards.links import link

SAMPLES = {IntConverter: 4021, SlugConverter: "send-ops_2", StringConverter: "pdf"}


def named_patterns(resolver=None, namespace=""):
    """Every named URL of the project with a sample argument for each of its parameters."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = entry.pattern.converters.values()
            if all(type(c) in SAMPLES for c in converters):
                yield f"{namespace}{entry.name}", [SAMPLES[type(c)] for c in converters]


def reversible(name, args) -> bool:
    try:
        reverse(name, args=args)
    except NoReverseMatch:  # two patterns share the name and this one takes other arguments
        return False
    return True


PATTERNS = sorted(
    {(name, tuple(args)) for name, args in named_patterns() if reversible(name, args)}
)


def test_the_project_has_row_links_to_check():
    names = {name for name, _args in PATTERNS}
    assert {"actions:detail", "risks:detail", "boards:board", "boards:meeting"} <= names


@pytest.mark.parametrize(("name", "args"), PATTERNS)
def test_a_link_is_the_reversed_url(name, args):
    assert link(name, *args) == reverse(name, args=args)


def test_links_follow_the_script_prefix_of_the_request():
    set_script_prefix("/governance/")
    try:
        assert (
            link("actions:detail", 7)
            == "/governance/actions/7/"
            == reverse("actions:detail", args=[7])
        )
    finally:
        set_script_prefix("/")
    assert link("actions:detail", 7) == "/actions/7/"


def test_numbers_given_as_text_and_other_arguments_are_reversed_alike():
    assert link("actions:detail", "7") == reverse("actions:detail", args=["7"])
    with pytest.raises(NoReverseMatch):
        link("actions:detail", "seven")
    with pytest.raises(NoReverseMatch):
        link("boards:board", "a b", "c")
    with pytest.raises(NoReverseMatch):
        link("actions:detail", -7)

"""Addresses of the rows of long lists and of the busiest pages.

`reverse()` searches the URL patterns on every call, which a page of 25 rows with two or three
links each pays 50 to 75 times, and a meeting page once or twice per agenda item. `link()`
reverses each URL name once per process, with markers for its arguments, and then fills the
markers in. Only whole numbers and slugs are filled in this way (what these links take); anything
else goes through `reverse()`.
"""

import functools
import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.urls.converters import IntConverter, SlugConverter

# The path converters' own patterns: what an argument must look like to be filled in as is.
_INT = re.compile(IntConverter.regex + r"\Z")
_SLUG = re.compile(SlugConverter.regex + r"\Z")


def _marker(index: int, kind: str) -> str:
    # A marker passes the same path converters as the argument it stands for: digits for a
    # number, letters round digits (no int converter takes it) for a slug.
    return f"9137{index:04d}5" if kind == "int" else f"zq{index:04d}qz"


@receiver(setting_changed)
def _forget_shapes(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _shape.cache_clear()


@functools.cache
def _shape(name: str, kinds: tuple[str, ...]) -> tuple[re.Pattern | None, str]:
    markers = [_marker(index, kind) for index, kind in enumerate(kinds)]
    url = reverse(name, args=markers).removeprefix(get_script_prefix())
    return (re.compile("|".join(markers)) if markers else None), url


def link(name: str, *args) -> str:
    """reverse(name, args=args), for arguments that are whole numbers or slugs."""
    kinds, values = [], {}
    for index, arg in enumerate(args):
        text = str(arg) if type(arg) in (int, str) else ""
        if _INT.match(text):
            kind = "int"
        elif _SLUG.match(text):
            kind = "slug"
        else:
            return reverse(name, args=args)
        kinds.append(kind)
        values[_marker(index, kind)] = text
    try:
        pattern, url = _shape(name, tuple(kinds))
    except NoReverseMatch:  # a pattern whose converters take none of these markers
        return reverse(name, args=args)
    if pattern is not None:
        url = pattern.sub(lambda found: values[found[0]], url)
    return get_script_prefix() + url

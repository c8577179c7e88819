"""Minutes as the secretary types them, stored and shown safely.

The secretary types plain text: one paragraph a line, "- " starts a bullet, **bold**, and web
addresses become links. Whatever is typed or pasted passes through nh3 before it is stored and
again when it becomes HTML, so no script or markup reaches a page or a document.

Parsing markup costs far more than its length suggests (lists nested thousands deep took nh3
seconds, and WeasyPrint minutes, to lay out), so the size of the text and of any markup in it is
checked first, by one linear scan, and text beyond the limits is refused before anything parses it.
"""

import html
import re
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "b", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_BULLET = re.compile(r"^\s*[-*•]\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_URL = re.compile(r"(?<![\"'=>])\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:)]")
_ACTION = re.compile(r"^(Action:)", re.IGNORECASE)


# An item's minutes run to a few thousand characters; these limits are far above what a secretary
# types, and far below what makes parsing or printing slow.
MAX_CHARACTERS = 20_000
MAX_ELEMENTS = 500  # tags of any kind
MAX_DEPTH = 10  # elements inside elements

_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
_CLOSES_ITS_LIKE = {"p", "li"}  # a new <p> or <li> ends the one open before it


@dataclass(frozen=True)
class Markup:
    elements: int
    depth: int


def markup_of(text: str) -> Markup:
    """How many elements the text's markup has and how deep they nest, from its tags alone.

    Linear in the text, and never below what a browser's parser would build, so it can be
    trusted before the text is parsed; unclosed tags count as still open."""
    elements, depth, open_tags = 0, 0, []
    for match in _TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
            continue
        elements += 1
        if name in _VOID:
            continue
        if name in _CLOSES_ITS_LIKE and open_tags and open_tags[-1] == name:
            open_tags.pop()
        open_tags.append(name)
        depth = max(depth, len(open_tags))
        if depth > MAX_DEPTH:
            break  # refused either way: no need to read further
    return Markup(elements, depth)


def check_minutes(text: str) -> None:
    """Refuse text too long, or with too much markup, to be parsed and printed quickly.

    Raises ValidationError with a message for the secretary, shown at the field."""
    if len(text) > MAX_CHARACTERS:
        raise ValidationError(
            f"This text is too long to keep: it can be at most {MAX_CHARACTERS:,} characters, "
            f"and it has {len(text):,}. Shorten it, or put the detail in a paper for the item.",
            code="too_long",
        )
    _check_markup(text)


def _check_markup(text: str) -> None:
    markup = markup_of(text)
    if markup.depth > MAX_DEPTH or markup.elements > MAX_ELEMENTS:
        raise ValidationError(
            "This text holds more markup than can be kept (tags such as <ul> or <div>: at most "
            f"{MAX_ELEMENTS}, inside each other at most {MAX_DEPTH} deep). Type it as plain "
            'text: one paragraph a line, "- " at the start of a bullet.',
            code="too_much_markup",
        )


def _parseable(text: str) -> bool:
    try:
        _check_markup(text)
    except ValidationError:
        return False
    return True


def _sanitise(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def clean_minutes(text: str) -> str:
    """What is stored: disallowed markup removed, the typed characters otherwise kept.

    Raises ValidationError (see check_minutes) for text beyond the limits, before parsing it.
    The markup of the result is checked too: decoding entities can turn text into tags."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    check_minutes(text)
    cleaned = html.unescape(_sanitise(text)).strip()
    _check_markup(cleaned)
    return cleaned


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """Paragraphs and bullet lists, in order, from the stored text."""
    result: list[Block] = []
    bullets: list[str] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if _BULLET.match(raw):
            bullets.append(_BULLET.sub("", raw).strip())
            continue
        if bullets:
            result.append(Block("ul", tuple(bullets)))
            bullets = []
        if line:
            result.append(Block("p", (line,)))
    if bullets:
        result.append(Block("ul", tuple(bullets)))
    return result


def _inline(line: str) -> str:
    line = _BOLD.sub(r"<strong>\1</strong>", line)
    line = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', line)
    return _ACTION.sub(r"<strong>\1</strong>", line)


def minutes_html(text: str) -> SafeString:
    if not _parseable(text):
        # Stored before the limits existed: shown as typed, every tag as text, without parsing.
        lines = (html.escape(line) for line in text.splitlines() if line.strip())
        return mark_safe("".join(f"<p>{line}</p>" for line in lines))  # noqa: S308 - escaped
    parts = []
    for block in blocks(text):
        if block.kind == "ul":
            items = "".join(f"<li>{_inline(line)}</li>" for line in block.lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{_inline(block.lines[0])}</p>")
    return mark_safe(_sanitise("".join(parts)))  # noqa: S308 - sanitised just above


def plain_runs(line: str) -> list[tuple[str, bool]]:
    """A line as (text, bold) runs with every tag removed, for Word documents."""
    if _parseable(line):
        text = html.unescape(nh3.clean(line, tags=set()))
    else:  # stored before the limits existed: the tags dropped without parsing
        text = html.unescape(re.sub(r"<[^<>]*>", "", line))
    runs: list[tuple[str, bool]] = []
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            runs.append((text[position : match.start()], False))
        runs.append((match.group(1), True))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], False))
    if runs and _ACTION.match(runs[0][0]) and not runs[0][1]:
        first = runs[0][0]
        runs[0:1] = [("Action:", True), (first[len("Action:") :], False)]
    return runs

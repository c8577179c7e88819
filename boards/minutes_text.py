"""Minutes as the secretary types them, stored and shown safely.

The secretary types plain text: one paragraph a line, "- " starts a bullet, **bold**, and web
addresses become links. Whatever is typed or pasted passes through nh3 before it is stored and
again when it becomes HTML, so no script or markup reaches a page or a document.
"""

import html
import re
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "b", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_BULLET = re.compile(r"^\s*[-*•]\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_URL = re.compile(r"(?<![\"'=>])\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:)]")
_ACTION = re.compile(r"^(Action:)", re.IGNORECASE)


def _sanitise(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def clean_minutes(text: str) -> str:
    """What is stored: disallowed markup removed, the typed characters otherwise kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return html.unescape(_sanitise(text)).strip()


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
    text = html.unescape(nh3.clean(line, tags=set()))
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

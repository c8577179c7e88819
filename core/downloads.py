"""The name a download is saved under, made safe for the Content-Disposition header.

Every download names its file through `as_download`: names are built from what people typed
(a board's short name, a plan's title, a paper's file name), and a quote or a line break in them
would otherwise end the header early or break it (`X";evil=1`). The header carries an ASCII
`filename` for old browsers and the name itself, percent-encoded, as `filename*` (RFC 6266 and
RFC 5987).
"""

import re
import unicodedata
from urllib.parse import quote

from .inputs import clean_text

_NOT_PLAIN = re.compile(r"[^A-Za-z0-9 ._()+-]+")
_SEPARATORS = re.compile(r"[\s/\\]+")


def safe_filename(name: str) -> str:
    """`name` without what no file name should hold: control characters, line breaks, tabs and
    path separators (a paper's original name could try `../`)."""
    name = _SEPARATORS.sub(" ", clean_text(name, single_line=True)).strip(" .")
    return name or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    name = safe_filename(filename)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = _NOT_PLAIN.sub("_", ascii_name).strip()
    if not fallback or fallback.startswith("."):
        fallback = "download" + fallback
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def as_download(response, filename: str, *, inline: bool = False):
    """`response`, saved as (or, `inline`, shown as) `filename`."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response

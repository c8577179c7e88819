"""What the selectors share."""


def with_owner(owner, rows, field: str) -> list:
    """Rows read by their owner's id, given the owner instance the page has already."""
    rows = list(rows)
    for row in rows:
        setattr(row, field, owner)
    return rows

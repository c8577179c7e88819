"""Reads that pages share, with their select_related and prefetch_related.

- `structure`: the board tree, a board's members, terms of reference, child boards and changes,
  the sections other apps add to the board page, a new partnership's set-up steps, the people a
  deputy can attend for, and namesakes.
- `meetings`: a board's meetings, the meetings around one, its agenda, attendance, declarations
  and minutes progress, the forward plan, published minutes, and the meetings on "Your work".
- `base`: giving rows the owner the page already holds.
"""

"""Reads of the action log that pages, exports and the meeting share.

- `log`: the log's columns, rows and sorting, its FilterSet, and the counts by status and board.
- `mine`: the actions people own: "My actions" and the open actions on "Your work".
- `meeting`: a meeting's action log and what was said about each action at it.
- `detail`: one action's page: its trail, due date changes, predecessor and history.
"""

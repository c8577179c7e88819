"""Every change to the action log goes through these functions.

Appending an update never conflicts: two owners writing at once both land in the trail. Changing
an action's fields (status, due date, description) checks the version the user started from and
raises EditConflict when someone else changed it meanwhile.

- `base`: ActionError, which every module raises for a change the rules do not allow, and locking
  and saving an open action.
- `log`: references, adding an action, capturing one from the minutes, numbering them as minuted.
- `updates`: the trail (an update) and the due date (a new date with its reason).
- `closure`: proposing closure, closing, closing and replacing with a new action.
- `edits`: the secretary's corrections.
- `meeting`: what the board said about an action at a meeting, in one step.
- `owner_updates`: an owner's update with a new date or a proposed closure, in one step.
"""

"""Writes that matter, one function each: `<thing>_<verb>`, keyword-only, atomic."""

from .plans import (
    SignOffRefused,
    checklist_item_mark,
    plan_action_create,
    plan_action_reschedule,
    plan_checklist_sync,
    plan_create,
    plan_sign_off,
    progress_update_add,
    rag_set,
)
from .reports import highlight_report_remind, highlight_report_save

__all__ = [
    "highlight_report_remind",
    "highlight_report_save",
    "SignOffRefused",
    "checklist_item_mark",
    "plan_action_create",
    "plan_action_reschedule",
    "plan_checklist_sync",
    "plan_create",
    "plan_sign_off",
    "progress_update_add",
    "rag_set",
]

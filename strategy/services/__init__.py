"""Writes that matter, one function each: `<thing>_<verb>`, keyword-only, atomic."""

from .indicators import (
    GridConflict,
    GridRow,
    ImportResult,
    SaveCounts,
    indicator_values_grid_save,
    indicator_values_import,
    indicator_values_save,
    parse_period,
)
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
    strategy_version_add,
)
from .reports import highlight_report_remind, highlight_report_save

__all__ = [
    "GridConflict",
    "GridRow",
    "ImportResult",
    "SaveCounts",
    "indicator_values_grid_save",
    "indicator_values_import",
    "indicator_values_save",
    "parse_period",
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
    "strategy_version_add",
]

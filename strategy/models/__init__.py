from .indicators import Indicator, IndicatorValue
from .plans import (
    ChecklistItem,
    Plan,
    PlanAction,
    PlanChecklistItem,
    Priority,
    ProgressUpdate,
    Rag,
    RagChange,
    SignOffStep,
    Slippage,
    StrategyVersion,
)
from .reports import HighlightReport, HighlightReportReminder, NextStep

__all__ = [
    "ChecklistItem",
    "HighlightReport",
    "HighlightReportReminder",
    "Indicator",
    "IndicatorValue",
    "NextStep",
    "Plan",
    "PlanAction",
    "PlanChecklistItem",
    "Priority",
    "ProgressUpdate",
    "Rag",
    "RagChange",
    "SignOffStep",
    "Slippage",
    "StrategyVersion",
]

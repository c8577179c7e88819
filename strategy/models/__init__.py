from .governance import ChecklistItem, PlanChecklistItem, SignOffStep, StrategyVersion
from .indicators import Indicator, IndicatorValue
from .plans import Plan, PlanAction, Priority, ProgressUpdate, Rag, RagChange, Slippage
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

"""The plans area's tables: plans and goals, measures with their money and history, indicators
with measured values, and the requests and reports of monitoring."""

from forum.plans.models.indicators import Indicator, IndicatorValue
from forum.plans.models.measures import (
    FundingApplication,
    Measure,
    MeasureBudget,
    MeasureOrigin,
    ProgressUpdate,
)
from forum.plans.models.plans import (
    Goal,
    MonitoringReport,
    MonitoringReportPdf,
    Plan,
    ReportRequest,
)

__all__ = ["FundingApplication", "Goal", "Indicator", "IndicatorValue", "Measure",
           "MeasureBudget", "MeasureOrigin", "MonitoringReport", "MonitoringReportPdf", "Plan",
           "ProgressUpdate", "ReportRequest"]

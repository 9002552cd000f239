"""A plan's open data: its measures with money, and every indicator value, as CSV and JSON.
Amounts are given in the currency's minor units, as integers, with the currency named."""

from __future__ import annotations

from forum.plans.indicators import indicators_of
from forum.plans.overview import Overview

MEASURE_COLUMNS = ("code", "title", "language", "institution", "partners", "starts_on",
                   "ends_on", "status", "status_reason", "planned_minor", "planned_by_year",
                   "granted_minor", "spent_minor", "currency")
VALUE_COLUMNS = ("indicator_id", "indicator", "unit", "goal", "measure", "baseline",
                 "baseline_year", "target", "target_year", "measured_on", "value",
                 "reported_by", "source")


def measure_rows(plan, view: Overview) -> list[dict]:
    currency = plan.forum.currency
    return [{"code": m.code, "title": m.title, "language": m.language,
             "institution": m.institution, "partners": "; ".join(m.partners or []),
             "starts_on": m.starts_on.isoformat(), "ends_on": m.ends_on.isoformat(),
             "status": m.status, "status_reason": m.status_reason,
             "planned_minor": m.planned_total,
             "planned_by_year": "; ".join(f"{b.year} {b.source} {b.amount}" for b in m.budgets),
             "granted_minor": view.granted.get(m.id, 0),
             "spent_minor": m.spent, "currency": currency,
             "budgets": [{"year": b.year, "source": b.source, "budget_line": b.budget_line,
                          "amount_minor": b.amount} for b in m.budgets]}
            for m in view.all_measures()]


def value_rows(plan, view: Overview) -> list[dict]:
    codes = {m.id: m.code for m in view.all_measures()}
    goals = {g.id: g.number for g in view.goals}
    rows = []
    for indicator in indicators_of(plan):
        base = {"indicator_id": indicator.id, "indicator": indicator.name,
                "unit": indicator.unit, "goal": goals.get(indicator.goal_id, ""),
                "measure": codes.get(indicator.measure_id, ""),
                "baseline": str(indicator.baseline), "baseline_year": indicator.baseline_year,
                "target": str(indicator.target), "target_year": indicator.target_year}
        for value in indicator.values:
            rows.append({**base, "measured_on": value.measured_on.isoformat(),
                         "value": str(value.value), "reported_by": value.reported_by,
                         "source": value.source})
    return rows


def as_json(plan, view: Overview) -> dict:
    return {"plan": {"id": plan.id, "title": plan.title, "language": plan.language,
                     "start_year": plan.start_year, "end_year": plan.end_year,
                     "status": plan.status, "currency": plan.forum.currency},
            "measures": measure_rows(plan, view), "indicator_values": value_rows(plan, view)}


def csv_rows(rows: list[dict], columns: tuple[str, ...]) -> list[list]:
    return [[row.get(name, "") for name in columns] for row in rows]

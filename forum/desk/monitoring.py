"""The desk's public figures: anonymous counts of cases by month, category, target group,
institution and outcome, and the median time to a first answer. A count under five is shown as
"fewer than 5", so nobody can be recognised; free text the person typed never appears."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.desk.models import Case, Institution, category_label
from forum.desk.states import STATUS_LABELS
from forum.extensions import db
from forum.proposals.groups import all_of

SMALL = 5  # counts under this are not shown
MONTHS = 12
DIMENSIONS = {
    "month": _l("By month"),
    "category": _l("By category"),
    "group": _l("By group concerned"),
    "institution": _l("By institution concerned"),
    "outcome": _l("By outcome"),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int | None  # None: fewer than SMALL

    @property
    def shown(self) -> str:
        return str(self.count) if self.count is not None else str(_l("fewer than 5"))


def masked(count: int) -> int | None:
    return count if count >= SMALL else None


def _months(today: date) -> list[str]:
    year, month, keys = today.year, today.month, []
    for _step in range(MONTHS):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(keys))


def cases_of(forum) -> list:
    """What the figures count of each of the forum's cases (never its text), with the name of
    the institution concerned: one query, however many cases."""
    return list(db.session.execute(
        select(Case.created_at, Case.category, Case.groups, Case.status, Case.answered_at,
               Institution.name.label("institution"))
        .outerjoin(Institution, Case.institution_id == Institution.id)
        .where(Case.forum_id == forum.id)))


def figures(forum, settings, today: date, cases=None) -> dict[str, list[Row]]:
    """Every dimension's rows; rows whose count is masked keep their label only. `cases` as
    `cases_of` gives them, when the caller has them already."""
    cases = cases_of(forum) if cases is None else cases
    months = Counter(c.created_at.strftime("%Y-%m") for c in cases)
    categories = Counter(c.category for c in cases)
    groups = Counter(g for c in cases for g in set(c.groups or []))
    institutions = Counter(c.institution or "" for c in cases)
    outcomes = Counter(c.status for c in cases)
    other = str(_l("Other or not named"))
    category_keys = list(dict.fromkeys([*settings.categories, *categories]))
    return {
        "month": [Row(m, m, masked(months[m])) for m in _months(today)],
        "category": [Row(k, category_label(k), masked(categories[k])) for k in category_keys],
        "group": [Row(str(g.id), g.label().text, masked(groups[g.id])) for g in all_of(forum)
                  if groups[g.id] or not g.retired],
        "institution": [Row(name or "-", name or other, masked(n))
                        for name, n in sorted(institutions.items(), key=lambda i: -i[1])],
        "outcome": [Row(s, str(label), masked(outcomes[s])) for s, label in STATUS_LABELS.items()],
    }


def total(forum, cases=None) -> int | None:
    return masked(len(cases_of(forum) if cases is None else cases))


def median_days_to_answer(forum, cases=None) -> float | None:
    """The median of calendar days from filing to the first answer; None under five answers."""
    cases = cases_of(forum) if cases is None else cases
    days = [(c.answered_at - c.created_at).total_seconds() / 86400 for c in cases
            if c.answered_at is not None]
    return round(statistics.median(days), 1) if len(days) >= SMALL else None


def as_rows(data: dict[str, list[Row]]) -> list[tuple[str, str, str]]:
    """(dimension, label, count or 'fewer than 5') for the CSV download."""
    return [(dimension, row.label, row.count if row.count is not None else f"<{SMALL}")
            for dimension, rows in data.items() for row in rows]


def as_json(forum, data: dict[str, list[Row]], median: float | None, cases=None) -> dict:
    return {
        "forum": forum.slug,
        "note": f"Counts under {SMALL} are given as null with fewer_than {SMALL}.",
        "total": total(forum, cases),
        "median_days_to_answer": median,
        "figures": {dimension: [{"key": r.key, "label": r.label, "count": r.count,
                                 **({"fewer_than": SMALL} if r.count is None else {})}
                                for r in rows] for dimension, rows in data.items()},
    }


def chart_bars(rows: list[Row], *, width: int = 300, bar: int = 18, gap: int = 6,
               label_width: int = 190) -> dict:
    """Geometry of a horizontal bar chart of `rows` for the SVG template, each bar labelled:
    masked rows get no bar, only their label and "fewer than 5"."""
    biggest = max((r.count or 0 for r in rows), default=0) or 1
    bars = [{"label": r.label if len(r.label) <= 26 else r.label[:25] + "…", "shown": r.shown,
             "y": i * (bar + gap), "width": round(width * (r.count or 0) / biggest)}
            for i, r in enumerate(rows)]
    return {"bars": bars, "height": max(len(rows) * (bar + gap), bar), "bar": bar,
            "width": width, "left": label_width, "total_width": label_width + width + 110}


def figure_choices(data: dict[str, list[Row]]) -> list[tuple[str, str]]:
    """The figures the secretariat may put to the forum: rows with a shown count."""
    return [(f"{dimension}:{row.key}", f"{DIMENSIONS[dimension]} — {row.label}: {row.shown}")
            for dimension, rows in data.items() for row in rows if row.count is not None]


def find_figure(data: dict[str, list[Row]], choice: str) -> tuple[str, Row] | None:
    dimension, _sep, key = choice.partition(":")
    for row in data.get(dimension, []):
        if row.key == key and row.count is not None:
            return dimension, row
    return None

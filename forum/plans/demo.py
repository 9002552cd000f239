"""Demo plans: Roskovec's Social Plan 2024–2027 — three goals, eight measures of four
institutions, yearly money, indicators measured over three years, a progress update and a
funding application, one measure from a published decision and one from a funded budget item,
and its first monitoring report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from forum.budgeting.models.cycles import Cycle
from forum.budgeting.models.items import Item
from forum.extensions import db
from forum.minutes.models import Minutes
from forum.plans import monitoring
from forum.plans.models import (
    FundingApplication,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBudget,
    MeasureOrigin,
    Plan,
    ProgressUpdate,
)

MUNICIPALITY, NGO = "Bashkia Roskovec", "Shoqata Drom Romano"
HEALTH, POLICE = "Qendra Shëndetësore Roskovec", "Komisariati i Policisë Roskovec"

GOALS = [
    ("Fëmijët romë dhe egjiptianë shkojnë në kopsht dhe në shkollë",
     "Roma and Egyptian children go to kindergarten and school"),
    ("Familjet në nevojë marrin ndihmën që u takon", "Families in need get the help due to them"),
    ("Siguri dhe shëndet në lagje", "Safety and health in the neighbourhoods"),
]
# (goal, title, institution, partners, start, end, {year: amount in lek}, source, spent, status,
#  reason)
MEASURES = [
    (1, "Ndërmjetës arsimor romë në dy kopshte", NGO, [MUNICIPALITY], (2024, 2027),
     {2024: 600_000, 2025: 600_000, 2026: 600_000, 2027: 600_000}, "donor", 1_650_000,
     "on_track", ""),
    (1, "Regjistrimi në kopsht çdo të martë në lagjen rome", MUNICIPALITY, [NGO], (2024, 2025),
     {2024: 150_000, 2025: 150_000}, "municipal", 290_000, "done", ""),
    (1, "Kopsht me orar të zgjatur", MUNICIPALITY, [], (2025, 2027),
     {2025: 900_000, 2026: 900_000}, "municipal", 1_100_000, "on_track", ""),
    (2, "Punonjëse sociale për familjet rome një ditë në javë", MUNICIPALITY, [NGO],
     (2024, 2027), {2024: 400_000, 2025: 400_000, 2026: 400_000, 2027: 400_000}, "municipal",
     1_150_000, "on_track", ""),
    (2, "Ndihmë me formularët e ndihmës ekonomike", NGO, [], (2024, 2026),
     {2024: 120_000, 2025: 120_000, 2026: 120_000}, "donor", 300_000, "delayed",
     "Donatori e shtyu pagesën e dytë deri në vitin 2027."),
    (3, "Kontrolle shëndetësore falas në lagje", HEALTH, [NGO], (2024, 2027),
     {2024: 250_000, 2025: 250_000, 2026: 250_000, 2027: 250_000}, "national", 700_000,
     "on_track", ""),
    (3, "Vaksinimi i fëmijëve që nuk janë regjistruar", HEALTH, [MUNICIPALITY], (2024, 2025),
     {2024: 180_000, 2025: 180_000}, "national", 360_000, "done", ""),
    (3, "Polic i lagjes dhe takime me të rinjtë", POLICE, [NGO, MUNICIPALITY], (2025, 2026),
     {2025: 100_000, 2026: 100_000}, "eu", 40_000, "delayed",
     "Polici i lagjes u caktua vetëm në qershor 2026."),
]
INDICATORS = [  # (goal, name, unit, baseline, target, values for 2024, 2025, 2026)
    (1, "Fëmijë romë të regjistruar në kopsht", "fëmijë", 14, 60, (21, 33, 41)),
    (2, "Familje rome që marrin ndihmë ekonomike", "familje", 38, 90, (45, 61, 66)),
    (3, "Fëmijë romë të vaksinuar plotësisht", "%", Decimal("52.5"), 95, (61, 74, Decimal("80.5"))),
]


def seed(context: dict) -> None:
    forum = context["forums"].get("roskovec")
    if forum is None or db.session.scalar(select(Plan.id).where(Plan.forum_id == forum.id)
                                          .limit(1)) is not None:
        return
    plan = Plan(forum_id=forum.id, language="sq", title="Plani Social i Bashkisë Roskovec "
                "2024–2027", start_year=2024, end_year=2027, status="in_force",
                adopted_on=date(2024, 2, 15), adopted_by="Këshilli Bashkiak i Roskovecit",
                description="Nevojat që gjeti forumi dhe trupa e të gjitha institucioneve "
                "janë baza e këtij plani.")
    plan.set_translation("en", title="Social Plan of Roskovec Municipality 2024–2027",
                         adopted_by="Roskovec Municipal Council")
    db.session.add(plan)
    db.session.flush()
    goals = []
    for number, (title, english) in enumerate(GOALS, start=1):
        goal = Goal(plan_id=plan.id, number=number, title=title, language="sq")
        goal.set_translation("en", title=english)
        db.session.add(goal)
        goals.append(goal)
    db.session.flush()
    measures = _measures(plan, goals)
    _indicators(plan, goals)
    _history(plan, measures)
    _origins(forum, measures)
    db.session.commit()
    monitoring.assemble(plan, 2025)
    report = monitoring.report_of(plan, 2025)
    report.summary = ("Në vitin 2025 u regjistruan 33 fëmijë romë në kopsht, më shumë se dyfishi "
                      "i vitit 2023. Dy masa janë vonuar; arsyet janë te masat.")
    report.status, report.published_at = "published", datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    db.session.commit()


def _measures(plan, goals) -> list[Measure]:
    numbers: dict[int, int] = {}
    made = []
    for goal_no, title, who, partners, (start, end), years, source, spent, status, reason \
            in MEASURES:
        numbers[goal_no] = numbers.get(goal_no, 0) + 1
        measure = Measure(plan_id=plan.id, goal_id=goals[goal_no - 1].id,
                          number=numbers[goal_no], title=title, language="sq", institution=who,
                          partners=partners, starts_on=date(start, 1, 1),
                          ends_on=date(end, 12, 31), planned_total=sum(years.values()),
                          spent=spent, status=status, status_reason=reason,
                          budgets=[MeasureBudget(year=y, source=source, amount=a,
                                                 budget_line="04-112" if source == "municipal"
                                                 else "") for y, a in years.items()])
        db.session.add(measure)
        made.append(measure)
    db.session.flush()
    return made


def _indicators(plan, goals) -> None:
    for goal_no, name, unit, baseline, target, values in INDICATORS:
        indicator = Indicator(plan_id=plan.id, goal_id=goals[goal_no - 1].id, name=name,
                              unit=unit, language="sq", baseline=Decimal(baseline),
                              baseline_year=2023, target=Decimal(target), target_year=2027)
        db.session.add(indicator)
        db.session.flush()
        for year, value in zip((2024, 2025, 2026), values, strict=True):
            db.session.add(IndicatorValue(indicator_id=indicator.id,
                                          measured_on=date(year, 9, 30), value=Decimal(value),
                                          reported_by=MUNICIPALITY,
                                          source="Regjistri i bashkisë"))


def _history(plan, measures) -> None:
    db.session.add_all([
        ProgressUpdate(measure_id=measures[0].id, on=date(2025, 6, 20), language="sq",
                       body="Dy ndërmjetëse punojnë në kopshtet e lagjes.", status="on_track",
                       spent=1_050_000, reported_by=NGO),
        ProgressUpdate(measure_id=measures[4].id, on=date(2025, 11, 5), language="sq",
                       body="Pagesa e dytë e donatorit u shty.", status="delayed",
                       spent=300_000, reported_by=NGO),
        FundingApplication(measure_id=measures[0].id, donor="Programi IPA i BE-së",
                           amount_asked=1_200_000, deadline=date(2027, 1, 31)),
        FundingApplication(measure_id=measures[4].id, donor="Fondacioni Shoqëria e Hapur",
                           amount_asked=240_000, deadline=date(2024, 3, 1), status="granted",
                           amount_granted=240_000),
    ])


def _origins(forum, measures) -> None:
    """The social worker came from the decision in the published minutes; the extended-hours
    kindergarten from the participatory budget's funded item."""
    minutes = db.session.scalar(select(Minutes).where(Minutes.forum_id == forum.id,
                                                      Minutes.published_version > 0))
    decision = next((d for s in (minutes.sections if minutes else [])
                     for d in s.get("decisions", [])), None)
    if decision is not None:
        db.session.add(MeasureOrigin(measure_id=measures[3].id, kind="decision",
                                     target_id=minutes.id, decision_key=decision["key"]))
    item = db.session.scalar(select(Item).join(Cycle, Cycle.id == Item.cycle_id).where(
        Cycle.forum_id == forum.id, Item.work_status.is_not(None)).order_by(Item.id))
    if item is not None:
        db.session.add(MeasureOrigin(measure_id=measures[2].id, kind="budget_item",
                                     target_id=item.id))

"""Demo plan of Bijeljina, whose desk the demo also runs: the Local Action Plan for Roma
integration 2019–2023 (ended), with the booklet's measures — flats for homeless Roma families,
Roma children in pre-school, bilingual place-name signs, work in a social enterprise — and its
final report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from forum.extensions import db
from forum.forums.models import Forum
from forum.plans import monitoring
from forum.plans.models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBudget,
    Plan,
    ProgressUpdate,
)

CITY, SOCIAL_WORK = "Град Бијељина", "Центар за социјални рад Бијељина"
KINDERGARTEN, ROMA_NGO = "ЈУ Дјечији вртић „Чика Јова Змај“", "Удружење Рома „Бахтале“"
KM = 100  # feninga in a convertible mark

GOALS = [
    ("Становање", "Housing"),
    ("Образовање", "Education"),
    ("Запошљавање и јавни живот", "Employment and public life"),
]
# (goal, title, English title, institution, partners, years, {year: KM}, source, spent KM)
MEASURES = [
    (1, "Станови за бескућничке ромске породице (18 станова)",
     "Flats for homeless Roma families (18 flats)", CITY, [SOCIAL_WORK, ROMA_NGO], (2019, 2021),
     {2019: 260_000, 2020: 260_000, 2021: 200_000}, "donor", 712_000),
    (2, "Ромска дјеца у предшколском програму", "Roma children in pre-school",
     KINDERGARTEN, [ROMA_NGO, CITY], (2019, 2023),
     {2019: 18_000, 2020: 18_000, 2021: 20_000, 2022: 20_000, 2023: 24_000}, "municipal",
     98_500),
    (3, "Двојезичне табле са називима насеља", "Bilingual place-name signs", CITY, [ROMA_NGO],
     (2020, 2020), {2020: 6_000}, "municipal", 5_400),
    (3, "Запошљавање Рома у социјалном предузећу", "Roma employed by a social enterprise",
     ROMA_NGO, [CITY, SOCIAL_WORK], (2021, 2023), {2021: 40_000, 2022: 40_000, 2023: 40_000},
     "eu", 118_000),
]
INDICATORS = [  # (goal, name, English, unit, baseline 2018, target 2023, {year: value})
    (1, "Породице уселјене у нове станове", "Families moved into new flats", "породица", 0, 18,
     {2019: 6, 2020: 12, 2021: 18}),
    (2, "Ромска дјеца у предшколском програму", "Roma children in pre-school", "дјеце", 9, 40,
     {2019: 14, 2020: 16, 2021: 22, 2022: 29, 2023: 35}),
    (3, "Роми запослени у социјалном предузећу", "Roma employed by the social enterprise",
     "особа", 0, 12, {2021: 5, 2022: 9, 2023: 11}),
]


def seed() -> None:
    forum = db.session.scalar(select(Forum).where(Forum.slug == "bijeljina"))
    if forum is None or db.session.scalar(select(Plan.id).where(Plan.forum_id == forum.id)):
        return
    plan = Plan(forum_id=forum.id, language="sr", start_year=2019, end_year=2023,
                title="Локални акциони план за инклузију Рома 2019–2023", status="ended",
                adopted_on=date(2019, 4, 25), adopted_by="Скупштина Града Бијељина",
                description="План је Град усвојио на приједлог Канцеларије за националне "
                "мањине; за његове мјере у градском буџету постоје буџетске линије.")
    plan.set_translation("en", title="Local Action Plan for Roma Integration 2019–2023",
                         adopted_by="Bijeljina City Assembly")
    db.session.add(plan)
    db.session.flush()
    goals = []
    for number, (title, english) in enumerate(GOALS, start=1):
        goal = Goal(plan_id=plan.id, number=number, title=title, language="sr")
        goal.set_translation("en", title=english)
        goals.append(goal)
    db.session.add_all(goals)
    db.session.flush()
    _measures(plan, goals)
    _indicators(plan, goals)
    db.session.commit()
    monitoring.assemble(plan, 2023)
    report = monitoring.report_of(plan, 2023)
    report.summary = ("Завршни извјештај: 18 породица уселило се у нове станове, 35 ромске "
                      "дјеце иде у вртић (9 у 2018), табле су постављене, 11 Рома ради у "
                      "социјалном предузећу.")
    report.status, report.published_at = "published", datetime(2024, 3, 28, 9, 0, tzinfo=UTC)
    db.session.commit()


def _measures(plan: Plan, goals: list[Goal]) -> None:
    numbers: dict[int, int] = {}
    for goal_no, title, english, who, partners, (start, end), years, source, spent in MEASURES:
        numbers[goal_no] = numbers.get(goal_no, 0) + 1
        measure = Measure(plan_id=plan.id, goal_id=goals[goal_no - 1].id,
                          number=numbers[goal_no], title=title, language="sr", institution=who,
                          partners=partners, starts_on=date(start, 1, 1),
                          ends_on=date(end, 12, 31), planned_total=sum(years.values()) * KM,
                          spent=spent * KM, status="done",
                          budgets=[MeasureBudget(year=y, source=source, amount=a * KM,
                                                 budget_line="0810-412" if source == "municipal"
                                                 else "") for y, a in years.items()])
        measure.set_translation("en", title=english)
        db.session.add(measure)
        db.session.flush()
        db.session.add(ProgressUpdate(measure_id=measure.id, on=date(end, 12, 15),
                                      language="sr", body="Мјера је завршена.", status="done",
                                      spent=spent * KM, reported_by=who))


def _indicators(plan: Plan, goals: list[Goal]) -> None:
    for goal_no, name, english, unit, baseline, target, values in INDICATORS:
        indicator = Indicator(plan_id=plan.id, goal_id=goals[goal_no - 1].id, name=name,
                              unit=unit, language="sr", baseline=Decimal(baseline),
                              baseline_year=2018, target=Decimal(target), target_year=2023)
        indicator.set_translation("en", name=english)
        db.session.add(indicator)
        db.session.flush()
        db.session.add_all(IndicatorValue(indicator_id=indicator.id,
                                          measured_on=date(year, 12, 31), value=Decimal(value),
                                          reported_by=CITY, source="Канцеларија за националне "
                                          "мањине") for year, value in values.items())

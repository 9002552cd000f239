"""Demo plan of Bijeljina: its Local Action Plan for Roma integration 2019–2023 (ended), with the
booklet's measures — flats for homeless Roma families, Roma children in pre-school, bilingual
place-name signs, work in a social enterprise — and its final monitoring report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from forum.extensions import db
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

CITY, OFFICE = "Град Бијељина", "Канцеларија за националне мањине"
KINDERGARTEN, NGO = "ЈПУ Дјечији вртић „Чика Јова Змај“", "Удружење Рома „Отахарин“"

GOALS = [("Становање", "Housing"), ("Образовање", "Education"),
         ("Видљивост и запошљавање", "Visibility and work")]
# (goal, title, English, institution, partners, start, end, {year: amount in KM}, source, spent)
MEASURES = [
    (1, "Станови за бескућне ромске породице (18 станова)", "Flats for 18 homeless Roma families",
     CITY, [NGO], date(2017, 3, 1), date(2021, 12, 31),
     {2019: 180_000, 2020: 180_000, 2021: 90_000}, "national", 450_000),
    (2, "Ромска дјеца у предшколском", "Roma children in pre-school", KINDERGARTEN,
     [OFFICE, NGO], date(2019, 9, 1), date(2023, 6, 30),
     {2019: 12_000, 2020: 12_000, 2021: 12_000, 2022: 12_000, 2023: 12_000}, "municipal",
     60_000),
    (3, "Двојезичне табле с називима мјеста", "Bilingual place-name signs", CITY, [OFFICE],
     date(2020, 1, 1), date(2020, 12, 31), {2020: 8_000}, "municipal", 7_400),
    (3, "Запошљавање у социјалном предузећу", "Work in a social enterprise", NGO, [CITY],
     date(2021, 1, 1), date(2023, 12, 31), {2021: 30_000, 2022: 30_000, 2023: 30_000}, "donor",
     72_000),
]


def seed(context: dict) -> None:
    forum = context["forums"].get("bijeljina")
    if forum is None or db.session.scalar(select(Plan.id).where(Plan.forum_id == forum.id)
                                          .limit(1)) is not None:
        return
    plan = Plan(forum_id=forum.id, language="sr", title="Локални акциони план за интеграцију "
                "Рома 2019–2023", start_year=2019, end_year=2023, status="ended",
                adopted_on=date(2019, 2, 28), adopted_by="Скупштина Града Бијељина",
                description="План је усвојен уз буџетске линије у буџету Града.")
    plan.set_translation("en", title="Local Action Plan for Roma Integration 2019–2023",
                         adopted_by="Bijeljina City Assembly",
                         description="Adopted with budget lines in the city budget.")
    db.session.add(plan)
    db.session.flush()
    goals = []
    for number, (title, english) in enumerate(GOALS, start=1):
        goal = Goal(plan_id=plan.id, number=number, title=title, language="sr")
        goal.set_translation("en", title=english)
        db.session.add(goal)
        goals.append(goal)
    db.session.flush()
    numbers: dict[int, int] = {}
    for goal_no, title, english, who, partners, start, end, years, source, spent in MEASURES:
        numbers[goal_no] = numbers.get(goal_no, 0) + 1
        measure = Measure(plan_id=plan.id, goal_id=goals[goal_no - 1].id,
                          number=numbers[goal_no], title=title, language="sr", institution=who,
                          partners=partners, starts_on=start, ends_on=end,
                          planned_total=sum(years.values()) * 100, spent=spent * 100,
                          status="done", status_reason="",
                          budgets=[MeasureBudget(year=y, source=source, amount=a * 100,
                                                 budget_line="" if source != "municipal"
                                                 else "415-200") for y, a in years.items()])
        measure.set_translation("en", title=english)
        db.session.add(measure)
        db.session.flush()
        db.session.add(ProgressUpdate(measure_id=measure.id, on=min(end, date(2023, 11, 30)),
                                      language="sr", body="Завршено.", status="done",
                                      spent=spent * 100, reported_by=who))
    indicator = Indicator(plan_id=plan.id, goal_id=goals[1].id, language="sr",
                          name="Ромска дјеца у предшколском", unit="дјеце",
                          baseline=Decimal(4), baseline_year=2018, target=Decimal(30),
                          target_year=2023)
    indicator.set_translation("en", name="Roma children in pre-school", unit="children")
    db.session.add(indicator)
    db.session.flush()
    for year, value in ((2019, 9), (2021, 17), (2023, 26)):
        db.session.add(IndicatorValue(indicator_id=indicator.id, measured_on=date(year, 10, 1),
                                      value=Decimal(value), reported_by=KINDERGARTEN,
                                      source="Евиденција вртића"))
    db.session.commit()
    monitoring.assemble(plan, 2023)
    report = monitoring.report_of(plan, 2023)
    report.language = "sr"
    report.summary = ("Завршни извјештај: 18 породица је уселило у станове, 26 ромске дјеце иде "
                      "у предшколско, табле су постављене, а социјално предузеће запошљава Роме.")
    report.status, report.published_at = "published", datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    db.session.commit()

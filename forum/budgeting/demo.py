"""Demo budget cycles: in each forum one in voting (online and paper ballots) and one finished,
counted by the tally engine, with its winners being built."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from forum.budgeting import images
from forum.budgeting.models import (
    Ballot,
    Cycle,
    Item,
    ItemUpdate,
    Participation,
    RejectedBallot,
    ResidentRecord,
)
from forum.budgeting.models.cycles import Phase
from forum.budgeting.models.items import ItemStatus
from forum.budgeting.results import close_if_due
from forum.core.db import utcnow
from forum.extensions import db
from forum.proposals import groups

# A description and a place for the first ideas of each forum, so their pages show what a real
# item shows; the first one also gets a (drawn) photo.
DETAILS = {
    "mk": [("Бетонска рампа со ограда, за да влезат луѓе со количка и мајки со колички.",
            "Шипковица, амбулантата"),
           ("Шест недели летна школа: читање, математика и спорт, со ужинка секој ден.",
            "ОУ „Наим Фрашери“, Тетово")],
    "sq": [("Llamba LED në rrugët e lagjes, që fëmijët të kthehen të sigurt në mbrëmje.",
            "Lagjja rome, Roskovec"),
           ("Kopsht me orar deri në orën 18:00 për prindërit që punojnë.", "Qendra e Roskovecit")],
}
IDEAS = {
    "tetovo": ("mk", 100, [
        ("Рампа за влезот на амбулантата во Шипковица", 180_000),
        ("Летна школа за ромски деца", 240_000),
        ("Улично осветлување во населбата Дрислица", 420_000),
        ("Игралиште достапно за деца со попреченост", 520_000),
        ("Превоз до училиште за деца од оддалечени села", 310_000),
        ("Курс за писменост за жени", 150_000),
    ]),
    "roskovec": ("sq", 1, [
        ("Ndriçim rrugor në lagjen rome", 1_200_000),
        ("Kopsht fëmijësh me orar të zgjatur", 1_800_000),
        ("Rampë në hyrje të bashkisë", 300_000),
        ("Kurs profesional për të rinjtë", 900_000),
        ("Autobus shkollor për fshatrat", 1_500_000),
        ("Qendër ditore për të moshuarit", 1_100_000),
    ]),
}
TITLES = {
    "tetovo": ("Буџет на заедницата 2026", "Буџет на заедницата 2027", 1_500_000),
    "roskovec": ("Buxheti me pjesëmarrje 2026", "Buxheti me pjesëmarrje 2027", 5_000_000),
}


def seed(context: dict) -> None:
    for slug, forum in context["forums"].items():
        if db.session.scalar(select(Cycle.id).where(Cycle.forum_id == forum.id).limit(1)):
            continue
        language, scale, ideas = IDEAS[slug]
        finished, voting, whole = TITLES[slug]
        residents = _residents(forum, slug)
        done = _cycle(forum, finished, language, whole * scale, ideas, scale, days=-60)
        _ballots(done, residents, random.Random(f"{slug}-done"), 40)  # noqa: S311 - demo data
        db.session.commit()
        close_if_due(done)
        _build(done, context["users"][f"{slug}_secretariat"], language)
        open_cycle = _cycle(forum, voting, language, whole * scale, ideas, scale, days=10)
        _ballots(open_cycle, residents, random.Random(f"{slug}-open"), 12)  # noqa: S311
        _online(open_cycle, context["users"], slug)
    db.session.commit()


def _residents(forum, slug) -> list[ResidentRecord]:
    records = [ResidentRecord(forum_id=forum.id, full_name=f"Demo {slug} {n:02d}",
                              birth_year=1960 + n, method="in_person") for n in range(1, 41)]
    db.session.add_all(records)
    db.session.flush()
    return records


def _cycle(forum, title, language, budget, ideas, scale, *, days: int) -> Cycle:
    now = utcnow()
    cycle = Cycle(forum_id=forum.id, title=title, language=language, currency=forum.currency,
                  budget=budget, phase=Phase.VOTING, ballot_kind="approval", max_length=3,
                  tally_rule="equalshares/add1", ballot_published_at=now,
                  vote_opens_at=now + timedelta(days=days - 14),
                  vote_closes_at=now + timedelta(days=days),
                  description="Ова е демонстрациски циклус." if language == "mk"
                  else "Ky është një cikël demonstrues.")
    db.session.add(cycle)
    db.session.flush()
    roma = [g.id for g in groups.all_of(forum) if g.key == "roma"]
    details = DETAILS.get(language, [])
    for index, (title_text, cost) in enumerate(ideas):
        description, place = details[index] if index < len(details) else ("", "")
        db.session.add(Item(cycle_id=cycle.id, title=title_text, language=language,
                            estimated_cost=cost * scale, official_cost=cost * scale,
                            status=ItemStatus.FEASIBLE, target_groups=roma,
                            description=description, location=place,
                            image=_photo() if index == 0 else None))
    db.session.add(Item(cycle_id=cycle.id, title=ideas[0][0] + " (2)", language=language,
                        estimated_cost=9_999_999 * scale, status=ItemStatus.NOT_FEASIBLE,
                        feasibility_reason="Земјиштето не е во сопственост на општината."
                        if language == "mk" else "Toka nuk është pronë e bashkisë."))
    db.session.flush()
    return cycle


def _photo() -> str:
    """A drawn stand-in for a resident's photo, kept where uploads are kept."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 600), (164, 205, 232))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 380, 800, 600), fill=(120, 150, 96))
    draw.rectangle((420, 160, 760, 420), fill=(236, 228, 212), outline=(90, 80, 70), width=6)
    draw.rectangle((540, 260, 630, 420), fill=(96, 72, 56))
    draw.polygon([(60, 600), (300, 600), (560, 430), (500, 420)], fill=(170, 170, 170))
    return images.keep(picture, quality=80)


def _ballots(cycle: Cycle, residents, rng: random.Random, count: int) -> None:
    items = [i.id for i in db.session.scalars(select(Item).where(
        Item.cycle_id == cycle.id, Item.status == ItemStatus.FEASIBLE))]
    weights = [5, 4, 3, 3, 2, 1][:len(items)]
    for number, record in enumerate(residents[:count], start=1):
        picks = sorted(set(rng.choices(items, weights=weights, k=rng.randint(1, 3))))
        db.session.add(Participation(cycle_id=cycle.id, person_key=f"r{record.id}",
                                     resident_id=record.id, channel="paper"))
        db.session.add(Ballot(cycle_id=cycle.id, channel="paper", paper_number=str(number),
                              choices=[[item, 1] for item in picks]))
    db.session.add(RejectedBallot(cycle_id=cycle.id, paper_number=str(count + 1),
                                  content=" ".join(map(str, items[:4])),
                                  problems=[["too_many", {"max": 3, "count": 4}]]))


def _online(cycle: Cycle, users: dict, slug: str) -> None:
    items = [i.id for i in db.session.scalars(select(Item).where(
        Item.cycle_id == cycle.id, Item.status == ItemStatus.FEASIBLE))]
    for key, user in users.items():
        if not key.startswith(slug):
            continue
        db.session.add(Ballot(cycle_id=cycle.id, channel="online",
                              choices=[[items[0], 1], [items[len(key) % len(items)], 1]]
                              if len(key) % len(items) else [[items[0], 1]]))
        db.session.add(Participation(cycle_id=cycle.id, person_key=f"u{user.id}",
                                     user_id=user.id, channel="online"))


def _build(cycle: Cycle, secretariat, language: str) -> None:
    cycle.phase = Phase.IMPLEMENTATION
    winners = db.session.scalars(select(Item).where(Item.cycle_id == cycle.id,
                                                    Item.status == ItemStatus.FEASIBLE))
    for index, item in enumerate(winners):
        if index > 2:
            break
        item.work_status = ("completed", "in_progress", "planned")[index]
        item.progress = (100, 40, 0)[index]
        item.spent = (item.official_cost, item.official_cost // 3, 0)[index]
        db.session.add(ItemUpdate(item_id=item.id, language=language, author_id=secretariat.id,
                                  text="Работите започнаа." if language == "mk"
                                  else "Punimet kanë filluar."))

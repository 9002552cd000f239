"""Where a measure came from — an agenda proposal, a decision in published minutes, a funded
budget item — linked by pasting that page's address; and the way back, for those pages to say
"this became measure 2.3 of <plan>"."""

from __future__ import annotations

import re

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from forum.budgeting.models.cycles import Cycle
from forum.budgeting.models.items import Item
from forum.core import audit
from forum.extensions import db
from forum.minutes.models import Minutes, MinutesVersion
from forum.plans.models import Measure, MeasureOrigin, Plan
from forum.plans.models.measures import OriginKind
from forum.plans.models.plans import PlanStatus
from forum.plans.states import PlanRuleBroken
from forum.proposals.models import Proposal

audit.register_actions({"plans.origin": _l("Origin of a measure linked"),
                        "plans.origin_removed": _l("Origin of a measure removed")})

PATTERNS = (
    (OriginKind.PROPOSAL, re.compile(r"/forums/([\w-]+)/proposals/(\d+)/?$")),
    (OriginKind.DECISION, re.compile(r"/forums/([\w-]+)/minutes/(\d+)(?:/versions/\d+)?/?"
                                     r"#decision-(k[0-9a-f]{8})$")),
    (OriginKind.BUDGET_ITEM, re.compile(r"/forums/([\w-]+)/budgeting/\d+/items/(\d+)/?$")),
)
NOT_UNDERSTOOD = _l("Paste the address of a proposal, of a decision in published minutes (with "
                    "its #decision part), or of a budget item of this forum.")


def parse(forum, text: str) -> tuple[str, int, str]:
    """(kind, id, decision key) from a pasted address of this forum's page, or PlanRuleBroken."""
    for kind, pattern in PATTERNS:
        found = pattern.search(text.strip())
        if found and found.group(1) == forum.slug:
            key = found.group(3) if kind == OriginKind.DECISION else ""
            return kind, int(found.group(2)), key
    raise PlanRuleBroken(NOT_UNDERSTOOD)


def _check_target(forum, kind: str, target_id: int, key: str) -> None:
    if kind == OriginKind.PROPOSAL:
        found = db.session.get(Proposal, target_id)
        ok = found is not None and found.forum_id == forum.id
    elif kind == OriginKind.DECISION:
        found = db.session.get(Minutes, target_id)
        ok = (found is not None and found.forum_id == forum.id and found.published_version
              and _decision_text(found, key) is not None)
    else:
        found = db.session.get(Item, target_id)
        ok = found is not None and db.session.get(Cycle, found.cycle_id).forum_id == forum.id
    if not ok:
        raise PlanRuleBroken(_l("Nothing of this forum was found at that address (a decision "
                                "must be in published minutes)."))


def _decision_text(minutes: Minutes, key: str) -> str | None:
    version = db.session.scalar(select(MinutesVersion).where(
        MinutesVersion.minutes_id == minutes.id,
        MinutesVersion.number == minutes.published_version))
    for section in (version.content if version else {}).get("sections", []):
        for decision in section.get("decisions", []):
            if decision.get("key") == key:
                return decision.get("text", "")
    return None


def link(measure: Measure, text: str) -> MeasureOrigin:
    forum = measure.plan.forum
    kind, target_id, key = parse(forum, text)
    _check_target(forum, kind, target_id, key)
    found = db.session.scalar(select(MeasureOrigin).filter_by(
        measure_id=measure.id, kind=kind, target_id=target_id, decision_key=key))
    if found is not None:
        return found
    origin = MeasureOrigin(measure_id=measure.id, kind=kind, target_id=target_id,
                           decision_key=key)
    db.session.add(origin)
    audit.record("plans.origin", target=measure, forum=forum,
                 changes={"origin": [None, f"{kind}:{target_id}{':' + key if key else ''}"]})
    db.session.commit()
    return origin


def unlink(measure: Measure, origin_id: int) -> None:
    origin = db.session.get(MeasureOrigin, origin_id)
    if origin is None or origin.measure_id != measure.id:
        return
    audit.record("plans.origin_removed", target=measure, forum=measure.plan.forum,
                 changes={"origin": [f"{origin.kind}:{origin.target_id}", None]})
    db.session.delete(origin)
    db.session.commit()


def origins_of(measure: Measure) -> list[MeasureOrigin]:
    return list(db.session.scalars(select(MeasureOrigin).where(
        MeasureOrigin.measure_id == measure.id).order_by(MeasureOrigin.id)))


def described(measure: Measure, role) -> list[dict]:
    """Each origin as {id, what, url} for the measure's page; one query, with the budget items
    an origin names."""
    slug = measure.plan.forum.slug
    shown = []
    rows = db.session.execute(
        select(MeasureOrigin, Item).outerjoin(Item, and_(
            MeasureOrigin.kind.not_in((OriginKind.PROPOSAL, OriginKind.DECISION)),
            Item.id == MeasureOrigin.target_id))
        .where(MeasureOrigin.measure_id == measure.id).order_by(MeasureOrigin.id))
    for origin, item in rows:
        if origin.kind == OriginKind.PROPOSAL:
            what = _("Proposal no. %(number)d", number=origin.target_id)
            url = url_for("proposals.show", slug=slug, proposal_id=origin.target_id)
        elif origin.kind == OriginKind.DECISION:
            what = _("A decision in published minutes")
            url = url_for("minutes.show", slug=slug, minutes_id=origin.target_id) \
                + f"#decision-{origin.decision_key}"
        else:
            what = _("Budget item: %(title)s", title=item.title if item else origin.target_id)
            url = url_for("budgeting.item", slug=slug, cycle_id=item.cycle_id,
                          item_id=origin.target_id) if item else ""
        shown.append({"id": origin.id, "what": what, "url": url})
    return shown


def became(forum, kind: str) -> dict:
    """{proposal id, budget item id or decision key: [measures]} of this forum's public plans
    that came from them; one query per page and kind (kept for the request)."""
    cache = g.setdefault("plan_origins", {})
    if (forum.id, kind) not in cache:
        rows = db.session.execute(
            select(MeasureOrigin.target_id, MeasureOrigin.decision_key, Measure)
            .join(Measure, MeasureOrigin.measure_id == Measure.id)
            .join(Plan, Plan.id == Measure.plan_id)
            .options(joinedload(Measure.goal), joinedload(Measure.plan))
            .where(MeasureOrigin.kind == kind, Plan.forum_id == forum.id,
                   Plan.status != PlanStatus.DRAFT).order_by(Measure.id))
        found: dict = {}
        for target_id, key, measure in rows:
            found.setdefault(key if kind == OriginKind.DECISION else target_id,
                             []).append(measure)
        cache[(forum.id, kind)] = found
    return cache[(forum.id, kind)]

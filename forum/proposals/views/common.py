"""What every proposals view starts with: the forum, the reader's role, the proposal; and the
choices the proposal forms offer."""

from __future__ import annotations

from flask import abort, current_app, flash, request
from flask_login import current_user

from forum.core.permissions import Role, require_role, require_signed_in, role_in
from forum.core.rendering import fmt_date
from forum.core.translations import translation_page as core_translation_page
from forum.extensions import db
from forum.forums.services import get_forum
from forum.meetings.models import Meeting
from forum.meetings.models import Status as MeetingStatus
from forum.meetings.services import forum_meetings
from forum.proposals import groups, queries
from forum.proposals.forms import ProposalForm, StaffProposalForm
from forum.proposals.proposing import ProposalRuleBroken


def staff_here() -> bool:
    """The secretariat writes down proposals for visitors, many at a time: no limit."""
    slug = (request.view_args or {}).get("slug")
    return bool(slug) and role_in(get_forum(slug)) >= Role.SECRETARIAT


def propose_limit() -> str:
    return current_app.config["PROPOSAL_LIMIT"]


def report_limit() -> str:
    return current_app.config["PROPOSAL_REPORT_LIMIT"]


def forum_and_role(slug: str):
    forum = get_forum(slug)
    return forum, role_in(forum)


def proposal_for(slug: str, proposal_id: int):
    """(forum, role, proposal), with 404 for one the reader may not see."""
    forum, role = forum_and_role(slug)
    return forum, role, queries.get_proposal(forum, proposal_id, role, current_user)


def staff_proposal(slug: str, proposal_id: int):
    forum, role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    return forum, queries.get_proposal(forum, proposal_id, role, current_user)


def authors_proposal(slug: str, proposal_id: int):
    """The proposal, for its author only: anyone else may not change it."""
    require_signed_in()
    forum, _role, proposal = proposal_for(slug, proposal_id)
    if proposal.author_id != current_user.id:
        abort(403)
    return forum, proposal


def upcoming_sessions(forum, role: Role) -> list[tuple[int, str]]:
    """Sessions still to come and going ahead that this reader can see, as choices."""
    query = forum_meetings(forum, role, past=False).where(
        Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED]))
    return [(m.id, f"{m.localized('title').text} — {fmt_date(m.starts_at, forum.timezone)}")
            for m in db.session.scalars(query)]


def proposal_form(forum, role: Role, proposal=None, **kwargs) -> ProposalForm:
    """The form to propose (the secretariat's can say whom it was written down for), offering
    the groups the forum offers and any its proposal already names."""
    form_class = StaffProposalForm if role >= Role.SECRETARIAT and proposal is None \
        else ProposalForm
    form = form_class(obj=proposal, **kwargs)
    offered = groups.offered(forum)
    kept = [g for g in (proposal.groups if proposal else []) if g not in offered]
    form.set_choices(groups.choices(offered + kept), upcoming_sessions(forum, role))
    return form


def attempt(change, done: str) -> bool:
    """Run a change; say it is done, or say which rule refused it (nothing stays half-done)."""
    try:
        change()
    except ProposalRuleBroken as rule:
        db.session.rollback()
        flash(str(rule), "error")
        return False
    flash(done, "success")
    return True


def translation_page(forum, obj, fields, *, action: str, proposal=None):
    """The shared translation editor, in this area's page."""
    return core_translation_page(forum, obj, fields, action=action,
                                 template="proposals/translations.html", proposal=proposal)

"""Between a section of the minutes and its form: prefilling, and reading back what was typed
(decisions and action items in repeated rows; blank rows and ticked "remove" rows dropped)."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import gettext as _

from forum.forums.services import members as forum_members
from forum.minutes import document
from forum.minutes.forms import BLANK_ROWS, SectionForm


def owner_choices(forum) -> list[tuple[str, str]]:
    """Members first (with their organisation), then the organisations of the forum."""
    members = forum_members(forum)
    people = [(f"u:{m.user_id}", f"{m.user.public_name} ({m.organisation})" if m.organisation
               else m.user.public_name) for m in members]
    organisations = sorted({m.organisation for m in members if m.organisation})
    return people + [(f"o:{name}", _("Organisation: %(name)s", name=name))
                     for name in organisations]


def _owner_value(action: dict, choices: set[str]) -> tuple[str, str]:
    if action.get("owner_user_id") and f"u:{action['owner_user_id']}" in choices:
        return f"u:{action['owner_user_id']}", ""
    organisation = action.get("owner_organisation") or ""
    if f"o:{organisation}" in choices and not action.get("owner_name"):
        return f"o:{organisation}", ""
    return "", document.owner_plain(action)


def section_form(forum, minutes, section: dict) -> SectionForm:
    owners = owner_choices(forum)
    values = {value for value, _label in owners}
    if request.method == "POST":
        form = SectionForm(prefix=section["key"])
    else:
        actions = []
        for action in section.get("actions", []):
            owner, owner_text = _owner_value(action, values)
            actions.append({"key": action["key"], "what": action["what"], "owner": owner,
                            "owner_text": owner_text,
                            "due_on": date.fromisoformat(action["due_on"])})
        form = SectionForm(prefix=section["key"], data={
            "base_revision": str(minutes.revision), "title": section["title"],
            "language": section["language"], "summary": section.get("summary", ""),
            "decisions": [*section.get("decisions", []), *([{}] * BLANK_ROWS)],
            "actions": [*actions, *([{}] * BLANK_ROWS)]})
    form.setup(owners, minutes.meeting_day)
    return form


def _owner(value: str, text: str, memberships: dict) -> dict:
    if value.startswith("u:") and (m := memberships.get(value)) is not None:
        return {"owner_user_id": m.user_id, "owner_name": m.user.display_name or "",
                "owner_organisation": m.organisation, "owner_name_public": m.name_public}
    organisation = value[2:] if value.startswith("o:") else text
    return {"owner_user_id": None, "owner_name": "", "owner_organisation": organisation,
            "owner_name_public": False}


def fields_from(form: SectionForm, forum) -> dict:
    """The section's new values from a validated form."""
    memberships = {f"u:{m.user_id}": m for m in forum_members(forum)}
    decisions = [{"key": p.key.data or document.new_key(), "text": p.text.data,
                  "votes_for": p.votes_for.data, "votes_against": p.votes_against.data,
                  "votes_abstain": p.votes_abstain.data}
                 for p in (e.form for e in form.decisions) if not (p.remove.data or p.is_blank())]
    actions = [{"key": p.key.data or document.new_key(), "what": p.what.data,
                "due_on": p.due_on.data.isoformat(),
                **_owner(p.owner.data or "", p.owner_text.data, memberships)}
               for p in (e.form for e in form.actions) if not (p.remove.data or p.is_blank())]
    return {"title": form.title.data, "language": form.language.data,
            "summary": form.summary.data, "decisions": decisions, "actions": actions}

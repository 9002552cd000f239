"""The way minutes go: draft → in review → approved → published, corrections as new versions,
and translations of a published version. Each step is one transaction, logged."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.meetings.models import Meeting
from forum.meetings.models import Status as MeetingStatus
from forum.minutes import actions, document, states
from forum.minutes.models import ActionItem, ApprovedHow, Minutes, MinutesVersion
from forum.minutes.states import MinutesRuleBroken

audit.register_actions({
    "minutes.review": _l("Minutes sent to the members for review"),
    "minutes.reopen": _l("Minutes taken back to draft"),
    "minutes.approve": _l("Minutes approved"),
    "minutes.publish": _l("Minutes published"),
    "minutes.correct": _l("Correction of published minutes started"),
    "minutes.translate": _l("Minutes translation changed"),
})


def _move(minutes: Minutes, move: states.Move, action: str, changes: dict | None = None,
          ) -> None:
    before = minutes.status
    to = states.check(minutes, move)
    minutes.status = to
    audit.record(action, target=minutes, forum=minutes.forum,
                 changes={"status": [before, to], **(changes or {})})
    db.session.commit()


def missing_text(minutes: Minutes) -> str | None:
    """Why the minutes cannot go on yet for lack of text, or None when they have some."""
    if document.has_text(minutes.content):
        return None
    return str(_l("These minutes are empty: write at least one summary, decision or action "
                  "item first."))


def _require_text(minutes: Minutes) -> None:
    if (missing := missing_text(minutes)) is not None:
        raise MinutesRuleBroken(missing)


def send_to_review(minutes: Minutes) -> None:
    states.check(minutes, states.Move.REVIEW)
    _require_text(minutes)
    _move(minutes, states.Move.REVIEW, "minutes.review")


def reopen(minutes: Minutes) -> None:
    """Back to draft from review or approval; an approval given is withdrawn."""
    states.check(minutes, states.Move.REOPEN)
    minutes.approved_how = minutes.approved_at = minutes.approved_by_id = None
    minutes.approval_meeting_id, minutes.approval_rule = None, ""
    _move(minutes, states.Move.REOPEN, "minutes.reopen")


def approval_sessions(minutes: Minutes) -> list[Meeting]:
    """Later sessions of the forum that were held: where the forum can approve the minutes."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.forum_id == minutes.forum_id,
                              Meeting.starts_at > minutes.meeting.starts_at,
                              Meeting.starts_at <= utcnow(),
                              Meeting.status == MeetingStatus.HELD)
        .order_by(Meeting.starts_at.desc())))


def approval_choices(minutes: Minutes) -> list[str]:
    """The ways of approving possible now: by a later session only when one was held."""
    if approval_sessions(minutes):
        return [ApprovedHow.SESSION, ApprovedHow.RULE]
    return [ApprovedHow.RULE]


def approval_warnings(minutes: Minutes) -> list[str]:
    """What the secretariat should know before approving: empty sections, no attendance,
    no quorum. Approving is still possible once they confirm they read it."""
    warnings = []
    empty = [s["title"] for s in minutes.sections
             if not (s.get("summary") or s.get("decisions") or s.get("actions"))]
    if empty:
        warnings.append(_("These sections are empty: %(titles)s.", titles=", ".join(empty)))
    attendance = (minutes.content or {}).get("attendance")
    if not attendance:
        warnings.append(_("No attendance is recorded in these minutes."))
    elif attendance.get("quorum_met") is False:
        warnings.append(_("The quorum was not reached at this session."))
    return warnings


class NeedsConfirmation(MinutesRuleBroken):
    """Approving with warnings the secretariat has not confirmed reading."""


def approve(minutes: Minutes, how: str, meeting_id: int | None, rule: str, by, *,
            confirmed: bool = False) -> None:
    """Record how the minutes were approved. Warnings (`approval_warnings`) must have been
    read: without `confirmed`, `NeedsConfirmation` is raised and nothing changes."""
    states.check(minutes, states.Move.APPROVE)
    _require_text(minutes)
    _check_approval(minutes, how, meeting_id, rule)
    warnings = approval_warnings(minutes)
    if warnings and not confirmed:
        raise NeedsConfirmation(_l("Read the warnings, then tick this box to approve anyway."))
    minutes.approval_meeting_id = meeting_id if how == ApprovedHow.SESSION else None
    minutes.approval_rule = "" if how == ApprovedHow.SESSION else rule
    minutes.approved_how, minutes.approved_at = how, utcnow()
    minutes.approved_by_id = by.id
    _move(minutes, states.Move.APPROVE, "minutes.approve",
          {"approved_how": [None, how], "approval_meeting_id": [None, meeting_id],
           "approval_rule": [None, rule or None], "warnings": [None, warnings or None]})


def _check_approval(minutes: Minutes, how: str, meeting_id: int | None, rule: str) -> None:
    if how == ApprovedHow.SESSION:
        if meeting_id not in {m.id for m in approval_sessions(minutes)}:
            raise MinutesRuleBroken(_l("Choose the later session of this forum that approved "
                                       "the minutes."))
    elif not rule:
        raise MinutesRuleBroken(_l("Say under which rule of the forum the secretariat "
                                   "approves the minutes."))


def publish(minutes: Minutes, by) -> MinutesVersion:
    """Freeze the approved text as a published version; its action items are followed."""
    states.check(minutes, states.Move.PUBLISH)
    content = {**minutes.content,
               "follow_up": actions.follow_up_snapshot(actions.follow_up(minutes))}
    translations = _carried_translations(minutes, content)
    version = MinutesVersion(
        minutes_id=minutes.id, number=minutes.version, content=content,
        translations=translations, correction_reason=minutes.correction_reason,
        correction_language=minutes.correction_language, approved_how=minutes.approved_how,
        approved_at=minutes.approved_at, approval_meeting_id=minutes.approval_meeting_id,
        approval_rule=minutes.approval_rule, published_by_id=by.id,
        search_text=document.search_text(content, translations),
        decision_count=len(document.decisions_of(content)))
    db.session.add(version)
    _follow_actions(minutes, content, translations)
    minutes.published_version = minutes.version
    _move(minutes, states.Move.PUBLISH, "minutes.publish", {"version": [None, minutes.version]})
    return version


def _carried_translations(minutes: Minutes, content: dict) -> dict:
    """A correction keeps the translations of every text it did not change."""
    previous = latest_version(minutes)
    if previous is None:
        return {}
    before = _original_texts(previous)
    unchanged = {key for key, _f, original, _l, _long in document.translatable_texts(content)
                 if original == before.get(key)}
    carried = {lang: {k: v for k, v in values.items() if k in unchanged}
               for lang, values in (previous.translations or {}).items()}
    return {lang: values for lang, values in carried.items() if values}


def _original_texts(version: MinutesVersion) -> dict[str, str]:
    return {key: original for key, _f, original, _l, _long
            in document.translatable_texts(version.content)}


def _follow_actions(minutes: Minutes, content: dict, translations: dict) -> None:
    """Create or update the followed action items from the published text; done dates stay."""
    existing = {a.key: a for a in db.session.scalars(
        select(ActionItem).where(ActionItem.minutes_id == minutes.id))}
    seen = set()
    for section, action in document.actions_of(content):
        row = existing.get(action["key"]) or ActionItem(
            forum_id=minutes.forum_id, minutes_id=minutes.id, key=action["key"])
        row.what, row.language = action["what"], section["language"]
        row.owner_user_id = action.get("owner_user_id")
        row.owner_name = action.get("owner_name") or ""
        row.owner_organisation = action.get("owner_organisation") or ""
        row.owner_name_public = bool(action.get("owner_name_public"))
        row.due_on = date.fromisoformat(action["due_on"])
        row.translations = _action_translations(action["key"], translations)
        db.session.add(row)
        seen.add(action["key"])
    for key, row in existing.items():
        if key not in seen:
            db.session.delete(row)


def _action_translations(key: str, translations: dict) -> dict:
    return {lang: {"what": values[f"{key}.what"]} for lang, values in translations.items()
            if values.get(f"{key}.what")}


def start_correction(minutes: Minutes, reason: str, language: str) -> None:
    """Published minutes stay as they are; a new version is prepared from their text."""
    states.check(minutes, states.Move.CORRECT)
    minutes.version += 1
    minutes.correction_reason, minutes.correction_language = reason, language
    minutes.approved_how = minutes.approved_at = minutes.approved_by_id = None
    minutes.approval_meeting_id, minutes.approval_rule = None, ""
    _move(minutes, states.Move.CORRECT, "minutes.correct",
          {"version": [minutes.version - 1, minutes.version], "reason": [None, reason]})


def latest_version(minutes: Minutes) -> MinutesVersion | None:
    return version_of(minutes, minutes.published_version)


def version_of(minutes: Minutes, number: int) -> MinutesVersion | None:
    if number < 1:
        return None
    return db.session.scalar(select(MinutesVersion).where(
        MinutesVersion.minutes_id == minutes.id, MinutesVersion.number == number))


def save_translation(version: MinutesVersion, language: str, texts: dict[str, str]) -> None:
    """Store the translation of a published version's texts into one language."""
    translations = {lang: dict(values) for lang, values in (version.translations or {}).items()}
    before = translations.get(language, {})
    after = {key: text.strip() for key, text in texts.items() if text and text.strip()}
    if after:
        translations[language] = after
    else:
        translations.pop(language, None)
    changes = {f"{language}.{key}": [before.get(key), after.get(key)]
               for key in set(before) | set(after) if before.get(key) != after.get(key)}
    if not changes:
        return
    version.translations = translations
    version.search_text = document.search_text(version.content, translations)
    if version.number == version.minutes.published_version:
        for item in db.session.scalars(select(ActionItem).where(
                ActionItem.minutes_id == version.minutes_id)):
            item.translations = _action_translations(item.key, translations)
    audit.record("minutes.translate", target=version.minutes, forum=version.minutes.forum,
                 changes=changes)
    db.session.commit()


def versions(minutes: Minutes) -> list[MinutesVersion]:
    return list(db.session.scalars(select(MinutesVersion).where(
        MinutesVersion.minutes_id == minutes.id).order_by(MinutesVersion.number)))

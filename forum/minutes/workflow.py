"""The way minutes go: draft → in review → approved → published, corrections as new versions,
and translations of a published version. Each step is one transaction, logged."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.meetings.models import Meeting
from forum.meetings.models import Status as MeetingStatus
from forum.minutes import actions, document
from forum.minutes.drafting import MinutesRuleBroken
from forum.minutes.models import ActionItem, ApprovedHow, Minutes, MinutesVersion, Status

audit.register_actions({
    "minutes.review": _l("Minutes sent to the members for review"),
    "minutes.reopen": _l("Minutes taken back to draft"),
    "minutes.approve": _l("Minutes approved"),
    "minutes.publish": _l("Minutes published"),
    "minutes.correct": _l("Correction of published minutes started"),
    "minutes.translate": _l("Minutes translation changed"),
})


def _move(minutes: Minutes, to: str, action: str, changes: dict | None = None) -> None:
    before = minutes.status
    minutes.status = to
    audit.record(action, target=minutes, forum=minutes.forum,
                 changes={"status": [before, to], **(changes or {})})
    db.session.commit()


def _require_text(minutes: Minutes) -> None:
    if not document.has_text(minutes.content):
        raise MinutesRuleBroken(_l("These minutes are empty: write at least one summary, "
                                   "decision or action item first."))


def send_to_review(minutes: Minutes) -> None:
    if minutes.status != Status.DRAFT:
        raise MinutesRuleBroken(_l("Only a draft can be sent for review."))
    _require_text(minutes)
    _move(minutes, Status.REVIEW, "minutes.review")


def reopen(minutes: Minutes) -> None:
    """Back to draft from review or approval; an approval given is withdrawn."""
    if minutes.status not in (Status.REVIEW, Status.APPROVED):
        raise MinutesRuleBroken(_l("Only minutes in review or approved can go back to draft."))
    minutes.approved_how = minutes.approved_at = minutes.approved_by_id = None
    minutes.approval_meeting_id, minutes.approval_rule = None, ""
    _move(minutes, Status.DRAFT, "minutes.reopen")


def approval_sessions(minutes: Minutes) -> list[Meeting]:
    """Sessions of the forum after this one that have begun: where the forum can approve."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.forum_id == minutes.forum_id,
                              Meeting.starts_at > minutes.meeting.starts_at,
                              Meeting.starts_at <= utcnow(),
                              Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc())))


def approve(minutes: Minutes, how: str, meeting_id: int | None, rule: str, by) -> None:
    if minutes.status not in (Status.DRAFT, Status.REVIEW):
        raise MinutesRuleBroken(_l("Only a draft or minutes in review can be approved."))
    _require_text(minutes)
    if how == ApprovedHow.SESSION:
        if meeting_id not in {m.id for m in approval_sessions(minutes)}:
            raise MinutesRuleBroken(_l("Choose the later session of this forum that approved "
                                       "the minutes."))
        minutes.approval_meeting_id, minutes.approval_rule = meeting_id, ""
    else:
        if not rule:
            raise MinutesRuleBroken(_l("Say under which rule of the forum the secretariat "
                                       "approves the minutes."))
        minutes.approval_meeting_id, minutes.approval_rule = None, rule
    minutes.approved_how, minutes.approved_at = how, utcnow()
    minutes.approved_by_id = by.id
    _move(minutes, Status.APPROVED, "minutes.approve",
          {"approved_how": [None, how], "approval_meeting_id": [None, meeting_id],
           "approval_rule": [None, rule or None]})


def publish(minutes: Minutes, by) -> MinutesVersion:
    """Freeze the approved text as a published version; its action items are followed."""
    if minutes.status != Status.APPROVED:
        raise MinutesRuleBroken(_l("Minutes are published only after they are approved."))
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
    _move(minutes, Status.PUBLISHED, "minutes.publish", {"version": [None, minutes.version]})
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
    if minutes.status != Status.PUBLISHED:
        raise MinutesRuleBroken(_l("Only published minutes can be corrected."))
    minutes.version += 1
    minutes.correction_reason, minutes.correction_language = reason, language
    minutes.approved_how = minutes.approved_at = minutes.approved_by_id = None
    minutes.approval_meeting_id, minutes.approval_rule = None, ""
    _move(minutes, Status.DRAFT, "minutes.correct",
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

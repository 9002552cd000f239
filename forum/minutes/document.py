"""The text of minutes as plain data: sections with their summary, decisions and action items,
the attendance, and the views templates read it through in the reader's language.

Minutes are stored whole in JSON (each revision and each published version is a full copy), so
a revision can be shown, compared and restored without piecing rows together. Every section,
decision and action item has a short key that stays the same across revisions and versions;
comments, translations and followed action items refer to those keys.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from forum.core import search
from forum.core.content import Multilingual


def new_key() -> str:
    return "k" + secrets.token_hex(4)


def initial_content(meeting, attendance: dict | None) -> dict:
    """One section per agenda item, in order, in the item's language; the attendance."""
    sections = [empty_section(item.title, item.language, agenda_item_id=item.id)
                for item in meeting.agenda]
    return {"attendance": attendance, "sections": sections}


def empty_section(title: str, language: str, agenda_item_id: int | None = None) -> dict:
    return {"key": new_key(), "agenda_item_id": agenda_item_id, "title": title,
            "language": language, "summary": "", "decisions": [], "actions": []}


def attendance_snapshot(summary, guest_count: int) -> dict | None:
    """The roll call as the minutes keep it: counts by sector, quorum, names shown publicly."""
    if summary is None:
        return None
    return {"rows": [{"sector": r.sector, "present": r.present, "excused": r.excused,
                      "absent": r.absent} for r in summary.rows],
            "present": summary.present, "members": summary.members,
            "excused": sum(r.excused for r in summary.rows),
            "absent": sum(r.absent for r in summary.rows), "guests": guest_count,
            "required": summary.required, "quorum_met": summary.quorum_met,
            "missing_sectors": list(summary.missing_sectors),
            "present_names": [list(pair) for pair in summary.present_names]}


def find_section(content: dict, key: str) -> dict | None:
    return next((s for s in content.get("sections", []) if s["key"] == key), None)


def replace_section(content: dict, section: dict) -> dict:
    """A new content dict with this section put in place of the one with its key."""
    sections = [section if s["key"] == section["key"] else s for s in content["sections"]]
    return {**content, "sections": sections}


def has_text(content: dict) -> bool:
    """Whether anything was written: a summary, a decision or an action item somewhere."""
    return any(s.get("summary") or s.get("decisions") or s.get("actions")
               for s in content.get("sections", []))


def decisions_of(content: dict) -> list[tuple[dict, dict]]:
    return [(s, d) for s in content.get("sections", []) for d in s.get("decisions", [])]


def actions_of(content: dict) -> list[tuple[dict, dict]]:
    return [(s, a) for s in content.get("sections", []) for a in s.get("actions", [])]


def votes_of(decision: dict) -> tuple[int | None, int | None, int | None]:
    return decision.get("votes_for"), decision.get("votes_against"), decision.get("votes_abstain")


def as_lines(content: dict) -> list[str]:
    """The text as lines, in a stable order, for comparing revisions."""
    lines = []
    for section in content.get("sections", []):
        lines += [f"## {section['title']}", *section.get("summary", "").splitlines()]
        for decision in section.get("decisions", []):
            votes = " / ".join("" if v is None else str(v) for v in votes_of(decision))
            lines.append(f"[D] {decision['text']}" + (f" ({votes})" if votes.strip(" /") else ""))
        for action in section.get("actions", []):
            lines.append(f"[A] {action['what']} — {owner_plain(action)} — {action['due_on']}")
        lines.append("")
    return lines


def owner_plain(action: dict) -> str:
    name, organisation = action.get("owner_name") or "", action.get("owner_organisation") or ""
    return f"{name} ({organisation})" if name and organisation else name or organisation


# The texts of a version that can be translated: (key, field, original, language, long).
def translatable_texts(content: dict) -> list[tuple[str, str, str, str, bool]]:
    texts = []
    for section in content.get("sections", []):
        language = section["language"]
        texts.append((f"{section['key']}.title", "title", section["title"], language, False))
        if section.get("summary"):
            texts.append((f"{section['key']}.summary", "summary", section["summary"], language,
                          True))
        for decision in section.get("decisions", []):
            texts.append((f"{decision['key']}.text", "decision", decision["text"], language,
                          True))
        for action in section.get("actions", []):
            texts.append((f"{action['key']}.what", "action", action["what"], language, True))
    return texts


def search_text(content: dict, translations: dict) -> str:
    """Every text of a version and its translations, folded as `forum.core.search` does, so a
    search finds it whichever script the reader types in, with or without accents."""
    pieces = [text for _k, _f, text, _l, _long in translatable_texts(content)]
    for values in (translations or {}).values():
        pieces += list(values.values())
    return search.searchable(pieces)


class Text(Multilingual):
    """One piece of minutes text with its translations, shown like any multilingual field."""

    __multilingual__ = ("text",)

    def __init__(self, text: str, language: str, translations: dict | None = None):
        self.text, self.language = text, language
        self.translations = translations or {}


def text(key: str, original: str, language: str, translations: dict | None) -> Text:
    """The text with the translations stored under `key` in a version's translations."""
    found = {lang: {"text": values[key]} for lang, values in (translations or {}).items()
             if values.get(key)}
    return Text(original, language, found)


@dataclass(frozen=True)
class DecisionView:
    key: str
    text: Text
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None

    @property
    def has_votes(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against,
                                           self.votes_abstain))


@dataclass(frozen=True)
class ActionView:
    key: str
    what: Text
    owner_user_id: int | None
    owner_name: str
    owner_organisation: str
    owner_name_public: bool
    due_on: date


@dataclass(frozen=True)
class SectionView:
    key: str
    agenda_item_id: int | None
    title: Text
    summary: Text
    decisions: list[DecisionView]
    actions: list[ActionView]


def sections_view(content: dict, translations: dict | None = None) -> list[SectionView]:
    """The sections of a content dict as objects the templates show in the reader's language."""
    views = []
    for s in content.get("sections", []):
        lang, key = s["language"], s["key"]
        decisions = [DecisionView(d["key"], text(f"{d['key']}.text", d["text"], lang,
                                                 translations), *votes_of(d))
                     for d in s.get("decisions", [])]
        actions = [ActionView(a["key"], text(f"{a['key']}.what", a["what"], lang, translations),
                              a.get("owner_user_id"), a.get("owner_name") or "",
                              a.get("owner_organisation") or "",
                              bool(a.get("owner_name_public")), date.fromisoformat(a["due_on"]))
                   for a in s.get("actions", [])]
        views.append(SectionView(key, s.get("agenda_item_id"),
                                 text(f"{key}.title", s["title"], lang, translations),
                                 text(f"{key}.summary", s.get("summary", ""), lang,
                                      translations),
                                 decisions, actions))
    return views


class FollowUp(Multilingual):
    """An earlier session's action item as published minutes recorded its follow-up."""

    __multilingual__ = ("what",)

    def __init__(self, item: dict):
        self.what, self.language, self.translations = item["what"], item["language"], {}
        self.session_title, self.session_language = item["session_title"], \
            item["session_language"]
        self.session_day = date.fromisoformat(item["session_day"])
        self.owner_name, self.owner_organisation = item["owner_name"], item["owner_organisation"]
        self.owner_name_public = item["owner_name_public"]
        self.due_on = date.fromisoformat(item["due_on"])
        self.done_on = date.fromisoformat(item["done_on"]) if item["done_on"] else None
        self.done_note, self.done_language = item["done_note"], item["done_language"]


def follow_up_view(content: dict) -> list[FollowUp]:
    return [FollowUp(item) for item in content.get("follow_up", [])]

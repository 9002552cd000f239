"""Adding translations to text people wrote, for any multilingual object: form, service, target.

An area lists the fields of its object that can be translated; it gets a form class with a
"translation into" choice and one optional field per text, and saves through `save`, which
records the change in the audit log like every other staff write.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from forum.core import audit
from forum.core.content import language_choices
from forum.core.forms import Form, chosen, long_text_field, options, text_field
from forum.extensions import db


@dataclass(frozen=True)
class TranslatableField:
    name: str
    label: object
    limit: int
    long: bool = False


@cache
def translation_form(fields: tuple[TranslatableField, ...]) -> type[Form]:
    """A form class: the target language, then each field, all optional."""
    attributes = {"target": SelectField(_l("Translation into"),
                                        choices=options(language_choices()),
                                        validators=[chosen()])}
    for field in fields:
        make = long_text_field if field.long else text_field
        attributes[field.name] = make(field.label, field.limit, needed=False)
    return type("TranslationForm", (Form,), attributes)


def default_target(obj, wanted: str | None, forum_languages: list[str], reader: str) -> str:
    """The language to edit: the one asked for, else the forum's first other language."""
    codes = {code for code, _name in language_choices()}
    if wanted in codes:
        return wanted
    return next((code for code in forum_languages if code != obj.language), reader)


def prefilled(form_class: type[Form], obj, target: str, fields) -> Form:
    return form_class(target=target, **{f.name: obj.translation(target, f.name) for f in fields})


def save(obj, form: Form, fields, *, action: str, forum) -> None:
    """Store the translation from a validated form, log before → after, and commit."""
    language = form.target.data
    before = dict((obj.translations or {}).get(language) or {})
    obj.set_translation(language, **{f.name: getattr(form, f.name).data or "" for f in fields})
    after = dict((obj.translations or {}).get(language) or {})
    changes = {f"{language}.{f.name}": [before.get(f.name), after.get(f.name)]
               for f in fields if before.get(f.name) != after.get(f.name)}
    if changes:
        audit.record(action, target=obj, forum=forum, changes=changes)
    db.session.commit()


def translation_page(forum, obj, fields: tuple[TranslatableField, ...], *, action: str,
                     template: str, **context):
    """A whole translation page on the current URL: it shows the chosen language, saves it
    (logged as `action`) and comes back to the same page in the same language."""
    from forum.i18n import current_language

    target = default_target(obj, request.values.get("target"), forum.languages,
                            current_language())
    form = prefilled(translation_form(fields), obj, target, fields)
    if form.validate_on_submit():
        save(obj, form, fields, action=action, forum=forum)
        flash(_("The translation is saved."), "success")
        return redirect(url_for(request.endpoint, **request.view_args, target=form.target.data))
    return render_template(template, forum=forum, obj=obj, form=form, fields=fields,
                           **context), 400 if form.errors else 200

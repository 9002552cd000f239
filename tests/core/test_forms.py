"""The shared form parts: a required text of only spaces is refused, and a wrong choice in a
multiple choice gets a message next to the field instead of an error page."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField
from wtforms.validators import Optional

from forum.core.forms import Form, options, text_field


class _Sample(Form):
    name = text_field("Name", 20)
    colours = SelectMultipleField("Colours", coerce=int, validators=[Optional()],
                                  choices=options([(1, "red"), (2, "blue")]))


def _errors(app, data: dict, language: str = "en") -> dict:
    with app.test_request_context(f"/{language}/"):
        from flask import g

        g.lang = language
        form = _Sample(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        return form.errors


def test_a_name_of_only_spaces_is_no_name(app):
    assert _errors(app, {"name": "   "})["name"] == ["Fill in this field."]
    assert "name" not in _errors(app, {"name": " Ana "})


def test_a_wrong_multiple_choice_is_named_not_a_crash(app):
    errors = _errors(app, {"name": "Ana", "colours": ["1", "7"]})
    assert errors["colours"] == ["'7' is not a valid choice for this field."]
    assert "colours" not in _errors(app, {"name": "Ana", "colours": ["1", "2"]})

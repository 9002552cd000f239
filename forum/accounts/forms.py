"""Forms for registering, signing in, passwords and a person's own account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import ValidationError

from forum.accounts.names import VisibleName, clean_name
from forum.accounts.passwords import weakness
from forum.core.content import language_choices
from forum.core.forms import (
    Form,
    Stripped,
    chosen,
    email_address,
    max_length,
    one_line,
    options,
    required,
    ticked,
)

PASSWORD_HINT = _l("At least 10 characters. A few unrelated words are easy to remember and hard "
                   "to guess.")


def _email_field(label=None):
    return EmailField(label or _l("E-mail address"),
                      validators=[required(), email_address(), max_length(254)],
                      filters=[Stripped(), lambda value: value.lower() if value else value],
                      render_kw={"autocomplete": "email", "spellcheck": "false"})


def _name_field():
    return StringField(_l("Your name"),
                       validators=[required(), max_length(80), one_line(), VisibleName()],
                       filters=[clean_name],
                       description=_l("Shown with what you write. It can be a nickname."),
                       render_kw={"autocomplete": "name"})


def _language_field():
    return SelectField(_l("Language"), choices=options(language_choices()), validators=[chosen()],
                       description=_l("Pages and e-mails will be in this language."))


class NewPasswordMixin:
    def validate_password(self, field):
        email = getattr(getattr(self, "email", None), "data", "") or ""
        name = getattr(getattr(self, "display_name", None), "data", "") or ""
        reason = weakness(field.data or "", email=email, name=name)
        if reason:
            raise ValidationError(str(reason))


class RegisterForm(NewPasswordMixin, Form):
    display_name = _name_field()
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[required()], description=PASSWORD_HINT,
                             render_kw={"autocomplete": "new-password"})
    language = _language_field()


class SignInForm(Form):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[required()],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))


class ChangePasswordForm(NewPasswordMixin, Form):
    current_password = PasswordField(_l("Current password"), validators=[required()],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), validators=[required()],
                             description=PASSWORD_HINT,
                             render_kw={"autocomplete": "new-password"})


class ResetRequestForm(Form):
    email = _email_field()


class ResetPasswordForm(NewPasswordMixin, Form):
    password = PasswordField(_l("New password"), validators=[required()],
                             description=PASSWORD_HINT,
                             render_kw={"autocomplete": "new-password"})


class ProfileForm(Form):
    display_name = _name_field()
    language = _language_field()


class EmailForm(Form):
    email = _email_field(_l("New e-mail address"))
    password = PasswordField(_l("Current password"), validators=[required()],
                             render_kw={"autocomplete": "current-password"})


class DeleteAccountForm(Form):
    password = PasswordField(_l("Current password"), validators=[required()],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("I understand that this cannot be undone"),
                           validators=[ticked()])

"""One full stop at the end of a sentence that ends in an abbreviated value ("5 ден.", "2026 г.").

Dates and amounts in several languages end in an abbreviation's dot; a translated sentence that
ends with such a value adds its own full stop, which gives "ден..". These wrappers of gettext and
ngettext, for Python and for templates, drop the sentence's stop where a value already ends in one.
"""

from __future__ import annotations

from flask_babel import gettext as _gettext
from flask_babel import ngettext as _ngettext
from jinja2 import pass_context


def one_full_stop(text: str, values: dict) -> str:
    """The text with "value." + "." turned into "value." for every value ending in a dot."""
    for value in values.values():
        if isinstance(value, str) and value.endswith(".") and not value.endswith(".."):
            text = text.replace(value + ".", value)
    return text


def gettext(string: str, **values) -> str:
    return one_full_stop(_gettext(string, **values), values)


def ngettext(singular: str, plural: str, num: int, **values) -> str:
    return one_full_stop(_ngettext(singular, plural, num, **values), values)


def install(jinja_env) -> None:
    """Template gettext and ngettext (newstyle, as Flask-Babel installs them) reading the
    request's catalog once, with the same full-stop rule."""
    from markupsafe import Markup

    from forum.i18n import current_translations

    @pass_context
    def template_gettext(context, string, **values):
        text = current_translations().ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - our catalogs, as Jinja's newstyle gettext
        return _keep_type(text % values, values)  # a format string even without values

    @pass_context
    def template_ngettext(context, singular, plural, num, **values):
        values.setdefault("num", num)
        text = current_translations().ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - our catalogs, as Jinja's newstyle gettext
        return _keep_type(text % values, values)

    jinja_env.globals.update(gettext=template_gettext, _=template_gettext,
                             ngettext=template_ngettext)


def _keep_type(text, values):
    if not values:
        return text
    fixed = one_full_stop(str(text), {k: str(v) for k, v in values.items()})
    return type(text)(fixed) if fixed != str(text) else text

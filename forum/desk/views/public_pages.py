"""The desk's public page, filing a case, the page that gives its number and private link, and
following a case by that link or from one's account."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forum.core.pagecache import public_page
from forum.core.permissions import require_signed_in
from forum.desk import access, attachments, filing, institutions, queries
from forum.desk.forms import date_within
from forum.desk.views import bp
from forum.desk.views.common import case_form, desk_of
from forum.extensions import db, limiter
from forum.forums.models import Forum
from forum.i18n import current_language
from forum.proposals import groups


def filing_limit() -> str:
    return current_app.config["DESK_FILING_LIMIT"]


def staff_here() -> bool:
    """Desk staff write cases down for people who came or called, many a day: no limit."""
    slug = (request.view_args or {}).get("slug")
    forum = db.session.scalar(select(Forum).where(Forum.slug == slug)) if slug else None
    return forum is not None and access.staff_role(forum) is not None


@bp.get("/forums/<slug>/desk/")
@public_page
def home(slug: str):
    forum, settings = desk_of(slug)
    return render_template("desk/home.html", forum=forum, settings=settings,
                           staff_role=access.staff_role(forum),
                           manager=access.may_manage(forum))


def _filing(forum, form, files) -> filing.Filing:
    return filing.Filing(
        kind=form.kind.data, description=form.description.data, category=form.category.data,
        language=form.language.data, happened_on=form.happened_on.data, place=form.place.data,
        institution_id=getattr(institutions.chosen(forum, form.institution_id.data), "id",
                               None),
        institution_text=form.institution_text.data,
        groups=[g.id for g in groups.chosen(forum, form.groups.data or [])],
        wants_answer=form.wants_answer.data, channel=form.channel.data or "",
        contact_name=form.contact_name.data, contact_email=form.contact_email.data.lower(),
        contact_phone=form.contact_phone.data, consent=form.consent.data, files=files)


def _attachments(form):
    """The sent files, or None with the reason on the form: checked even when other answers
    are refused, so a wrong file is said at once and not after the person chose it again."""
    try:
        return attachments.read(request.files.getlist(form.files.name))
    except attachments.AttachmentRefused as refusal:
        form.files.errors = [*form.files.errors, str(refusal)]
        return None


@bp.route("/forums/<slug>/desk/file", methods=["GET", "POST"])
@limiter.limit(filing_limit, methods=["POST"], exempt_when=staff_here)
def file(slug: str):
    forum, settings = desk_of(slug)
    staff = access.staff_role(forum) is not None
    form = case_form(forum, settings, staff=staff, language=current_language())
    valid = form.validate_on_submit()
    valid = date_within(form.happened_on, last=queries.today_of(forum)) and valid
    files = _attachments(form) if form.is_submitted() else None
    if valid and files is not None:
        assisted = staff and form.assisted.data
        case, token = filing.file_case(forum, settings, _filing(forum, form, files),
                                       by=current_user if current_user.is_authenticated
                                       else None, assisted=assisted)
        flash(_("Your case is at the desk. Its number is %(number)s.", number=case.number),
              "success")
        return redirect(url_for("desk.follow", slug=slug, token=token))
    if files:  # a browser never sends a chosen file back: say so, lest it go missing
        form.files.errors = [*form.files.errors, _("Choose your files again: they are sent "
                                                   "only with a form that can be saved.")]
    return render_template("desk/file.html", forum=forum, form=form, staff=staff), \
        400 if form.errors else 200


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/forums/<slug>/desk/follow/<token>")
def follow(slug: str, token: str):
    forum, _settings = desk_of(slug)
    case = filing.case_by_token(forum, token)
    if case is None:
        abort(404)
    return _no_store(_render_follow(forum, case, link=request.base_url))


def _render_follow(forum, case, link: str | None = None):
    return make_response(render_template("desk/follow.html", forum=forum, case=case,
                                         link=link))


@bp.get("/desk/mine")
def mine():
    require_signed_in()
    return render_template("desk/mine.html", cases=queries.cases_of(current_user))


@bp.get("/forums/<slug>/desk/mine/<int:case_id>")
def my_case(slug: str, case_id: int):
    require_signed_in()
    forum, _settings = desk_of(slug)
    case = queries.own_case(current_user, case_id)
    if case is None or case.forum_id != forum.id:
        abort(404)
    return _no_store(_render_follow(forum, case))

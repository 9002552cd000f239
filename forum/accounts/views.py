"""The accounts blueprint: register, sign in and out, passwords, and a person's own account."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from forum.accounts import confirmation, forms, services, throttle
from forum.core.permissions import require_signed_in
from forum.core.redirects import safe_path
from forum.extensions import limiter
from forum.i18n import current_language

bp = Blueprint("accounts", __name__)


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_LIMIT"]


def _next() -> str | None:
    return safe_path(request.args.get("next"))


def return_path() -> str | None:
    """Where to come back to after signing in or up from this page: the page itself, or on an
    accounts page the place it was already carrying."""
    if request.blueprint == bp.name:
        return _next()
    return safe_path(request.full_path) if request.method == "GET" else None


@bp.app_context_processor
def _return_path():
    return {"return_path": return_path}


def _start_session(user, remember: bool = False) -> None:
    session.clear()  # a fresh session at sign-in, nothing carried over from before
    login_user(user, remember=remember)
    services.note_sign_in(user)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def register():
    """The same answer whether the address is new or has an account: look in your e-mail."""
    form = forms.RegisterForm(language=current_language())
    if form.validate_on_submit():
        services.sign_up(form.display_name.data, form.email.data, form.password.data,
                         form.language.data, _next())
        session["signed_up_email"] = form.email.data
        return redirect(url_for("accounts.check_email", lang=form.language.data, next=_next()))
    return render_template("accounts/register.html", form=form), 400 if form.errors else 200


@bp.get("/register/sent")
def check_email():
    return render_template("accounts/check_email.html", email=session.get("signed_up_email"),
                           next=_next(), days=confirmation.LINK_DAYS)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """GET shows a button (mail scanners open links too); the POST confirms."""
    try:
        if request.method == "GET":
            confirmation.check(token)
            return render_template("accounts/confirm.html")
        user = confirmation.confirm(token)
    except services.TokenProblem as problem:
        if problem.reason == "used" and confirmation.confirmed_by(token):  # back, or reopened
            return render_template("accounts/confirm.html", done=True, next=_next())
        return render_template("accounts/confirm_invalid.html", reason=problem.reason), 400
    if current_user.is_authenticated and current_user.id == user.id:
        flash(_("Your e-mail address is confirmed."), "success")
        return redirect(_next() or url_for("forums.index", lang=user.language))
    flash(_("Your e-mail address is confirmed. Sign in to go on."), "success")
    return redirect(url_for("accounts.sign_in", lang=user.language, next=_next()))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    form = forms.SignInForm()
    if form.validate_on_submit():
        try:
            user = services.sign_in(form.email.data, form.password.data,
                                    throttle.known_accounts())
        except throttle.MustWait as wait:
            form.password.errors.append(str(wait.message))
        else:
            if user is not None:
                _start_session(user, remember=form.remember.data)
                flash(_("You are signed in."), "success")
                response = redirect(_next() or url_for("forums.index"))
                return throttle.remember_device(response, user)
            form.password.errors.append(_("The e-mail address or the password is not right."))
    return render_template("accounts/sign_in.html", form=form), 400 if form.errors else 200


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        services.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You are signed out on this device and every other."), "success")
    return redirect(url_for("forums.index"))


@bp.get("/account")
def account():
    require_signed_in()
    return _account_page()


def _account_page(profile=None, email=None, status=200):
    profile = profile or forms.ProfileForm(obj=current_user)
    email = email or forms.EmailForm(formdata=None)
    return render_template("accounts/account.html", profile=profile, email_form=email), status


@bp.post("/account/profile")
def update_profile():
    require_signed_in()
    form = forms.ProfileForm()
    if not form.validate_on_submit():
        return _account_page(profile=form, status=400)
    services.update_profile(current_user, form.display_name.data, form.language.data)
    flash(_("Your details are saved."), "success")
    return redirect(url_for("accounts.account", lang=form.language.data))


@bp.post("/account/email")
def change_email():
    require_signed_in()
    form = forms.EmailForm()
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.password.data) is None:
            form.password.errors.append(_("This is not your current password."))
        else:
            try:
                services.change_email(current_user, form.email.data)
            except services.EmailTaken:
                form.email.errors.append(_("Another account uses this e-mail address."))
            else:
                flash(_("Your e-mail address is changed. We sent a link to it: open it to "
                        "confirm the address."), "success")
                return redirect(url_for("accounts.account"))
    return _account_page(email=form, status=400)


@bp.post("/account/confirm")
def resend_confirmation():
    require_signed_in()
    if current_user.email_confirmed:
        flash(_("You confirmed this address."), "info")
    else:
        services.resend_confirmation(current_user._get_current_object())
        flash(_("We sent a new link to %(email)s. Open it to confirm your address.",
                email=current_user.email), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    require_signed_in()
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.current_password.data) is None:
            form.current_password.errors.append(_("This is not your current password."))
        else:
            services.change_password(current_user, form.password.data)
            _start_session(current_user._get_current_object())
            flash(_("Your password is changed. Other devices have been signed out."),
                  "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def request_reset():
    form = forms.ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account uses this address, we have sent it a link to set a new "
                "password. Look in your e-mail, also in the spam folder."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_request.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    form = forms.ResetPasswordForm()
    try:
        services.check_reset_token(token)
        if form.validate_on_submit():
            user = services.reset_password(token, form.password.data)
            _start_session(user)
            flash(_("Your new password is set and you are signed in."), "success")
            return redirect(url_for("forums.index", lang=user.language))
    except services.TokenProblem as problem:
        return render_template("accounts/reset_invalid.html", reason=problem.reason), 400
    return render_template("accounts/reset.html", form=form), 400 if form.errors else 200


@bp.get("/account/data.json")
def download_data():
    require_signed_in()
    body = json.dumps(services.personal_data(current_user), ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-forum-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
def delete_account():
    require_signed_in()
    form = forms.DeleteAccountForm()
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.password.data) is None:
            form.password.errors.append(_("This is not your current password."))
        else:
            services.delete_account(current_user._get_current_object())
            logout_user()
            session.clear()
            flash(_("Your account and your personal data are deleted."), "success")
            return redirect(url_for("forums.index"))
    return render_template("accounts/delete.html", form=form), 400 if form.errors else 200

"""Budget items: proposing one, its page, checking it, merging it, following and reporting it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.budgeting import forms, images, items
from forum.budgeting.models.items import ItemStatus
from forum.budgeting.views import bp
from forum.budgeting.views.common import cycle_for
from forum.core.forms import from_minor, options, to_minor
from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_role, require_signed_in
from forum.core.translations import translation_page
from forum.extensions import db
from forum.i18n import current_language
from forum.proposals import groups


def _item_form(form_class, found, **kwargs):
    form = form_class(**kwargs)
    form.area_id.choices = options([(0, _("— choose an area —"))] +
                                   [(a.id, a.localized("name").text) for a in found.areas])
    form.target_groups.choices = options(groups.choices(groups.offered(found.forum)))
    return form


def _item_fields(form, found) -> dict:
    return {"title": form.title.data, "language": form.language.data,
            "description": form.description.data, "location": form.location.data,
            "target_groups": form.target_groups.data or [],
            "estimated_cost": to_minor(form.estimated_cost.data, found.currency),
            "area_id": form.area_id.data or None}


def _propose(slug, cycle_id, *, on_behalf: bool):
    forum, _role, found = cycle_for(slug, cycle_id)
    if on_behalf:
        require_role(forum, Role.SECRETARIAT)
    else:
        require_signed_in()
    form = _item_form(forms.OnBehalfForm if on_behalf else forms.ItemForm, found,
                      language=current_language())
    if form.validate_on_submit():
        try:
            image = images.store(form.image.data)
            item = items.propose(found, current_user, image=image,
                                 on_behalf=form.on_behalf.data if on_behalf else None,
                                 **_item_fields(form, found))
        except (items.ItemRuleBroken, images.ImageRefused) as rule:
            db.session.rollback()
            (form.image if isinstance(rule, images.ImageRefused) else form.estimated_cost
             ).errors.append(str(rule))
        else:
            flash(_("Thank you! Your idea is in. The secretariat will check it and tell you."),
                  "success")
            return redirect(url_for("budgeting.item", slug=slug, cycle_id=cycle_id,
                                    item_id=item.id))
    return render_template("budgeting/item_form.html", forum=forum, cycle=found, form=form,
                           on_behalf=on_behalf), 400 if form.errors else 200


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/items/new", methods=["GET", "POST"])
def propose(slug: str, cycle_id: int):
    return _propose(slug, cycle_id, on_behalf=False)


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/items/new-for-resident",
          methods=["GET", "POST"])
def propose_for(slug: str, cycle_id: int):
    return _propose(slug, cycle_id, on_behalf=True)


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/items/<int:item_id>")
@public_page
def item(slug: str, cycle_id: int, item_id: int):
    forum, role, found = cycle_for(slug, cycle_id)
    shown = items.get_item(found, item_id)
    return render_template("budgeting/item.html", forum=forum, role=role, cycle=found,
                           item=shown, updates=items.updates_of(shown),
                           groups=groups.chosen(forum, shown.target_groups),
                           following=items.is_following(shown, current_user),
                           merged_into=db.session.get(type(shown), shown.merged_into_id)
                           if shown.merged_into_id else None, follow_form=forms.Form())


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/items/<int:item_id>/image")
def item_image(slug: str, cycle_id: int, item_id: int):
    _forum, _role, found = cycle_for(slug, cycle_id)
    return images.serve(items.get_item(found, item_id).image)


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/photos/<name>")
def update_photo(slug: str, cycle_id: int, name: str):
    cycle_for(slug, cycle_id)
    return images.serve(name)


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/items/<int:item_id>/review",
          methods=["GET", "POST"])
def review(slug: str, cycle_id: int, item_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    shown = items.get_item(found, item_id)
    form = forms.ReviewForm(language=current_language(),
                            official_cost=from_minor(shown.official_cost, found.currency))
    merge_form = forms.MergeForm(formdata=None)
    merge_form.into.choices = options(
        [(i.id, i.title) for i in items.items_of(found)
         if i.id != shown.id and i.status != ItemStatus.MERGED])
    if form.validate_on_submit():
        try:
            items.review(shown, form.decision.data == "feasible",
                         to_minor(form.official_cost.data, found.currency), form.reason.data)
        except items.ItemRuleBroken as rule:
            db.session.rollback()
            form.official_cost.errors.append(str(rule))
        else:
            flash(_("The item is checked and its author is told."), "success")
            return redirect(url_for("budgeting.cycle", slug=slug, cycle_id=cycle_id))
    return render_template("budgeting/review.html", forum=forum, cycle=found, item=shown,
                           form=form, merge_form=merge_form), 400 if form.errors else 200


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/items/<int:item_id>/merge")
def merge(slug: str, cycle_id: int, item_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    shown = items.get_item(found, item_id)
    form = forms.MergeForm()
    form.into.choices = options([(i.id, i.title) for i in items.items_of(found)])
    if form.validate_on_submit():
        try:
            items.merge(shown, items.get_item(found, form.into.data))
        except items.ItemRuleBroken as rule:
            db.session.rollback()
            flash(str(rule), "error")
        else:
            flash(_("The items are merged and the author is told."), "success")
    return redirect(url_for("budgeting.review", slug=slug, cycle_id=cycle_id, item_id=item_id))


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/items/<int:item_id>/follow")
def follow(slug: str, cycle_id: int, item_id: int):
    require_signed_in()
    _forum, _role, found = cycle_for(slug, cycle_id)
    shown = items.get_item(found, item_id)
    if forms.Form().validate_on_submit():
        on = request.form.get("follow") == "1"
        items.follow(shown, current_user, on)
        flash(_("You will get an e-mail when there is news about this item.") if on else
              _("You no longer follow this item."), "success")
    return redirect(url_for("budgeting.item", slug=slug, cycle_id=cycle_id, item_id=item_id))


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/items/<int:item_id>/work",
          methods=["GET", "POST"])
def work(slug: str, cycle_id: int, item_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    shown = items.get_item(found, item_id)
    form = forms.WorkForm(obj=shown, language=current_language(),
                          spent=from_minor(shown.spent, found.currency))
    if request.method == "GET":
        form.note.data, form.work_status.data = shown.work_note, shown.work_status or "planned"
    if form.validate_on_submit():
        try:
            photo = images.store(form.photo.data)
            items.report_work(shown, current_user, status=form.work_status.data,
                              progress=form.progress.data,
                              spent=to_minor(form.spent.data, found.currency),
                              note=form.note.data, text=form.text.data,
                              language=form.language.data, photo=photo,
                              photo_alt=form.photo_alt.data)
        except (items.ItemRuleBroken, images.ImageRefused) as rule:
            db.session.rollback()
            form.note.errors.append(str(rule))
        else:
            flash(_("The progress is saved; those who follow the item are told."), "success")
            return redirect(url_for("budgeting.item", slug=slug, cycle_id=cycle_id,
                                    item_id=item_id))
    return render_template("budgeting/work.html", forum=forum, cycle=found, item=shown,
                           form=form), 400 if form.errors else 200


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/items/<int:item_id>/translations",
          methods=["GET", "POST"])
def item_translations(slug: str, cycle_id: int, item_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    shown = items.get_item(found, item_id)
    return translation_page(forum, shown, forms.ITEM_TEXTS, action="budget.item_translate",
                            template="budgeting/translations.html", cycle=found)

"""Demo desks: Bijeljina's office for national minorities (Serbian in both scripts and Romani,
a desk and no sessions) with a dozen cases in several languages and every state, older closed
cases behind its public figures, and a register of institutions; and Tetovo's desk with a few
cases. Loading it twice adds nothing."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select

from forum.accounts.models import User
from forum.accounts.passwords import hash_password
from forum.core import audit
from forum.core.db import utcnow
from forum.desk.filing import token_hash
from forum.desk.models import (
    DEFAULT_CATEGORIES,
    Answer,
    Case,
    CaseOpen,
    DeskSettings,
    DeskStaff,
    Institution,
    Note,
    Referral,
)
from forum.desk.workdays import add_working_days
from forum.extensions import db
from forum.forums.models import Forum, Membership
from forum.proposals.models import TargetGroup

BIJELJINA = dict(
    slug="bijeljina", name="Форум за социјални дијалог Бијељина", language="sr",
    description=("Канцеларија за националне мањине Града Бијељина (од јула 2017) одржава везу "
                 "са заједницама, прима притужбе и одговара на упите, прати положај мањина у "
                 "граду и осмишљава пројекте."),
    country="BA", municipality="Бијељина", timezone="Europe/Sarajevo",
    languages=["sr", "sr_Latn", "rom", "en"], currency="BAM",
)
BIJELJINA_TRANSLATIONS = {
    "sr_Latn": ("Forum za socijalni dijalog Bijeljina",
                "Kancelarija za nacionalne manjine Grada Bijeljina (od jula 2017) održava vezu sa "
                "zajednicama, prima pritužbe i odgovara na upite, prati položaj manjina u gradu "
                "i osmišljava projekte.", "Bijeljina"),
    "rom": ("Forumi vaš socijalno dijalogo Bijeljina",
            "O biro vaš nacionalna minoritetija ani Bijeljina (katar julo 2017) ikerel o phandipe "
            "e komunitetonca, lel o žalbe thaj del palpale vaš o pučiba.", "Bijeljina"),
    "en": ("Forum for Social Dialogue Bijeljina",
           "The City of Bijeljina's office for national minorities (since July 2017) keeps in "
           "touch with the communities, takes complaints and answers inquiries, monitors the "
           "situation of minorities in the city and designs projects.", "Bijeljina"),
}
PEOPLE = [  # key, name, e-mail, language
    ("bijeljina_head", "Драгана Симић", "desk.bijeljina@example.org", "sr"),
    ("bijeljina_helper", "Senad Mustafić", "helper.bijeljina@example.org", "rom"),
    ("bijeljina_roma", "Zlatija Hasanović", "romi.bijeljina@example.org", "sr_Latn"),
]
SIGN_INS = {"bijeljina_head": "Bijeljina desk head (commissioner)",
            "bijeljina_helper": "Bijeljina desk helper"}
INSTITUTIONS = [  # name, sector, address, contact person, member key
    ("Центар за социјални рад Бијељина", "social_services", "Мајевичка 5", "Мира Јовић", None),
    ("ОШ „Свети Сава“", "school", "Карађорђева 2", "директор", None),
    ("ОШ „Вук Караџић“", "school", "Николе Тесле 14", "педагог школе", None),
    ("Дом здравља Бијељина", "health", "Светог Саве 82", "патронажна служба", None),
    ("Полицијска управа Бијељина", "police", "Мајевичка 61", "дежурни", None),
    ("Црвени крст Бијељина", "ngo", "Његошева 7", "Јелена Марић", None),
    ("Udruženje Roma „Romano Dživdipe“", "community", "Ulica Pet jugovića 3",
     "Zlatija Hasanović", "bijeljina_roma"),
    ("Udruženje žena Romkinja „Bolja budućnost“", "ngo", "Kneza Miloša 20", "Fatima Ibrić",
     None),
]
# days ago, language, kind, category, groups, status, institution index or None, description,
# answer or "", filer key or None, contact (name, e-mail, phone, channel) or None
CASES = [
    (3, "rom", "complaint", "education", ("roma", "youth"), "received", 1,
     "Ani škola "
     "na lije mle čhave ko prvo razredo, vakerde kaj nane than. Aver čhave line.", "",
     "resident", ("Ramiz Bajrami", "resident@example.org", "", "email")),
    (5, "sr", "inquiry", "documents", ("roma",), "received", None,
     "Како да извадим извод из матичне књиге рођених за дијете рођено у Њемачкој?", "",
     None, ("Мујо Б.", "", "065 123 456", "phone")),
    (9, "sr_Latn", "complaint", "housing", ("roma",), "in_progress", None,
     "Porodici sa petoro djece isključena je struja zbog duga. Zima je, djeca su bolesna.", "",
     None, ("Hajrija M.", "", "066 222 333", "phone")),
    (12, "rom", "inquiry", "social_benefits", ("roma", "elderly"), "in_progress", 0,
     "Mi daj si 70 berš, nane la penzija. Savo pomoć šaj te lel?", "", None,
     ("Fatima", "", "", "in_person")),
    (17, "sr", "complaint", "health", ("roma", "women"), "referred", 3,
     "У дому здравља нису хтјели да приме моју трудну ћерку јер нема здравствену "
     "књижицу.", "", "resident_sr", ("Јелена Јовановић", "jelena@example.org", "", "email")),
    (24, "sr_Latn", "complaint", "violence", ("roma", "women"), "referred", 4,
     "Komšija mi prijeti i udario me je pred djecom. Policija nije došla kad sam zvala.", "",
     None, ("—", "", "065 999 000", "phone")),
    (30, "en", "inquiry", "employment", ("roma", "youth"), "answered", None,
     "Is there a programme that pays Roma employers or young Roma for a first job?",
     "Yes: the employment office's programme for Roma runs until November. Bring your ID and "
     "school certificate to the office; we can go with you.", None,
     ("Dino S.", "dino.s@example.org", "", "email")),
    (41, "rom", "complaint", "discrimination", ("roma",), "answered", None,
     "Ko kafić ki čaršija na mukhle amen andre, vakerde kaj si rezervirimo, a sa sine čučo.",
     "Pisinjam e inspekcijake thaj e Ombudsmanoske. Akana džanas e reakcija.", "resident",
     ("Ramiz Bajrami", "resident@example.org", "", "email")),
    (58, "sr", "inquiry", "education", ("roma", "youth"), "closed", 2,
     "Да ли моје дијете може добити бесплатне уџбенике?",
     "Да: школа даје бесплатне уџбенике дјеци из социјално угрожених породица. Захтјев "
     "предајте педагогу школе до 15. септембра.", None, ("Сеад", "", "065 555 111", "phone")),
    (73, "sr_Latn", "complaint", "social_benefits", ("roma",), "closed", 0,
     "Centar za socijalni rad mi je odbio jednokratnu pomoć bez obrazloženja.",
     "Centar je preispitao zahtjev i odobrio pomoć. Isplata je 10. u mjesecu.", None,
     ("Emina", "", "066 777 888", "in_person")),
    (95, "rom", "inquiry", "documents", ("roma",), "closed", 5,
     "Kaj šaj te lav lična karta kana nane man adresa?",
     "Crveno krsto del potvrda vaš e adresa. Av ko biro ko utorko, džasa ekhe thaneste.", None,
     None),
    (110, "sr", "complaint", "other", (), "not_admissible", None,
     "Комшија паркира ауто испред моје капије.", "", None, None),
]
TETOVO_INSTITUTIONS = [
    ("Центар за социјална работа Тетово", "social_services", "", "", None),
    ("ЈЗУ Здравствен дом Тетово", "health", "", "патронажна служба", None),
    ("Основно училиште, Тетово", "school", "", "директор", None),
]
# days ago, language, kind, category, groups, status, institution index or None, description
TETOVO_CASES = [
    (4, "mk", "complaint", "education", ("roma",), "received", None,
     "Училиштето не го запиша моето дете во прво одделение без извод."),
    (15, "sq", "inquiry", "health", ("women",), "referred", 1,
     "Ku mund të bëj kontroll falas për shtatzëni pa sigurim shëndetësor?"),
    (33, "rom", "complaint", "housing", ("roma",), "closed", None,
     "E komuna phagja amaro kher bizo lil thaj bizo aver than te dživdinas."),
]
OLD_CATEGORIES = ["documents", "documents", "education", "housing", "social_benefits",
                  "education", "documents", "health", "housing", "discrimination"]


def seed(context: dict) -> None:
    users = {**context["users"], **_people(context)}
    bijeljina = _bijeljina(users)
    if db.session.get(DeskSettings, bijeljina.id) is None:
        _desk(bijeljina, "BN", users["bijeljina_head"], users["bijeljina_helper"])
        register = _register(bijeljina, users)
        groups = _groups(bijeljina)
        for spec in CASES:
            _case(bijeljina, spec, register, groups, users)
        _old_cases(bijeljina, register, groups)
        _number_by_date(bijeljina)
    tetovo = context["forums"]["tetovo"]
    if db.session.get(DeskSettings, tetovo.id) is None:
        _desk(tetovo, "TE", users["tetovo_social"], users["tetovo_ngo"])
        register = _register(tetovo, users, TETOVO_INSTITUTIONS)
        groups = _groups(tetovo)
        for days, language, kind, category, keys, status, place, text in TETOVO_CASES:
            _case(tetovo, (days, language, kind, category, keys, status, place, text,
                           "Одговорено." if status == "closed" else "", None, None),
                  register, groups, users)
    context["forums"]["bijeljina"] = bijeljina
    db.session.commit()


def _people(context: dict) -> dict[str, User]:
    made = {}
    for key, name, email, language in PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(display_name=name, email=email, language=language,
                        password_hash=hash_password(context["password"]),
                        email_confirmed_at=utcnow())
            db.session.add(user)
        made[key] = user
    for key, label in SIGN_INS.items():
        context["sign_ins"][key] = (next(p[2] for p in PEOPLE if p[0] == key), label)
    db.session.flush()
    return made


def _bijeljina(users) -> Forum:
    forum = db.session.scalar(select(Forum).where(Forum.slug == "bijeljina"))
    if forum is not None:
        return forum
    forum = Forum(**BIJELJINA)
    for language, (name, description, place) in BIJELJINA_TRANSLATIONS.items():
        forum.set_translation(language, name=name, description=description,
                              municipality=place)
    db.session.add(forum)
    db.session.flush()
    audit.record("forum.create", target=forum, forum=forum, actor=users["admin"],
                 changes=audit.snapshot(forum, ("slug", "name", "country", "timezone")))
    db.session.add_all([
        Membership(forum=forum, user=users["bijeljina_head"], role="secretariat",
                   organisation="Канцеларија за националне мањине", sector="municipality",
                   name_public=True),
        Membership(forum=forum, user=users["bijeljina_roma"], role="member",
                   organisation="Udruženje Roma „Romano Dživdipe“", sector="community",
                   name_public=True),
    ])
    db.session.flush()
    return forum


def _desk(forum, prefix: str, head, helper) -> None:
    db.session.add(DeskSettings(forum_id=forum.id, enabled=True, response_days=15,
                                keep_contact_days=90, prefix=prefix,
                                categories=list(DEFAULT_CATEGORIES)))
    db.session.add_all([DeskStaff(forum_id=forum.id, user_id=head.id, role="head"),
                        DeskStaff(forum_id=forum.id, user_id=helper.id, role="helper")])
    db.session.flush()


def _register(forum, users, entries=INSTITUTIONS) -> list[Institution]:
    register = []
    for name, sector, address, person, member in entries:
        membership = None
        if member:
            membership = db.session.scalar(select(Membership.id).where(
                Membership.forum_id == forum.id, Membership.user_id == users[member].id))
        register.append(Institution(forum_id=forum.id, name=name, sector=sector,
                                    address=address, contact_person=person,
                                    membership_id=membership))
    db.session.add_all(register)
    db.session.flush()
    return register


def _groups(forum) -> dict[str, int]:
    return {g.key: g.id for g in db.session.scalars(
        select(TargetGroup).where(TargetGroup.forum_id == forum.id))}


def _number(forum, created) -> tuple[int, int, str]:
    settings = db.session.get(DeskSettings, forum.id)
    taken = db.session.scalars(select(Case.sequence).where(Case.forum_id == forum.id,
                                                           Case.year == created.year)).all()
    sequence = max(taken, default=0) + 1
    return created.year, sequence, f"{settings.prefix}-{created.year}-{sequence:04d}"


def _case(forum, spec, register, groups, users) -> Case:
    (days, language, kind, category, keys, status, institution, text, answer, filer,
     contact) = spec
    created = utcnow() - timedelta(days=days, hours=3)
    year, sequence, number = _number(forum, created)
    name, email, phone, channel = contact or ("", "", "", "")
    case = Case(forum_id=forum.id, number=number, year=year, sequence=sequence,
                token_hash=token_hash(secrets.token_urlsafe(24)), kind=kind,
                description=text, category=category, language=language,
                groups=[groups[k] for k in keys if k in groups],
                institution_id=register[institution].id if institution is not None else None,
                wants_answer=contact is not None, channel=channel, contact_name=name,
                contact_email=email, contact_phone=phone, consent=contact is not None,
                filed_by_id=users[filer].id if filer else None, assisted=channel == "in_person",
                sensitive=category == "violence", status=status, created_at=created,
                due_on=add_working_days(created.date(), 15))
    db.session.add(case)
    db.session.flush()
    _history(forum, case, register, institution, answer, created)
    return case


def _history(forum, case, register, institution, answer, created) -> None:
    staff = db.session.scalars(select(DeskStaff).where(DeskStaff.forum_id == forum.id)).all()
    head = next(s.user_id for s in staff if s.role == "head")
    if case.status != "received":
        case.assignee_id = staff[-1].user_id
        db.session.add(CaseOpen(case_id=case.id, user_id=head, at=created + timedelta(hours=2)))
        db.session.add(Note(case_id=case.id, author_id=head, created_at=created,
                            text="Razgovarano telefonom, dogovoren sastanak."))
    if case.status in ("referred", "answered", "closed") and institution is not None:
        db.session.add(Referral(case_id=case.id, institution_id=register[institution].id,
                                referred_on=(created + timedelta(days=1)).date(),
                                request="Molimo informaciju i postupanje u roku od 8 dana.",
                                created_by_id=head,
                                reply="Postupljeno." if case.status != "referred" else "",
                                replied_on=(created + timedelta(days=6)).date()
                                if case.status != "referred" else None))
    if answer:
        answered = created + timedelta(days=8)
        case.answered_at = answered
        db.session.add(Answer(case_id=case.id, author_id=head, text=answer,
                              language=case.language, emailed=bool(case.contact_email),
                              created_at=answered))
    if case.status in ("closed", "not_admissible"):
        case.closed_at = created + timedelta(days=12)
    if case.status == "not_admissible":
        case.not_admissible_reason = "Ово није питање за канцеларију: обратите се комуналној " \
                                     "полицији."


def _number_by_date(forum) -> None:
    """Number the demo's cases in the order they were filed, as filing would have."""
    cases = db.session.scalars(select(Case).where(Case.forum_id == forum.id)
                               .order_by(Case.created_at)).all()
    for case in cases:
        case.sequence, case.number = -case.id, f"tmp-{case.id}"
    db.session.flush()
    counters: dict[int, int] = {}
    prefix = db.session.get(DeskSettings, forum.id).prefix
    for case in cases:
        counters[case.year] = counters.get(case.year, 0) + 1
        case.sequence = counters[case.year]
        case.number = f"{prefix}-{case.year}-{case.sequence:04d}"
    db.session.flush()


def _old_cases(forum, register, groups) -> None:
    """Closed cases of the past year behind the public figures; their contacts are gone."""
    today = date.today()
    for n in range(30):
        category = OLD_CATEGORIES[n % len(OLD_CATEGORIES)]
        created = utcnow() - timedelta(days=40 + n * 10)
        year, sequence, number = _number(forum, created)
        case = Case(forum_id=forum.id, number=number, year=year, sequence=sequence,
                    description="Arhivirani predmet.", category=category,
                    language=("sr", "sr_Latn", "rom")[n % 3], groups=[groups["roma"]],
                    institution_id=register[n % len(register)].id if n % 2 else None,
                    status="closed", created_at=created,
                    due_on=add_working_days(created.date(), 15),
                    answered_at=created + timedelta(days=4 + n % 9),
                    closed_at=created + timedelta(days=14),
                    contact_erased_at=created + timedelta(days=104) if created.date() <
                    today - timedelta(days=104) else None)
        db.session.add(case)
    db.session.flush()

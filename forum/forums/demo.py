"""Demo forums for Tetovo and Roskovec, with their people, for `flask demo`."""

from __future__ import annotations

from sqlalchemy import select

from forum.accounts.models import User
from forum.accounts.passwords import hash_password
from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.forums.models import Forum, Membership

PASSWORD = "demo-forum-2026"  # noqa: S105 - demo data, printed for people to use

PEOPLE = [
    # key, name, email, language, admin
    ("admin", "Ana Administrator", "admin@example.org", "en", True),
    ("tetovo_secretariat", "Arta Memeti", "secretariat.tetovo@example.org", "mk", False),
    ("tetovo_ngo", "Senad Ramadani", "romano.ilo@example.org", "rom", False),
    ("tetovo_police", "Goran Stojanovski", "police.tetovo@example.org", "mk", False),
    ("tetovo_school", "Lindita Aliu", "school.tetovo@example.org", "sq", False),
    ("tetovo_social", "Marija Petrovska", "social.tetovo@example.org", "mk", False),
    ("roskovec_secretariat", "Elona Hoxha", "secretariat.roskovec@example.org", "sq", False),
    ("roskovec_ngo", "Flutura Rama", "drom.romano@example.org", "rom", False),
    ("roskovec_health", "Dritan Kola", "health.roskovec@example.org", "sq", False),
    ("roskovec_police", "Besnik Duka", "police.roskovec@example.org", "sq", False),
    ("resident", "Ramiz Bajrami", "resident@example.org", "rom", False),
    ("resident_sr", "Јелена Јовановић", "jelena@example.org", "sr", False),
]

SIGN_INS = {
    "admin": "Site administrator",
    "tetovo_secretariat": "Tetovo secretariat",
    "tetovo_ngo": "Tetovo member (Roma NGO)",
    "roskovec_secretariat": "Roskovec secretariat",
    "roskovec_ngo": "Roskovec member (Roma NGO)",
    "resident": "Resident (Romani)",
    "resident_sr": "Resident (Serbian)",
}

TETOVO = dict(
    slug="tetovo",
    name="Форум за социјален дијалог Тетово",
    language="mk",
    description=(
        "Форумот ги собира Општина Тетово, невладините организации, полицијата, училиштата, "
        "центарот за социјална работа и претставниците на заедниците, особено ромската.\n\n"
        "Се состануваме секои два месеци. Секој жител може да предложи тема за дневниот ред."
    ),
    country="MK", municipality="Тетово", timezone="Europe/Skopje",
    languages=["mk", "sq", "rom", "en"], currency="MKD",
)
TETOVO_TRANSLATIONS = {
    "sq": ("Forumi për Dialog Social Tetovë",
           "Forumi bashkon Komunën e Tetovës, organizatat joqeveritare, policinë, shkollat, "
           "qendrën për punë sociale dhe përfaqësuesit e komuniteteve, veçanërisht atë rom.\n\n"
           "Takohemi çdo dy muaj. Çdo banor mund të propozojë një temë për rendin e ditës."),
    "en": ("Forum for Social Dialogue Tetovo",
           "The forum brings together the Municipality of Tetovo, NGOs, the police, schools, the "
           "centre for social work and community representatives, the Roma community above "
           "all.\n\nWe meet every two months. Any resident can propose a topic for the agenda."),
}
# The town's name as each language writes it, so no page shows "Tetovo" among Cyrillic words.
PLACE_NAMES = {
    "tetovo": {"sq": "Tetovë", "en": "Tetovo", "rom": "Tetovo"},
    "roskovec": {"mk": "Росковец", "en": "Roskovec", "rom": "Roskovec"},
}
ROSKOVEC = dict(
    slug="roskovec",
    name="Forumi për Dialog Social Roskovec",
    language="sq",
    description=(
        "Një trup i gjerë i të gjitha institucioneve përkatëse — bashkia, policia, shërbimet "
        "sociale, shkollat dhe organizatat — që i dallon problemet herët. Gjetjet e tij "
        "ushqejnë planin social të bashkisë."
    ),
    country="AL", municipality="Roskovec", timezone="Europe/Tirane",
    languages=["sq", "rom", "en"], currency="ALL",
)
ROSKOVEC_TRANSLATIONS = {
    "en": ("Forum for Social Dialogue Roskovec",
           "A wide body of all relevant institutions — the municipality, police, social "
           "services, schools and organisations — that spots problems early. Its findings "
           "feed the municipality's social plan."),
}

MEMBERS = {
    "tetovo": [
        ("tetovo_secretariat", "secretariat", "Општина Тетово", "municipality", True),
        ("tetovo_ngo", "member", "Romano Ilo", "ngo", True),
        ("tetovo_police", "member", "Полициска станица Тетово", "police", False),
        ("tetovo_school", "member", "Shkolla fillore „Naim Frashëri“", "school", True),
        ("tetovo_social", "member", "Центар за социјална работа Тетово", "social_services",
         False),
    ],
    "roskovec": [
        ("roskovec_secretariat", "secretariat", "Bashkia Roskovec", "municipality", True),
        ("roskovec_ngo", "member", "Shoqata Drom Romano", "community", True),
        ("roskovec_health", "member", "Qendra Shëndetësore Roskovec", "health", False),
        ("roskovec_police", "member", "Komisariati i Policisë Roskovec", "police", True),
    ],
}


def seed(context: dict) -> None:
    context["password"] = PASSWORD
    context["sign_ins"] = {key: (_email(key), label) for key, label in SIGN_INS.items()}
    users = _people()
    context["users"] = users
    forums = {}
    for spec, translations in ((TETOVO, TETOVO_TRANSLATIONS), (ROSKOVEC, ROSKOVEC_TRANSLATIONS)):
        forums[spec["slug"]] = _forum(spec, translations, users)
    context["forums"] = forums
    db.session.commit()


def _email(key: str) -> str:
    return next(email for k, _n, email, _l, _a in PEOPLE if k == key)


def _people() -> dict[str, User]:
    users = {}
    password_hash = None
    for key, name, email, language, admin in PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            password_hash = password_hash or hash_password(PASSWORD)
            user = User(display_name=name, email=email, language=language, is_admin=admin,
                        password_hash=password_hash, email_confirmed_at=utcnow())
            db.session.add(user)
        users[key] = user
    db.session.flush()
    return users


def _forum(spec: dict, translations: dict, users: dict) -> Forum:
    forum = db.session.scalar(select(Forum).where(Forum.slug == spec["slug"]))
    if forum is not None:
        return forum
    forum = Forum(**spec)
    for language, (name, description) in translations.items():
        forum.set_translation(language, name=name, description=description)
    for language, place in PLACE_NAMES[spec["slug"]].items():
        forum.set_translation(language, municipality=place)
    db.session.add(forum)
    db.session.flush()
    audit.record("forum.create", target=forum, forum=forum, actor=users["admin"],
                 changes=audit.snapshot(forum, ("slug", "name", "country", "timezone")))
    for key, role, organisation, sector, public in MEMBERS[spec["slug"]]:
        db.session.add(Membership(forum=forum, user=users[key], role=role,
                                  organisation=organisation, sector=sector, name_public=public))
    return forum

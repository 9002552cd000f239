"""The extension singletons; `create_app` binds them to the app."""

from flask_babel import Babel
from flask_compress import Compress
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from forum.core.db import Base
from forum.core.limits import person_or_address

# Objects stay readable after commit: a request commits once and then renders or redirects.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=person_or_address)
htmx = HTMX()
compress = Compress()

"""Django settings. Everything environment-specific comes from environment variables (django-environ).

DATABASE_URL selects the database; unset means the embedded SQLite file under var/.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
VAR_DIR = REPO_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the embedded SQLite database lives here

env = environ.Env()

DEBUG = env.bool("SAFEGUARD_DEBUG", default=False)
# The demo runs on a developer's own machine; production must set its own secret.
SECRET_KEY = env.str("SAFEGUARD_SECRET_KEY", default="insecure-demo-key-change-me-in-production-0123456789abcdef")
ALLOWED_HOSTS = env.list("SAFEGUARD_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'safeguard.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a generator writes; a busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "safeguard.accounts",
    "safeguard.workdays",
    "safeguard.people",
    "safeguard.workforce",
    "safeguard.access",
    "safeguard.chronology",
    "safeguard.frontdoor",
    "safeguard.casework",
    "safeguard.protection",
    "safeguard.oversight",
    "safeguard.lac",
    "safeguard.carereviews",
    "safeguard.health",
    "safeguard.education",
    "safeguard.missing",
    "safeguard.exploitation",
    "safeguard.asylum",
    "safeguard.disabledchildren",
    "safeguard.careleavers",
    "safeguard.adoption",
    "safeguard.legal",
    "safeguard.queues",
    "safeguard.returns",
    "safeguard.indicators",
    "safeguard.synthetic",
    "safeguard.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "safeguard.accounts.middleware.InspectorReadOnlyMiddleware",
    # Axes must be last: it turns repeated failed logins into a lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguard.urls"
WSGI_APPLICATION = "safeguard.wsgi.application"

_context_processors = [
    "django.template.context_processors.request",
    "django.template.context_processors.csp",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "safeguard.web.context_processors.navigation",
]
TEMPLATES = [
    {
        # Service pages: Jinja2, so the GOV.UK Frontend macros render as published.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "safeguard.jinja2_env.environment", "context_processors": _context_processors},
    },
    {
        # Django admin (administrators only) keeps its own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _context_processors},
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failures for the same user name from the same address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("SAFEGUARD_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("SAFEGUARD_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions expire after 30 idle minutes and always when the browser closes.
SESSION_COOKIE_AGE = env.int("SAFEGUARD_SESSION_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env.bool("SAFEGUARD_SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict policy: nothing from outside the service, no inline script without the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# The built GOV.UK assets live in safeguard/static/, which belongs to no app, so the finders need telling.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("SAFEGUARD_STATIC_ROOT", default=None)
# WhiteNoise serves straight from the app folders, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The authority this installation serves (returns headers, distances, "in area").
SAFEGUARD_AUTHORITY = {
    "name": env.str("SAFEGUARD_AUTHORITY_NAME", default="Northbridge City Council (synthetic)"),
    "la_code": env.str("SAFEGUARD_LA_CODE", default="999"),
}

# Return builds (safeguard/returns/services.py): how many run at once across every process sharing the
# database, and where a build writes its files before they are compressed into the database.
RETURN_BUILDS_MAX_CONCURRENT = env.int("SAFEGUARD_RETURN_BUILDS_MAX_CONCURRENT", default=2)
RETURN_BUILDS_WORK_DIR = env.str("SAFEGUARD_RETURN_BUILDS_WORK_DIR", default=None)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("SAFEGUARD_LOG_LEVEL", default="WARNING")},
}

"""Django settings. Everything that differs between machines comes from the environment.

NRM_MODE: `development` (default), `demo` (embedded demo) or `production`.
In production every secret must come from the environment; elsewhere missing keys are
generated once into the data directory so that a fresh clone runs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from nrm.core.keys import load_keys

BASE_DIR = Path(__file__).resolve().parent
MODE = os.environ.get("NRM_MODE", "development")
if MODE not in {"development", "demo", "production"}:
    raise RuntimeError(f"NRM_MODE must be development, demo or production, not {MODE!r}")
PRODUCTION = MODE == "production"
DEMO_MODE = MODE == "demo"

DATA_DIR = Path(os.environ.get("NRM_DATA_DIR", Path.cwd() / "var")).resolve()
if not PRODUCTION:
    DATA_DIR.mkdir(parents=True, exist_ok=True)

_keys = load_keys(DATA_DIR, production=PRODUCTION)
SECRET_KEY = _keys.secret_key
NRM_FIELD_KEYS = _keys.field_keys
NRM_BLIND_INDEX_KEY = _keys.blind_index_key
NRM_BLIND_INDEX_KEYS = _keys.blind_index_keys  # newest first; `nrm keys reindex` moves rows

DEBUG = os.environ.get("NRM_DEBUG", "1" if MODE == "development" else "0") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("NRM_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("NRM_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "nrm.core",
    "nrm.accounts",
    "nrm.audit",
    "nrm.registry",
    "nrm.deadlines",
    "nrm.consent",
    "nrm.meetings",
    "nrm.directory",
    "nrm.casefile",
    "nrm.linkage",
    "nrm.screening",
    "nrm.referrals",
    "nrm.shelters",
    "nrm.plans",
    "nrm.identification",
    "nrm.appeals",
    "nrm.reintegration",
    "nrm.emergency",
    "nrm.statistics",
    "nrm.actionplan",
    "nrm.exchange",
    "nrm.oversight",
    "nrm.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every answer after the static files: no-store (personal data).
    "nrm.accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nrm.accounts.middleware.IdleSessionMiddleware",
    "nrm.accounts.middleware.ActorMiddleware",
    "nrm.accounts.middleware.TwoFactorMiddleware",
    # 403 and 404 of the routes about a case, to the "nrm.security" log (no personal data).
    "nrm.accounts.middleware.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a lock-out noted during authenticate() into the lock-out answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nrm.urls"
WSGI_APPLICATION = "nrm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nrm.core.context_processors.nrm",
                "nrm.site.context_processors.languages",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'nrm.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db),
        conn_max_age=int(os.environ.get("NRM_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "nrm.accounts.backends.NrmModelBackend",
]
# Two-factor authentication (TOTP) for every account outside demo mode. Production cannot
# turn it off; a developer's machine may (NRM_REQUIRE_2FA=0).
NRM_REQUIRE_2FA = PRODUCTION or (
    os.environ.get("NRM_REQUIRE_2FA", "0" if DEMO_MODE else "1") == "1"
)
# The demo's accounts (password `demo`) log in only in demo mode (contract). The test suite
# turns this on as demo mode does; production never does.
NRM_DEMO_ACCOUNTS = DEMO_MODE
OTP_TOTP_ISSUER = "nrm"
# Lock-out after repeated failures (UI login and POST /api/v1/auth/token alike): per
# username, so a trafficker guessing one worker's password from many addresses is stopped,
# and per address, so one machine cannot walk through many usernames.
AXES_FAILURE_LIMIT = int(os.environ.get("NRM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NRM_LOGIN_COOLOFF_MINUTES", "30")))
# Per username at one address (second review, finding 11): failures from an attacker's
# address do not lock the worker out at theirs, and an office behind one public address is
# not locked out by one colleague's typing. See docs/decisions/0003-security.md.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy REMOTE_ADDR is the proxy's: list it (addresses or networks, comma
# separated) and the client address is read from X-Forwarded-For, only on requests that
# come from it (nrm.accounts.lockout.client_address). Unset, the header is never read.
NRM_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("NRM_TRUSTED_PROXIES", "").split(",") if a.strip()
]
AXES_CLIENT_IP_CALLABLE = "nrm.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nrm.accounts.lockout.lockout_response"
AXES_VERBOSE = False  # axes would log usernames; the failures are in its tables
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Albanian first; every user-facing string is translated into both.
LANGUAGE_CODE = "sq"
# Every interface language nrm has a catalogue for; the picker offers the profile's own
# (nrm.site.context_processors.languages): Albania sq+en, Kosovo sq+sr-latn+en.
LANGUAGES = [("sq", "Shqip"), ("sr-latn", "Srpski (latinica)"), ("en", "English")]
# The profile's own wording first (docs/translation.md, "A profile's wording"): a profile may
# ship `locale/` beside its profile.yaml with the interface strings its procedure names
# differently (Kosovo's Secretariat where Albania's SOP says "the AP"); then nrm's catalogues.
LOCALE_PATHS = [
    *sorted(
        (BASE_DIR / "jurisdictions").glob(
            f"{os.environ.get('NRM_JURISDICTION', 'AL').lower()}/*/locale"
        ),
        reverse=True,
    ),
    BASE_DIR / "locale",
]
USE_I18N = True
# Day-first dates, read and shown, and a 24-hour clock in both languages (nrm/core/formats;
# docs/ui.md, docs/home.md).
FORMAT_MODULE_PATH = ["nrm.core.formats"]
TIME_ZONE = "Europe/Tirane"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# nrm/static is not inside an app: without this the stylesheet is never found.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("NRM_MEDIA_ROOT", DATA_DIR / "media"))

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Request size limits, set here rather than left to Django's defaults. A body over 1 MiB
# (forms and API JSON alike; the longest text, information supporting investigation, is far
# less) is refused with 400 on the pages and 413 on the API, before anything is parsed or
# saved; so is a form of more than 1,000 fields. One file per request at most: the case
# file's documents (nrm.casefile.uploads: in memory, capped at the profile's limit, sealed
# by the service; the file's bytes do not count towards the 1 MiB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 1
# No upload is ever written to a temporary file (a plaintext copy on disk): a file sent to
# any other page is kept in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE or dropped.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Self only: scripts (htmx and ours) and styles are served from /static/, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("NRM_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get(
    "NRM_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("NRM_FROM_EMAIL", "nrm@localhost")

# The jurisdiction whose profile new cases open under.
NRM_JURISDICTION = os.environ.get("NRM_JURISDICTION", "AL")
NRM_PUBLIC_URL = os.environ.get("NRM_PUBLIC_URL", "http://127.0.0.1:8000")
# `make bench` only: exposes /-/bench/bare/<pk>, the baseline of the benchmark.
NRM_BENCH = os.environ.get("NRM_BENCH") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("NRM_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

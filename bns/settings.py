"""Settings for BNS.

Two ways to run, chosen by the environment (see README "Environment variables"):
- embedded default: SQLite file under var/, Celery tasks run in-process (eager);
- full stack: DATABASE_URL (PostgreSQL) and REDIS_URL set; a Celery worker and beat run apart.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BNS_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_bool("BNS_PRODUCTION")
DEBUG = env_bool("BNS_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("BNS_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("BNS_SECRET_KEY must be set when BNS_PRODUCTION=1")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("BNS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("BNS_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "bns",
    "contacts",
    "networking",
    "campaigns",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bns.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "bns.middleware.TenantMiddleware",
]

ROOT_URLCONF = "bns.urls"
WSGI_APPLICATION = "bns.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bns.context_processors.shell",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # JIT compilation cost about half of the dashboards snapshot's SQL time in bench_dashboards and never pays off
        # on this application's short queries.
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "bns.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and result backend when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bns"}}

AUTH_USER_MODEL = "bns.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# --- django-allauth: e-mail login, no open sign-up (invitations only), TOTP, rate limits.
ACCOUNT_ADAPTER = "bns.adapters.AccountAdapter"
ACCOUNT_FORMS = {  # our label for the e-mail field (« Adresse e-mail », not Django's « Courriel »)
    "login": "bns.forms.auth.BNSLoginForm",
    "reset_password": "bns.forms.auth.BNSResetPasswordForm",
    "add_email": "bns.forms.auth.BNSAddEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # invitations prove the address
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "BNS"

# --- Django REST framework and the OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["rest_framework.filters.SearchFilter", "rest_framework.filters.OrderingFilter"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "bns.api_base.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "2000/hour", "token_obtain": "10/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BNS API",
    "DESCRIPTION": "Business Networking Strategy for dealership groups. Every tenant resource lives under /api/v1/g/<slug>/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set the contacts API shares between fields ("status", "format", "*visibility").
    "ENUM_NAME_OVERRIDES": {
        "VisibilityEnum": "contacts.models.Visibility",
        "ContactImportStatusEnum": "contacts.models.ContactImport.Status",
        "ContactImportFormatEnum": "contacts.models.ContactImport.Format",
        "ReferralStatusEnum": "contacts.referrals.models.Referral.Status",
        "ReferralStatusFilterEnum": "contacts.referrals.serializers.REFERRAL_STATUS_FILTER_CHOICES",
        "RewardStatusEnum": "contacts.referrals.models.Reward.Status",
        "AccountPlanStatusEnum": "contacts.plans.models.AccountPlan.Status",
        "PlanActionStatusEnum": "contacts.plans.models.PlanAction.Status",
        "AffiliationKindEnum": "contacts.plans.models.Affiliation.Kind",
        "RelationshipKindEnum": "contacts.models.RelationshipKind",
        "ActivityChannelEnum": "networking.models.ActivityChannel",
        "ActivityKindEnum": "networking.models.ActivityKind",
        "ActivityImportStatusEnum": "networking.models.ActivityImport.Status",
        "SolicitationChannelEnum": "contacts.models.Solicitation.Channel",
        "ProgrammeActionStatusEnum": "bns.programme.models.ProgrammeAction.Status",
        "ProgrammeActionKindEnum": "bns.programme.models.ProgrammeAction.Kind",
        "ProgrammeStatusEnum": "bns.programme.models.Programme.Status",
        "ProgrammeStepStatusEnum": "bns.programme.models.ProgrammeStep.Status",
    },
    # No call to validator.swagger.io from the docs page: the product runs offline.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# --- Celery: eager (in-process) without Redis, real broker with it.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Above the longest task's hard limit, so an unacked task is not redelivered while it still runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- E-mail.
EMAIL_BACKEND = os.environ.get(
    "BNS_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if not PRODUCTION else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("BNS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("BNS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("BNS_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("BNS_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("BNS_EMAIL_USE_TLS")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("BNS_DEFAULT_FROM_EMAIL", "BNS <no-reply@bns.example>")
BNS_BASE_URL = os.environ.get("BNS_BASE_URL", "http://127.0.0.1:8000")

# --- Internationalisation: French first.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files: everything the browser loads is ours (no CDN).
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("BNS_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads it to send X-CSRFToken
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # BNS_SECURE_COOKIES=0 only for a local trial over plain http (docker-compose.yml); never behind TLS.
    SESSION_COOKIE_SECURE = env_bool("BNS_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("BNS_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("BNS_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BNS_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Employee CSV imports larger than this many rows are refused with a clear message.
BNS_EMPLOYEE_IMPORT_MAX_ROWS = 5000

"""Settings for the Security Agreement Tracker.

One module, driven by environment variables (see README, "Configuration").
DEBUG defaults to off; `make run` switches it on for local use.
"""

import datetime
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    import os

    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Required to serve: tracker/wsgi.py and asgi.py refuse to start without it,
# and Django raises wherever an empty key would be used. Commands that sign
# nothing (makemigrations, migrate, collectstatic) run without one.
SECRET_KEY = env("DJANGO_SECRET_KEY") or (
    "django-insecure-local-development-only" if DEBUG else ""
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every
    # response, cached pages and the admin included.
    "csp.middleware.CSPMiddleware",
    "agreements.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Read-only CORS for the API, on cached answers too.
    "corsheaders.middleware.CorsMiddleware",
    # 414 for a query string over QUERY_STRING_MAX_BYTES, before any work.
    "agreements.request_limits.QueryStringLimitMiddleware",
    # 503 with Retry-After, not 500, while the database cannot be reached:
    # outside every layer below, each of which may read it.
    "agreements.unavailable.DatabaseUnavailableMiddleware",
    # 304 Not Modified for a request whose ETag or date matches, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # ETag, Last-Modified and Cache-Control from the data version; 304 before
    # rendering (agreements/http_validators.py).
    "agreements.http_validators.HttpValidatorsMiddleware",
    # Serves rendered public pages to anonymous readers (agreements/pagecache.py).
    "agreements.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the admin history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks out repeated failed sign-ins (django-axes; AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

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
                "agreements.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A PostgreSQL server that does not answer fails a request within seconds
# instead of holding its worker thread for the minutes TCP takes to give
# up. Each gunicorn thread keeps its own connection for DJANGO_CONN_MAX_AGE
# seconds, checked before reuse (conn_health_checks), so a restarted server
# costs a reconnection, not an error.
#
# Parameters are bound by the server and a query's plan is prepared once a
# connection has run it twice (psycopg's prepare_threshold): the agreement
# page's 13 queries are planned once per connection, not on every visit
# (p25 34-46 -> 25-32 ms at bench size). Behind a pooler in transaction mode that
# cannot keep prepared statements (PgBouncer before 1.21), set
# DJANGO_DB_SERVER_SIDE_BINDING=0.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, batching bulk writes under the protocol's 65,535 parameters
    # a statement (tracker/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "tracker.postgresql"
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", int(env("DJANGO_DB_CONNECT_TIMEOUT", "5")))
    if env_bool("DJANGO_DB_SERVER_SIDE_BINDING", True):
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 2)
    # No JIT compilation: PostgreSQL compiles a query whose estimated cost
    # passes jit_above_cost, and a search estimated high but run in 50 ms
    # spent 0.75 s compiling (a phrase search over agreements at bench
    # size: 5.0 s -> 0.14 s). DJANGO_DB_JIT=1 leaves the server's setting.
    if not env_bool("DJANGO_DB_JIT", False):
        options.setdefault("options", "-c jit=off")
# A second database for the tests that compare the two (set by the test run).
if env("TRACKER_COMPARE_DATABASE_URL", ""):
    DATABASES["compare"] = dj_database_url.parse(env("TRACKER_COMPARE_DATABASE_URL"))


def page_cache(url):
    """The page cache: each worker's memory by default, or one Redis server
    that every worker and machine shares (TRACKER_CACHE_URL=redis://…), so
    one render serves them all; the data version in every key retires the
    pages of every worker at the first edit."""
    return shared_cache(url, "pages", max_entries=300)


def limits_cache(url):
    """The rate limits' counters (agreements/limits.py): each worker counts
    its own requests in its memory, or every worker and machine counts in
    the same Redis server (TRACKER_CACHE_URL), so a limit holds for the
    whole site. A counter is a few bytes: room for 10,000 clients."""
    return shared_cache(url, "limits", max_entries=10_000)


def shared_cache(url, name, max_entries):
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"tracker-{name}",
        }
    if url:
        raise ImproperlyConfigured(
            f"TRACKER_CACHE_URL must be a redis:// address, not {url[:40]!r}."
        )
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": name,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


RATE = re.compile(r"[1-9][0-9]*/[smhd]")


def rate_limit(name, default):
    """A rate from the environment: `30/m` (30 a minute; s, m, h, d), or
    `off` for none."""
    value = env(name, default).strip().lower()
    if value == "off":
        return None
    if not RATE.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 30/m (per s, m, h or d) or off, "
            f"not {value[:40]!r}."
        )
    return value


# Sign-in throttling (django-axes): 5 failed attempts for one account, or
# from one address, lock that account or address out for an hour, with a
# page saying so (429); every attempt is kept (Axes → Access attempts), and
# deleting an account's or address's attempts there unlocks it at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("TRACKER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client's address, for these limits and the rate limits below.
AXES_CLIENT_IP_CALLABLE = "agreements.limits.client_address"

# The client's address is the connection's (REMOTE_ADDR), unless the site
# is behind this many reverse proxies, each of which appends the address it
# was reached from to X-Forwarded-For: then it is the entry that many places
# from the right, the address the outermost proxy saw. Entries further left
# are the client's own claims, and never read.
TRACKER_PROXY_COUNT = int(env("TRACKER_PROXY_COUNT", "0"))

# Rate limits per client address (agreements/limits.py, django-ratelimit):
# exports (CSV and JSON Lines) and searches (/search/, and a list's or the
# API's ?q=); past one, 429 with Retry-After. Generous for a person; a
# script that downloads every export in a loop waits its turn.
RATE_LIMITS = {
    "export": rate_limit("TRACKER_EXPORT_RATE", "30/m"),
    "search": rate_limit("TRACKER_SEARCH_RATE", "60/m"),
}
RATELIMIT_USE_CACHE = "limits"
# A counter the cache cannot keep lets the request through (limits.py
# also lets it through when the cache cannot be reached).
RATELIMIT_FAIL_OPEN = True

# Request limits. An agreement's admin page posts about 20 fields per clause
# with all it holds (the Japan accord's, 96 clauses, 1,917; Django's default
# limit of 1,000 refused it): 20,000 fields holds an agreement of some 1,000
# clauses. Bodies up to 8 MB: an imported text (at most 2 MB) travels with
# its preview's rows. Uploads are refused past 2 MB (text_readers.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
# Query strings: a list's link with 20 countries in each of its three
# country filters and a 200-character search stays under 2 KB; past 4 KB
# the answer is 414 before any database work (agreements/request_limits.py).
# gunicorn takes request lines up to 8,190 bytes, so that 414 is what a
# client sees (gunicorn.conf.py).
QUERY_STRING_MAX_BYTES = 4096

# Where a login goes when its `next` is missing or refused (not a 404).
LOGIN_REDIRECT_URL = "admin:index"

# Scripts come only from this site's files (no inline script anywhere, the
# admin's included); inline style attributes stay allowed (the signings
# chart's width, the admin's widgets). No plug-ins, frames or foreign forms.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],  # the admin's related-object pop-ups
    }
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": page_cache(env("TRACKER_CACHE_URL", "")),
    "limits": limits_cache(env("TRACKER_CACHE_URL", "")),
}
# Seconds a rendered public page may be served from a worker's memory; any
# change to the data retires it sooner. 0 turns the page cache off.
# Widgets written in Python, identical to Django's templates (form_renderer.py).
FORM_RENDERER = "agreements.form_renderer.FastWidgets"
PAGE_CACHE_SECONDS = int(env("TRACKER_PAGE_CACHE_SECONDS", "600"))
# A facet whose counting takes longer is shown without counts (facets.py);
# Datasette's facet_time_limit_ms has the same default.
FACET_TIME_LIMIT_MS = int(env("TRACKER_FACET_TIME_LIMIT_MS", "200"))
# Each kind of record on /search/ is searched within this budget; a kind
# that takes longer says so and links to its list (views.SearchGroup).
SEARCH_TIME_LIMIT_MS = int(env("TRACKER_SEARCH_TIME_LIMIT_MS", "1000"))
# Seconds a shared cache (a proxy, a CDN) may serve a public page, export or
# JSON answer without asking again (Cache-Control s-maxage); browsers always
# revalidate. 0: every use revalidates (no-cache).
SHARED_CACHE_SECONDS = int(env("TRACKER_SHARED_CACHE_SECONDS", "60"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Tests set DJANGO_STATICFILES_STORAGE to the plain storage: without
    # collectstatic the manifest storage cannot resolve {% static %}.
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Security: safe by default with DEBUG off; each switch can be relaxed by env
# (e.g. DJANGO_SECURE_SSL_REDIRECT=0 when a proxy already redirects).
SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", SECURE)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", SECURE)
SECURE_HSTS_SECONDS = int(
    env("DJANGO_SECURE_HSTS_SECONDS", "31536000" if SECURE else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}

# The JSON API (agreements/api/): public, read-only, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Security Agreement Tracker API",
    "DESCRIPTION": (
        "Read-only JSON for every list and record of the tracker: the same "
        "filters, rows and order as the HTML lists and their CSV exports."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "agreements.api.schema.postprocess",
    ],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # Swagger UI from the installed sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Anyone may read the API from another site; nothing else crosses origins.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Content-Disposition", "X-Row-Count"]

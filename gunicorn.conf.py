"""gunicorn's settings for `make serve` (gunicorn -c gunicorn.conf.py tracker.wsgi).

Threaded workers (gthread): each worker process runs GUNICORN_THREADS
requests at once, and its main loop, not the request, tells the master it is
alive. A sync worker is one request at a time and is killed when one request
outlasts `timeout`: a CSV export to a slow client (hundreds of MB at 1 MB/s)
was cut at 30 s, and two slow downloads held both workers while every other
page waited. Here a download lasts as long as the client takes, and the
other threads keep answering. Every thread keeps its own database connection
(Django's are per thread; DJANGO_CONN_MAX_AGE), so PostgreSQL sees at most
workers × threads connections from one server: 16 by default.

Any setting can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

# Seconds a worker's main loop may go silent before the master replaces
# it: a hung process, not a long download (the loop beats every second
# whatever its threads are doing).
timeout = 30
# On a restart, requests under way get this long to finish before the old
# workers are stopped.
graceful_timeout = 60
# Idle seconds a connection is kept open for its next request: longer than
# the 60 s an nginx upstream keeps its idle connections (keepalive_timeout),
# so nginx never reuses one that gunicorn has just closed.
keepalive = 75

# Request line (method, path, query string): gunicorn's largest, 8,190
# bytes, so that a query string over the site's limit of 4,096 bytes
# (agreements/request_limits.py) gets the site's 414 with its reason rather
# than gunicorn's bare 400. Headers: gunicorn's defaults, stated.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"

"""gunicorn's settings for `make serve` (and the tests and benchmarks that start it the same way).

    gunicorn -c clinic/gunicorn.conf.py clinic.wsgi

Each value can be changed with an environment variable (README "Configuration"). gunicorn reads
this file itself, before Django, so it reads the environment with ``os`` and not clinic/env.py.
"""

from __future__ import annotations

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Two cores: two processes, each with threads, so that one slow request (a handout PDF, a log-in's
# Argon2 hash) does not hold up /health/ or the next page while it runs. Eight threads each, more
# than the cores need, because a throttled log-in holds its thread for a second's pause
# (LOGIN_THROTTLE_DELAY_SECONDS) without using the CPU: a flood of 10 connections leaves threads free.
worker_class = "gthread"
workers = int(os.environ.get("WORKERS", "2"))
threads = int(os.environ.get("THREADS", "8"))
timeout = int(os.environ.get("WORKER_TIMEOUT", "30"))
keepalive = 2

# Access log without query strings: `%(U)s` is the path alone. Never `%(r)s` (the request line),
# `%(q)s` (the query) or `%(f)s` (the referer, which carries the previous page's query): searched
# client names and finder regions would stay in the log (security checklist G7).
accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = os.environ.get("ERROR_LOG", "-")

# Request limits, checked by gunicorn before Django sees the request (checklist G6). The longest
# URL the app makes is a batch handout for a day's clients, far below 4 KB; 50 header fields and
# 8 KB per field leave room for cookies. The body's size is limited in Django
# (clinic.middleware.RequestSizeLimitMiddleware, MAX_REQUEST_BYTES).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

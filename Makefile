# Two commands on a fresh machine with Python 3.11+: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DEBUG=1
# `make run` is a single-therapist trial: the second factor is off unless REQUIRE_SECOND_FACTOR=1.
TRIAL := $(DEV) REQUIRE_SECOND_FACTOR=$${REQUIRE_SECOND_FACTOR:-0}

.PHONY: setup requirements run serve test test-wheel test-browser browser-deps screenshots test-postgres lint format messages clean bench bench-finder bench-handout bench-outcomes bench-login-flood bench-slots bench-appointments bench-messages

# The runtime packages alone (make run, make serve); with the test and development tools on top
# (make test and the rest). Both files are locked with hashes: see `make requirements`.
$(RUNTIME): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

$(STAMP): $(RUNTIME) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
	  -r requirements.txt -r requirements-dev.txt
	@touch $@

setup: $(STAMP)

# After a change to requirements.in or requirements-dev.in: lock every package, the transitive
# ones included, with the hashes pip checks at install time.
requirements: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements-dev.txt requirements-dev.in

run: $(RUNTIME)
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_knowledge
	$(DEV) $(BIN)/python manage.py seed_demo --clients 60 --intakes 20 --sessions 150
	@echo "Serving at http://$(HOST):$(PORT)/ with a background worker; e-mails print here (stop both with Ctrl+C)"
	$(TRIAL) PYTHON_BIN=$(BIN)/python scripts/with-workers.sh 1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest
	$(TEST_WHEEL)

# The wheel as an integrator gets it: built, installed with its declared dependencies alone into a
# fresh virtual environment, and tested there in a minimal host project (tests/wheel_host/).
TEST_WHEEL = BUILD_PYTHON=$(BIN)/python VENV_PYTHON=$(PYTHON) scripts/test-wheel.sh
test-wheel: $(STAMP)
	$(TEST_WHEEL)

# axe-core for the browser tests' accessibility checks (needs Node and npm).
browser-deps: tests/browser/node_modules/.package-lock.json

tests/browser/node_modules/.package-lock.json: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

# Only the browser tests (Chromium from Debian: apt-get install chromium poppler-utils).
test-browser: $(STAMP) browser-deps
	$(BIN)/python -m pytest tests/browser

# Refresh the README's screenshots from a browser-test run.
screenshots: test-browser
	cp test-artifacts/screenshots/intake.png test-artifacts/screenshots/finder.png \
	   test-artifacts/screenshots/client.png test-artifacts/screenshots/handout-page1.png \
	   test-artifacts/screenshots/intake-screening.png test-artifacts/screenshots/week.png \
	   test-artifacts/screenshots/move.png test-artifacts/screenshots/appointment-link-390.png \
	   test-artifacts/screenshots/messages-settings.png docs/screenshots/

# Production-like serving on 127.0.0.1: gunicorn with WhiteNoise, DEBUG off. Needs SECRET_KEY.
# gunicorn's settings (threads, request limits, an access log without query strings) are in
# clinic/gunicorn.conf.py.
# TASK_WORKERS background workers (reminders, notices) run beside gunicorn; under systemd, one unit
# per worker instead (docs/deployment.md). (WORKERS is gunicorn's number of processes.)
TASK_WORKERS ?= 2
serve: $(RUNTIME)
	@test -n "$$SECRET_KEY" || { echo 'Set SECRET_KEY first, e.g. export SECRET_KEY=$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")'; exit 1; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_knowledge
	$(BIN)/python manage.py collectstatic --noinput -v0
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} CSRF_COOKIE_SECURE=$${CSRF_COOKIE_SECURE:-0} \
	  HOST=$(HOST) PORT=$(PORT) PYTHON_BIN=$(BIN)/python scripts/with-workers.sh $(TASK_WORKERS) \
	  $(BIN)/gunicorn -c clinic/gunicorn.conf.py clinic.wsgi

# The whole suite once more against a throw-away PostgreSQL (installed from Debian when missing);
# the browser tests, which test the pages and not the database, run once, in `make test`.
test-postgres: $(STAMP)
	scripts/test-postgres.sh -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed, so running
# the app never does.
messages: $(STAMP)
	cd triggerfinder && ../$(BIN)/django-admin makemessages -l de -l en --no-location --no-obsolete
	$(DEV) $(BIN)/python manage.py makemessages -l de -l en --no-location --no-obsolete --ignore=triggerfinder --ignore=.venv --ignore=tests
	$(BIN)/python scripts/fill_english_catalogue.py
	cd triggerfinder && ../$(BIN)/django-admin compilemessages
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=triggerfinder --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles

# Benchmarks run outside the test suite; figures depend on the machine.
# The whole set at 10,000 clients, with a load run under gunicorn; writes docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_all.py

bench-finder: $(STAMP)
	$(BIN)/python benchmarks/bench_finder.py

bench-handout: $(STAMP)
	$(BIN)/python benchmarks/bench_handout.py

bench-outcomes: $(STAMP)
	$(BIN)/python benchmarks/bench_outcomes.py

# The appointment book's slot search (pure core): a cycle against 5,000 appointments.
bench-slots: $(STAMP)
	$(BIN)/python benchmarks/bench_slots.py

# The appointment book: the practice lead's week view with 300 appointments, 8 concurrent writer
# processes (SQLite; PostgreSQL too when DATABASE_URL names a throw-away one) and the slot search;
# writes its section of docs/benchmarks.md.
bench-appointments: $(STAMP)
	$(BIN)/python benchmarks/bench_appointments.py

# The messages to clients: 10,000 reminders due at once, two workers, a local SMTP server.
bench-messages: $(STAMP)
	$(BIN)/python benchmarks/bench_messages.py

# /health/ idle and under a flood of bad log-ins, through make serve's gunicorn; fails above 2×.
bench-login-flood: $(STAMP)
	$(BIN)/python benchmarks/bench_login_flood.py

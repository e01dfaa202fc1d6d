# Two commands on a fresh machine with Python 3.11+: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DEBUG=1

.PHONY: setup run test test-postgres lint format messages clean bench-finder bench-intake bench-handout bench-outcomes

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

setup: $(STAMP)

run: $(STAMP)
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_knowledge
	$(DEV) $(BIN)/python manage.py seed_demo --clients 60 --intakes 20 --sessions 150
	@echo "Serving at http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The whole suite once more against a throw-away PostgreSQL (installed from Debian when missing).
test-postgres: $(STAMP)
	scripts/test-postgres.sh

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
bench-finder: $(STAMP)
	$(BIN)/python benchmarks/bench_finder.py

bench-intake: $(STAMP)
	$(BIN)/python benchmarks/bench_intake.py

bench-handout: $(STAMP)
	$(BIN)/python benchmarks/bench_handout.py

bench-outcomes: $(STAMP)
	$(BIN)/python benchmarks/bench_outcomes.py

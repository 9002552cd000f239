# forum: two commands, `make run` and `make test`. Everything else here serves those two.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
CATALOGS := $(BIN)/python -m forum.i18n.catalogs
PORT ?= 5000
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test setup dev-setup catalogs tally-library latin translations db demo browser lint \
        bench constraints clean

# The web server and, beside it, the worker that sends e-mail (printed here, as there is no mail
# server), opens and closes votes and reminds of sessions. Ctrl+C stops both.
run: setup db
	@$(FLASK) demo
	@echo "Serving on http://127.0.0.1:$(PORT) with a worker beside it (Ctrl+C stops both)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  $(FLASK) worker & worker=$$!; \
	  $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: dev-setup browser
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL ($$TEST_DATABASE_URL), browser tests excluded =="; \
	  $(BIN)/python -m pytest -m "not browser" -p no:cacheprovider; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@ $(RUNTIME_STAMP)

setup: $(RUNTIME_STAMP) instance/config.py catalogs tally-library
dev-setup: $(DEV_STAMP) catalogs tally-library

# A local configuration with its own random secret key, made once.
instance/config.py:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print('ENV = \"development\"'); \
	  print(f'SECRET_KEY = \"{secrets.token_hex(32)}\"')" > $@
	@echo "Wrote $@ (development settings, random secret key)."

catalogs:
	@$(CATALOGS) compile >/dev/null

# The tally's C library (Add1's screen, counting votes), compiled once per version of its sources;
# without a C compiler it says so, and counts are then slower but the same.
tally-library:
	@$(BIN)/python -m forum.budgeting.tally.native >/dev/null

# Latin Serbian is generated from the Cyrillic catalog, never edited by hand.
latin:
	$(CATALOGS) latin

# Re-extract messages and merge them into every catalog.
translations:
	$(CATALOGS) update

db: setup
	@$(FLASK) db upgrade

demo: db
	$(FLASK) demo

# Debian's Chromium for the browser tests: installed when missing and we are root.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
	      || (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null); \
	  else \
	    echo "WARNING: /usr/bin/chromium is missing and cannot be installed: browser tests will be skipped"; \
	  fi; \
	fi

lint: dev-setup
	$(BIN)/ruff check .

bench: dev-setup
	$(BIN)/python bench/pages.py

constraints:
	$(BIN)/pip freeze --exclude-editable | grep -v '^forum' \
	  | (echo "# Exact versions of every package, direct and indirect; update with 'make constraints'."; cat) > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name '*.mo' -delete

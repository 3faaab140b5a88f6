# newscrawl: `make demo` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The demo site listens on a fixed port so that stories keep their URLs from one demo to the next.
DEMO_PORT ?= 8765
DEMO_ARTICLES ?= 300
DEMO_ARCHIVE ?= sqlite:///data/archive.db

.PHONY: demo test lint format typecheck check bench clean distclean browser serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

demo: $(STAMP)
	@set -euo pipefail; mkdir -p data; \
	$(BIN)/python -m demosite --port $(DEMO_PORT) --articles $(DEMO_ARTICLES) > data/demo-site.log 2>&1 & \
	site_pid=$$!; trap 'kill $$site_pid 2>/dev/null || true' EXIT; \
	url=""; for _ in $$(seq 100); do \
	  url=$$(grep -o 'http://[^ ]*' data/demo-site.log | head -n 1 || true); \
	  [ -n "$$url" ] && break; kill -0 $$site_pid 2>/dev/null || break; sleep 0.1; \
	done; \
	if [ -z "$$url" ]; then \
	  echo "The demo site did not start:"; cat data/demo-site.log; \
	  echo "(another port: make demo DEMO_PORT=9000)"; exit 1; fi; \
	echo "== Demo news site at $$url ($(DEMO_ARTICLES) articles)"; \
	echo "== scrapy crawl site -a url=$$url  (into $(DEMO_ARCHIVE); its log: data/demo-crawl.log)"; \
	NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true ARCHIVE_URL='$(DEMO_ARCHIVE)' $(BIN)/scrapy crawl site -a url="$$url" \
	  -s AUTOTHROTTLE_ENABLED=False -s CONCURRENT_REQUESTS_PER_DOMAIN=16 -s LOG_LEVEL=INFO \
	  -s LOG_FILE=data/demo-crawl.log -s LOG_FILE_APPEND=False -s NEWSCRAWL_WARC=true \
	  || { echo "The crawl failed; the end of data/demo-crawl.log:"; tail -n 20 data/demo-crawl.log; exit 1; }; \
	kill $$site_pid; trap - EXIT; \
	echo; echo "== What was archived"; \
	$(BIN)/archive --db '$(DEMO_ARCHIVE)' stats; \
	echo; echo "== The five newest stories"; \
	$(BIN)/archive --db '$(DEMO_ARCHIVE)' list --limit 5; \
	echo; echo "== Query it yourself (the crawl log is in data/demo-crawl.log):"; \
	echo "   $(BIN)/archive --db $(DEMO_ARCHIVE) list --section Politics   # or --tag 'Interest rates'"; \
	echo "   $(BIN)/archive --db $(DEMO_ARCHIVE) show <url or id>"; \
	echo "   $(BIN)/archive --db $(DEMO_ARCHIVE) export --format jsonl > stories.jsonl"

# The web view's browser test drives Debian's Chromium (Playwright's own browser download is
# not used): installed here when missing, with sudo unless root.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "== Installing Debian's chromium for the browser test"; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq chromium; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The archive's web view on http://127.0.0.1:8000/ (after `make demo`).
serve: $(STAMP)
	$(BIN)/python -m archive.web --db '$(DEMO_ARCHIVE)'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python -m benchmarks.crawl
	$(BIN)/python -m benchmarks.extraction

# What make rebuilds goes; data/ (the archive data/archive.db, the demo's logs, the crawl
# frontier) is what a crawl made, and stays: `make distclean` removes it too.
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	@if [ -d data ]; then echo "Kept data/ (the archive data/archive.db and the demo's logs); make distclean removes it too."; fi

distclean: clean
	@if [ -d data ]; then echo "Removing data/: the archive data/archive.db and everything else crawls kept there."; fi
	rm -rf data

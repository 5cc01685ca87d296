# AstraTickets: `make run` serves the product, `make test` runs every test.
# Both work on a fresh machine: they create .venv and install what they need.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND := frontend
NPM_STAMP := $(FRONTEND)/node_modules/.installed
CONSOLE := $(FRONTEND)/dist/index.html
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: eval bench soak run dev test test-backend test-frontend lint install install-frontend console chromium wrk db-upgrade clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the CPU wheel (an unpinned one pulls a multi-GB CUDA build)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[ai,test,bench]'
	touch $(STAMP)

install-frontend: $(NPM_STAMP)

$(NPM_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

console: $(CONSOLE)

$(CONSOLE): $(NPM_STAMP) $(shell find $(FRONTEND)/src $(FRONTEND)/index.html -type f 2>/dev/null)
	cd $(FRONTEND) && npm run build

## Serve the API and the console at http://127.0.0.1:8000 (SQLite under ./var/).
run: $(STAMP) $(CONSOLE)
	$(BIN)/astratickets serve

## Backend with auto-reload plus Vite's dev server (proxying /api to the backend).
dev: $(STAMP) $(NPM_STAMP)
	trap 'kill 0' EXIT; $(BIN)/astratickets serve --reload & cd $(FRONTEND) && npm run dev

db-upgrade: $(STAMP)
	$(BIN)/astratickets db upgrade

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check domain application adapters entrypoints tests

## Every test: architecture contracts, lint, Python suites, console unit and browser tests.
test: test-backend test-frontend

test-backend: $(STAMP) $(NPM_STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check domain application adapters entrypoints tests
	$(BIN)/pytest $(PYTEST_ARGS)

test-frontend: $(STAMP) $(NPM_STAMP) $(CONSOLE) chromium
	cd $(FRONTEND) && npm run lint && npm run typecheck && npm test && npm run e2e

## Debian's Chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## wrk, the HTTP load generator of `make bench` (Debian's package).
wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

## Quality figures on the shared labelled data (../shared/data): retrieval and triage.
eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval_retrieval
	$(BIN)/python -m benchmarks.eval_classifier

## Speed figures: knowledge-base ingest/search, dashboard on 100k tickets (SQLite, PostgreSQL),
## ticket list at 10k/100k/1M tickets (bench_scaling; ASTRATICKETS_BENCH_SCALING_SIZES),
## AI triage latency (ticket created -> draft ready), HTTP API throughput against the FastAPI
## baseline (wrk; BENCH_HTTP_SECONDS per endpoint and configuration).
bench: $(STAMP) wrk
	$(BIN)/python -m benchmarks.bench_retrieval
	$(BIN)/python -m benchmarks.bench_dashboard
	$(BIN)/python -m benchmarks.bench_triage
	$(BIN)/python -m benchmarks.bench_scaling
	$(BIN)/python -m benchmarks.bench_http --seconds $${BENCH_HTTP_SECONDS:-6}

## Soak run (not in CI): mixed traffic against a real server for a bounded time, on SQLite
## and PostgreSQL; error rate, memory growth and lost records (must be 0).
soak: $(STAMP)
	$(BIN)/python -m benchmarks.soak --seconds $${SOAK_SECONDS:-120}
	-psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE astratickets_soak' 2>/dev/null
	$(BIN)/python -m benchmarks.soak --seconds $${SOAK_SECONDS:-120} --workers 2 \
		--database-url $${SOAK_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/astratickets_soak}

clean:
	rm -rf $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist var

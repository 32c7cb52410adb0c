# Lotse: `make run` serves the app with a local Neo4j, `make test` runs the whole suite.
# Both set everything up themselves: virtualenv, Python packages, Neo4j jars.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NEO4J_LIB := .lotse/neo4j-lib
NEO4J_STAMP := $(NEO4J_LIB)/.complete
DEV_HOME := .lotse/neo4j/dev
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help setup check-tools run test test-unit lint neo4j-start neo4j-stop neo4j-status \
        seed bench bench-start bench-search bench-worst-case bench-fuzz bench-load bench-data bench-planning bench-pages train-search clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

check-tools:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found: install Python 3.11+ (Debian: apt-get install python3 python3-venv)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: Python 3.11+ is required, found $$($(PYTHON) --version)"; exit 1; }
	@command -v java >/dev/null || { echo "error: java not found: install Java 17+ (Debian: apt-get install openjdk-17-jre-headless)"; exit 1; }
	@command -v mvn >/dev/null || { echo "error: mvn not found: install Maven (Debian: apt-get install maven)"; exit 1; }

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The tests also need sentence-transformers (torch) for the second real embedder.
$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,test,transformers-test]'
	touch $(TEST_STAMP)

$(NEO4J_STAMP): graph/neo4j_local/pom.xml | $(STAMP)
	$(PY) -m graph.local_server fetch

setup: check-tools $(STAMP) $(NEO4J_STAMP) ## create the virtualenv, install packages, fetch Neo4j

run: setup ## start Neo4j, load the seed data if the graph is empty, serve on http://127.0.0.1:5000
	$(PY) -m graph.local_server start --home $(DEV_HOME) || $(PY) -m graph.local_server status --home $(DEV_HOME)
	trap '$(PY) -m graph.local_server stop --home $(DEV_HOME)' EXIT; \
	eval "$$($(PY) -m graph.local_server env --home $(DEV_HOME))"; \
	$(VENV)/bin/flask --app webapp init-db; \
	echo "Lotse: http://$(HOST):$(PORT)  (Ctrl-C stops the app and Neo4j)"; \
	$(VENV)/bin/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 --limit-request-line 8190 \
	     'webapp:create_app()'

test: setup $(TEST_STAMP) ## run the whole test suite against a real Neo4j (started and stopped by the tests)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

test-unit: $(STAMP) ## only the tests that need no server
	$(PY) -m pytest tests/unit

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check .

neo4j-start: setup ## start the local development Neo4j
	$(PY) -m graph.local_server start --home $(DEV_HOME)

neo4j-stop: $(STAMP) ## stop the local development Neo4j
	$(PY) -m graph.local_server stop --home $(DEV_HOME)

neo4j-status: $(STAMP)
	$(PY) -m graph.local_server status --home $(DEV_HOME)

seed: setup ## (re)load the shipped seed dataset into the development Neo4j
	eval "$$($(PY) -m graph.local_server env --home $(DEV_HOME))"; \
	$(VENV)/bin/flask --app webapp seed

bench: bench-start bench-search bench-worst-case bench-fuzz bench-load bench-planning bench-pages ## run all benchmarks (record the figures in bench/RESULTS.md)

bench-start: setup ## cold start: Neo4j ready, init-db, app ready
	$(PY) -m bench.cold_start

bench-search: setup ## search quality (product vs. dense and full-text baselines), chats, latency
	$(PY) -m bench.search_quality

bench-worst-case: setup ## CPU of one search or chat turn for questions at the length limit
	$(PY) -m bench.worst_case

bench-fuzz: setup $(TEST_STAMP) ## schemathesis against the API, 200 examples per operation
	$(PY) -m bench.fuzz_api

bench-load: setup ## 50 users for 5 minutes against gunicorn: errors, p95 vs /healthz, memory, no lost update
	$(PY) -m bench.load

train-search: setup ## refit the search's ranker and no-match decision (search/data/search_model.json)
	$(PY) -m pip install --quiet -e '.[train]'
	$(PY) -m bench.train_search

bench-planning: bench-data ## duplicate detection and gap matrix on the synthetic city
	$(PY) -m bench.planning

bench-pages: setup ## planner pages and warm start on the seed data (gunicorn, 2 workers)
	$(PY) -m bench.planning --pages

bench-data: setup ## synthetic city (20,000 offers) into its own Neo4j (.lotse/neo4j/bench), once per seed
	$(PY) -m bench.city --stop

clean: ## remove the virtualenv and local Neo4j data (keeps nothing)
	-$(PY) -m graph.local_server stop --home $(DEV_HOME)
	rm -rf $(VENV) .lotse .pytest_cache .ruff_cache

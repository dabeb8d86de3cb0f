# The two commands of the quick start, and the pieces they are made of.
# `make demo` and `make test` set everything up themselves (uv in .tools/, the app in .venv/).

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
# The pure modules: typed strictly (mypy --strict), no I/O in them.
TYPED := flows/transform scrapers/parsing scrapers/items.py scrapers/verdict.py \
         scrapers/hostmap.py warehouse/migrate.py flows/summary.py \
         flows/volume.py flows/freshness.py scrapers/editions.py

.PHONY: setup browser postgres demo test lint typecheck pytest bench clean

setup: $(VENV)/.installed

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

demo: setup
	$(BIN)/mfa-watch demo

test: setup browser postgres lint typecheck pytest

browser:
	bash scripts/install-chromium.sh

postgres:
	bash scripts/install-postgres.sh

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy $(TYPED)

pytest:
	$(BIN)/pytest

bench: setup
	$(UV) sync --frozen --all-groups --python $(PYTHON)  # the bench group: trafilatura
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache

# One-command setup: `make run` and `make test` create the environment themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# CORPUS and TEXT_COLUMN (make run CORPUS=path TEXT_COLUMN=body) reach Python byte for byte:
# $(value …) takes the text as given, without make expanding $(…) or $(shell …) in it; the
# recipe reads it from the environment ("$$CORPUS"), so the shell never parses it either.
override CORPUS := $(value CORPUS)
override TEXT_COLUMN := $(value TEXT_COLUMN)
export CORPUS TEXT_COLUMN

.PHONY: setup run test lint format lab bench clean

setup: $(STAMP)

# Reinstall only when the dependency files change.
$(STAMP): pyproject.toml environment.yml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,scale]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	touch $(STAMP)

run: setup
	$(BIN)/python -m toolkit course --out build --corpus="$$CORPUS" --text-column="$$TEXT_COLUMN"

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lab: setup
	$(BIN)/jupyter lab --notebook-dir=.

bench: setup
	$(BIN)/python -m pip install --quiet -e ".[test,scale,bench]"
	$(BIN)/python -m pip install --quiet --no-deps camel-tools==1.6.0
	$(BIN)/python -m benchmarks.run --out build/bench

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

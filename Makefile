# ticketlake — the README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TICKETS ?= 3000
AS_OF ?=
SOURCE ?= teamdynamix

.PHONY: demo test lint bench install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@SOURCE=$(SOURCE) TICKETS=$(TICKETS) AS_OF=$(AS_OF) $(BIN)/python -m ticketlake.demo

test: $(STAMP)
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy --strict src

# bench.scale needs Postgres and Redis: the local ones, as .ci/run uses, unless told otherwise.
bench: $(STAMP)
	@TICKETLAKE_TEST_POSTGRES=$${TICKETLAKE_TEST_POSTGRES:-postgresql://postgres@127.0.0.1:5432/test} \
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache

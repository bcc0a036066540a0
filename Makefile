# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/budgetpdf: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask,ocr]'
	touch $@

.PHONY: demo test test-fast lint corpus-report bench clean
demo: $(BIN)/budgetpdf
	$(BIN)/budgetpdf extract samples/ -o out/

# Lint, then every test, the corpus included, on every core (pytest-xdist; pyproject's addopts
# keep each test module on one worker).
test: lint
	$(BIN)/python -m pytest -q -n auto

# The tests not marked slow: no PDF is read (tests/conftest.py holds them to that). One
# process: starting xdist workers would take longer than these tests.
test-fast: $(BIN)/budgetpdf
	$(BIN)/python -m pytest -q -m "not slow"

# mypy reads the installed layout (budgetpdf.cli …), which the editable install hides behind
# an import hook, so it checks a plain install in a scratch folder.
lint: $(BIN)/budgetpdf
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	rm -rf build/lint && $(BIN)/pip install --quiet --no-deps --target build/lint .
	cd build/lint && ../../$(BIN)/mypy -p budgetpdf --ignore-missing-imports

corpus-report: $(BIN)/budgetpdf
	$(BIN)/python bench/corpus_report.py

bench: $(BIN)/budgetpdf
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) out/ *.egg-info

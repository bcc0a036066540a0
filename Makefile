# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/budgetpdf: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

.PHONY: demo test corpus-report bench clean
demo: $(BIN)/budgetpdf
	$(BIN)/budgetpdf extract samples/ -o out/

test: $(BIN)/budgetpdf
	$(BIN)/python -m pytest -q

corpus-report: $(BIN)/budgetpdf
	$(BIN)/python bench/corpus_report.py

bench: $(BIN)/budgetpdf
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) out/ *.egg-info

"""A document's tables and the specs' rules in, Check records out: each identity evaluated
with the cells it compared (pass, rounding, fail, or skipped with the reason).

`run.py` is the entry (`run_checks`); `cells.py` builds the cells and compares a total with
its parts; `hierarchy.py`, `rows.py` (with `numbering.py`) and `document.py` hold the rule
kinds. `recheck.py` checks existing document.json output again, `report.py` turns checks
into the lines `budgetpdf check` prints.
"""

"""What a document says about its tables in words. In: the text of its pages outside the
tables (pdfium's text pass) and the tables read. Out: the sentences worth keeping
(`sentences.py`) and the amounts they state (`statements.py`), declared in
`narrative_checks.yaml`; `checks/narrative.py` checks them against the tables."""

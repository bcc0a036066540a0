"""A DocumentResult in, files out: document.json, a CSV or sheet per table (writers.py,
workbook.py), and over a whole run records.csv, records.sqlite and datapackage.json
(combined.py), each built in a temp file or folder and renamed into place."""

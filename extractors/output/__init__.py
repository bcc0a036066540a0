"""A DocumentResult in, files out: document.json, a CSV or sheet per table, records.csv,
records.sqlite and datapackage.json, each built in a temp folder and renamed into place."""

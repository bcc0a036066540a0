"""The `budgetpdf` command line: thin typer commands over the budgetpdf.extractors library."""

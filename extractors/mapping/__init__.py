"""A grid and a spec in, a TableMap out: which grid column holds the code, the name and each
of the spec's amount columns, or a HeaderMismatch saying why the grid is not that table."""

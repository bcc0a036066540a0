"""Mapped grids in, tables out: rows with codes, levels, parents, totals and exact amounts,
and the record (trace) of every decision taken on the way."""

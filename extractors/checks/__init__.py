"""A document's tables and the specs' rules in, Check records out: each identity evaluated
with the cells it compared (pass, rounding, fail, or skipped with the reason)."""

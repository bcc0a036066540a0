"""Whose budget, which year: a document's identity read from its own cover, title and label
lines (the cheap text of its pages in, a DocumentIdentity and notices out), before its
tables are read."""

"""Tuning a spec: one extraction run with its trace (`record`), laid out per page as lines of
text (`listing`) and over the rendered page (`image`), and a spec drafted from the table a user
points at (`spec_draft`). In: a PDF and the specs; out: lines, a PNG, a draft spec."""

"""Tuning a spec: one extraction run with its trace laid out per page (listing and picture),
and a spec drafted from the table a user points at."""

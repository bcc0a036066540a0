"""Where the tables are: page text in, the pages worth a full parse and, on each, the title
lines with the spec each one names (and the unit printed under it)."""

"""The budgetpdf library: locate the standard tables of a budget PDF, read them and normalise them."""

"""budgetpdf: Chinese government budget PDFs into tables keyed by 科目编码."""

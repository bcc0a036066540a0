"""The 科目 dictionary: 支出功能分类 and the two 经济分类 as TSV files, each headed by its source
and years (read by budgetpdf.extractors.classification)."""

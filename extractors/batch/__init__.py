"""Many PDFs in, one output folder out: inputs found, documents read in worker processes,
reported in input order, the run lock, the incremental state and the run's combined files."""

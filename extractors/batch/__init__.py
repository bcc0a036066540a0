"""Many PDFs in, one output folder out. In the order a run goes: settings.py (what it is
asked), inputs.py (which PDFs), plan.py (each input's folder; what needs no reading),
read.py (one document), executor.py (where documents are read: this machine's worker
processes of workers.py, or a Dask cluster, dask_executor.py, whose workers run remote.py
on each PDF's bytes), run.py (BatchRun: input order, the state database of state.py, the
combined outputs, the summary), outcomes.py and exit_policy.py (what it reports). lock.py
lets one run at a time write to a folder."""

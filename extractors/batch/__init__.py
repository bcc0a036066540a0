"""Many PDFs in, one output folder out. In the order a run goes: settings.py (what it is
asked), inputs.py (which PDFs), plan.py (each input's folder; what needs no reading),
read.py (one document, in a worker process of workers.py), run.py (BatchRun: input order,
the state database of state.py, the combined outputs, the summary), outcomes.py and
exit_policy.py (what it reports). lock.py lets one run at a time write to a folder."""

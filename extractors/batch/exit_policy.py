"""The exit code of a run, from the codes of its documents: what a cron job alerts on.

A document's own code says what became of it (0, or the error's code: 4 unreadable, 7 no
tables, 12 its worker stopped, 1 a bug). The run's code is that code when it read one
document, otherwise 9 when some document failed; checks that failed give 8 only when
nothing failed.
"""

from __future__ import annotations

from collections.abc import Mapping

from budgetpdf.errors import ExitCode

# Exit status of a document that failed on a bug rather than on its input, as Python's own.
INTERNAL_ERROR = 1

# A scan or a narrative without its tables is not a failed read: a batch of such and good
# documents says so with their own code, not with "some failed".
_TABLELESS = (ExitCode.NO_TEXT_LAYER, ExitCode.NO_TABLES)


def run_exit_code(document_codes: Mapping[int, int], checks_failed: bool) -> int:
    """The run's exit code from how many documents ended with each code.
    `checks_failed`: a document read has a failed check that the run does not allow (no
    --allow-check-failures)."""
    codes = [code for code, count in document_codes.items() if count and code != ExitCode.OK]
    if codes and sum(document_codes.values()) == 1:
        return codes[0]
    if any(code not in _TABLELESS for code in codes):
        return ExitCode.PARTIAL_FAILURE
    if codes:
        return min(codes)
    return ExitCode.CHECKS_FAILED if checks_failed else ExitCode.OK

"""The drift report: per proposition, what each source states, side by side, conflicts first.

Computing (``compute``) is separate from rendering (``document`` to plain data, ``markdown``).
"""

from claimtrace.report.compute import Report, build_report
from claimtrace.report.document import report_document
from claimtrace.report.load import ReportInputError, ReportTables, load_tables
from claimtrace.report.markdown import render_markdown

__all__ = [
    "Report",
    "ReportInputError",
    "ReportTables",
    "build_report",
    "load_tables",
    "render_markdown",
    "report_document",
]

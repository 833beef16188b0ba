"""Words the report command shows: its options, where the report went, and what went wrong."""

from __future__ import annotations

INCLUDE_HELP = (
    "The sections to share, separated by commas (or give --include more than once), such as "
    "journal,thought-record. 'all' means every section but your safety plan, which goes in "
    "only if you name it: safety-plan."
)
FROM_HELP = "The first day to include: a date like 2026-03-01, 'yesterday', or -30 for 30 days ago."
TO_HELP = "The last day to include (today if you leave it out)."
FORMAT_HELP = "pdf or markdown (if you leave it out, the --out file's ending decides)."
OUT_HELP = "The file to write the report to, such as report.pdf."
FORCE_HELP = "Replace the file if it already exists."

NEEDS_OUT = "Please say where to save the report, such as --out report.pdf."
NEEDS_FORMAT = "Please choose --format pdf or --format markdown."
BAD_FORMAT = "The format must be pdf or markdown (you typed “{given}”)."
FLAG_HINT = "To fill it in, add {flags}."
NOT_MADE = "No report was made. You can fix this and try again."
CANNOT_WRITE = "Trustbridge could not write the report to {path}: {reason}. No file was made."
NO_FOLDER = "there is no such folder"
IS_FOLDER = "it is a folder"
NOT_WRITABLE = "you cannot write to that folder"

MADE = "Your report is saved: {path} ({kind}, {entries})."
SECTION_LINE = "  {name}: {note}"
PRIVATE = (
    "Only you can read this file. It holds private writing: share it only with someone you "
    "choose, such as your therapist."
)
KINDS = {"pdf": "PDF", "markdown": "Markdown"}
#: which flag gives each field of the request
FLAGS = {"tools": "--include", "since": "--from", "until": "--to"}

"""The files the toolkit writes for its users: one CSV writer for spreadsheets
(:mod:`~toolkit.outputs.spreadsheet`: no formulas, UTF-8 that Excel reads) and output folders
written whole or not at all (:mod:`~toolkit.outputs.staging`: a lock, a staging folder, a
swap at the end and a manifest of every file).

``python -m toolkit analyze --out`` and the course's ``build/`` (``make run``) both write
through :class:`StagedOutput`; every CSV export goes through :func:`write_csv` (or
:func:`safe_cell` / :func:`write_rows` for rows written with the :mod:`csv` module). This
package imports nothing else of the toolkit, so any stage may use it.
"""

from toolkit.outputs.spreadsheet import (
    BOM,
    FORMULA_CHARACTERS,
    read_csv,
    restore_text,
    safe_cell,
    safe_text,
    safe_text_expr,
    spreadsheet_frame,
    write_csv,
    write_rows,
)
from toolkit.outputs.staging import (
    LOCK,
    MANIFEST,
    FolderLock,
    OutputError,
    StagedOutput,
    add_checkpoint,
    checkpoint,
    file_digest,
    legacy_files,
    read_manifest,
    staging_folders,
    verify_files,
)

__all__ = [
    "BOM",
    "FORMULA_CHARACTERS",
    "LOCK",
    "MANIFEST",
    "FolderLock",
    "OutputError",
    "StagedOutput",
    "add_checkpoint",
    "checkpoint",
    "file_digest",
    "legacy_files",
    "read_csv",
    "read_manifest",
    "restore_text",
    "safe_cell",
    "safe_text",
    "safe_text_expr",
    "spreadsheet_frame",
    "staging_folders",
    "verify_files",
    "write_csv",
    "write_rows",
]

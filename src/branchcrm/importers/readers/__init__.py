"""Readers for untrusted spreadsheet files; see :func:`.sandbox.read_file`."""

from branchcrm.importers.readers.base import (
    CutText,
    FileInfo,
    ReadError,
    Row,
    SheetEnd,
    SheetInfo,
)

__all__ = ["CutText", "FileInfo", "ReadError", "Row", "SheetEnd", "SheetInfo"]

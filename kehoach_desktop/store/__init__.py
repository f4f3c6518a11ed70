"""SQLite storage: one file, versioned schema, operations that commit one transaction each."""

from .db import Database, DatabaseError, SchemaTooNew, open_database

__all__ = ["Database", "DatabaseError", "SchemaTooNew", "open_database"]

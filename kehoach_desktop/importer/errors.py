"""The one error the importer raises: a Vietnamese message saying what to do."""

from __future__ import annotations


class ImportFailure(ValueError):
    """A file or text the importer refuses; ``str()`` is the message for the user.

    ``reason`` is a short code for callers and tests (``legacy_doc``, ``pdf``,
    ``unreadable``, ``garbled``, ``empty``, ``unsupported``, ``hostile``).
    """

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason

"""Data safety (Qt-free): hostile input files, backups, recovery, the one-writer lock, secrecy marks.

For the other features:

- ``hostile.check_office_file(path, "docx"|"xlsx")`` / ``hostile.check_text_file(path)``
  before any parser opens a file; raises ``HostileFileError`` (a ``ValueError`` with a
  Vietnamese message and a ``reason`` code).
- ``secrecy.needs_confirmation(security)``, ``secrecy.mark_text(security)``,
  ``secrecy.confirmation_text(security, what)``: one rule for every export of MẬT and above.
- ``store.audit.note_edit(db, entity, id)`` for bursty edits, ``db.audit(...)`` otherwise,
  ``store.audit.history(db, entity, id)`` to read; ``ui.safety.history.show_history(window,
  entity, id, label)`` shows it.
- ``startup.open_for_gui(path)`` / ``StartupResult.close()``: lock, checks, backups and
  recovery around one GUI session (app.py uses them); ``backup`` and ``recovery`` hold
  the operations behind Tệp → Sao lưu / Khôi phục and ``kehoach backup``.
"""

"""One writer per connection: a worker job that touches the file gets a connection of its
own (opened and closed on the worker), never the GUI's."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from kehoach_desktop.store import plans


@pytest.fixture
def ctx(db, qtbot):
    from kehoach_desktop.ui.context import AppContext

    return AppContext(db)


def run(ctx, qtbot, fn, *args, **kw):
    job = ctx.run_job(None, "Thử", fn, *args, **kw)
    qtbot.waitUntil(lambda: job.finished, timeout=10000)
    return job


def test_a_job_writes_through_its_own_connection(ctx, qtbot):
    seen = {}

    def work(progress, cancelled, db, title):
        seen["db"], seen["thread"] = db, threading.get_ident()
        return plans.create(db, {"title": title})

    job = run(ctx, qtbot, work, "Kế hoạch ghi từ luồng nền", with_db=True)
    assert seen["db"] is not ctx.db and seen["db"].conn is not ctx.db.conn
    assert seen["thread"] != threading.get_ident()
    # the GUI's connection sees what the worker committed
    assert plans.get_row(ctx.db, job.result)["title"] == "Kế hoạch ghi từ luồng nền"
    with pytest.raises(sqlite3.ProgrammingError):  # closed on the worker when the job ended
        seen["db"].conn.execute("SELECT 1")


def test_the_connection_is_closed_when_the_job_fails(ctx, qtbot, monkeypatch):
    from kehoach_desktop.ui import messages

    monkeypatch.setattr(messages, "error", lambda *a, **k: None)
    seen = {}

    def work(progress, cancelled, db):
        seen["db"] = db
        raise ValueError("hỏng")

    run(ctx, qtbot, work, with_db=True)
    with pytest.raises(sqlite3.ProgrammingError):
        seen["db"].conn.execute("SELECT 1")
    ctx.db.execute("SELECT 1")  # the GUI's connection is untouched


def test_folder_import_and_tracking_jobs_ask_for_their_own_connection(tmp_path, qtbot, monkeypatch):
    """The jobs that read or write the file say so (with_db): the folder import here."""
    from kehoach_desktop.ui.context import AppContext
    from kehoach_desktop.ui.importer import import_folder

    calls = []
    monkeypatch.setattr(AppContext, "run_job", lambda self, *a, **kw: calls.append(kw) or None)

    class Window:
        ctx = None

    from kehoach_desktop.store import open_database

    window = Window()
    window.ctx = AppContext(open_database(tmp_path / "x.sqlite3"))
    import_folder(window, str(tmp_path), as_directive=False)
    assert calls and calls[0].get("with_db") is True

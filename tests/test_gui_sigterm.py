"""The session ends without the user closing the window (Linux logout or ``kill``: SIGTERM;
Windows log-off: Qt's commitDataRequest). The real GUI, typing: on SIGTERM it closes as the ×
does — everything typed is in the file, no stash is left for a false «đóng đột ngột» offer,
the lock is released. The outside walk saw SIGTERM reported as a crash at the next start."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import gui_kill_harness as h


def test_sigterm_while_typing_saves_everything_and_exits_cleanly(tmp_path):
    db, log = tmp_path / "kehoach.sqlite3", tmp_path / "typing.jsonl"
    plan_id = h.make_file(db)
    proc = subprocess.Popen(
        [sys.executable, str(h.TYPIST), "type", "--db", str(db), "--log", str(log), "--seed", "21"],
        env=h._env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "typist.err").open("w"),
    )
    try:
        assert h._wait_ready(proc, log), (tmp_path / "typist.err").read_text()
        deadline = time.monotonic() + 30
        while not h._typing_on_for(log, 1.2) and time.monotonic() < deadline:
            time.sleep(0.02)
        asked_at = time.time()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0, (tmp_path / "typist.err").read_text()[-2000:]
    typed = [e for e in h._events(log) if e["event"] == "typed" and e["t"] <= asked_at]
    assert typed, "nothing was typed before SIGTERM"
    last = {}
    for e in typed:
        last[e["target"]] = e["text"]
    after = h.read_file(db, plan_id)
    for target, text in last.items():
        assert after["texts"].get(target) == text, (target, after["texts"].get(target), text)
    assert after["integrity"] == "ok"
    # Nothing left that a restart would offer as recovered after a sudden stop.
    import json

    con = sqlite3.connect(db)
    try:
        stashes = [json.loads(v) for (v,) in con.execute("SELECT value FROM meta WHERE key LIKE 'autosave/%'")]
    finally:
        con.close()
    assert all(s.get("clean_exit") for s in stashes), stashes
    assert not (db.parent / (db.name + ".lock-owner")).exists()  # the lock was released


def test_windows_log_off_commits_what_is_being_typed(open_window, db, qtbot):
    """Windows log-off: Qt asks through commitDataRequest and then the process ends without a
    closeEvent — what is being typed (no pause yet) must be in the file when the request
    returns."""
    from PySide6.QtGui import QTextCursor
    from typing_helpers import type_text

    from kehoach_desktop.store import plans
    from kehoach_desktop.ui import session_end

    window = open_window(db, tab="plans")
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    node_id = plans.children_rows(db, plan_id, None)[0]["id"]
    editor.select_node(node_id)
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " — gõ dở khi Windows đăng xuất")
    shown = editor.node_text.toPlainText()

    def stored() -> str:
        con = sqlite3.connect(db.path)
        try:
            return con.execute("SELECT text FROM plan_nodes WHERE id = ?", (node_id,)).fetchone()[0]
        finally:
            con.close()

    assert stored() != shown  # not yet committed: no pause has passed
    session_end.commit_typing(window)  # what the commitDataRequest connection runs
    assert stored() == shown

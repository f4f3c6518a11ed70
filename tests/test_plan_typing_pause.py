"""Issue 13: text typed, then a pause longer than the commit interval, is in the file.

The commit interval is shortened for these tests (``text_commit.COMMIT_MS``) so the
pauses are real but brief. Every check reads the file through a separate sqlite3
connection, as another program (or the next start) would.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from typing_helpers import type_text

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import autosave, plans, profile
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.plans import text_commit

COMMIT_MS = 150
STASH_MS = 60


@pytest.fixture
def short_intervals(monkeypatch):
    monkeypatch.setattr(text_commit, "COMMIT_MS", COMMIT_MS)
    monkeypatch.setattr(text_commit, "STASH_MS", STASH_MS)


@pytest.fixture
def office_db(db):
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình"))
    profile.add_unit(db, "Văn phòng Đảng ủy")
    return db


def read_file(path, sql, args=()):
    """What another connection reads from the file now."""
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def _editor_widget(editor, where):
    if where == "node":
        editor.tabs.setCurrentIndex(0)
        return editor.node_text
    editor.show_page(editor.header_tab)
    return editor.header_tab.basis if where == "basis_text" else editor.header_tab.closing


def _stored(path, plan_id, where, node_id):
    if where == "node":
        return read_file(path, "SELECT text FROM plan_nodes WHERE id = ?", (node_id,))
    return read_file(path, f"SELECT {where} FROM plans WHERE id = ?", (plan_id,))


@pytest.mark.parametrize("where", ["node", "basis_text", "closing_text"])
def test_text_typed_then_a_long_pause_is_committed_and_ctrl_s_tells_the_truth(
    where, short_intervals, open_window, office_db, qtbot
):
    path = office_db.path
    window = open_window(office_db, tab="plans")
    panel = window.plans_panel
    editor = panel.editor
    plan_id = panel.new_plan("blank", 2026)
    node_id = plans.children_rows(office_db, plan_id, None)[0]["id"]
    editor.select_node(node_id)
    widget = _editor_widget(editor, where)
    widget.setFocus()
    widget.moveCursor(QTextCursor.End)
    before = _stored(path, plan_id, where, node_id) or ""
    type_text(widget, " — đã gõ rồi nghỉ", unikey=True)
    shown = widget.toPlainText()
    assert shown == before + " — đã gõ rồi nghỉ"

    # The person pauses longer than the commit interval (the idle commit fires) …
    qtbot.wait(COMMIT_MS * 4)
    assert _stored(path, plan_id, where, node_id) == shown
    # … types a little more, pauses again, then presses Ctrl+S.
    type_text(widget, " thêm", unikey=True)
    qtbot.wait(COMMIT_MS * 4)
    QTest.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert _stored(path, plan_id, where, node_id) == widget.toPlainText() == shown + " thêm"
    assert autosave.pending(office_db) == []  # no stash left to "recover" at the next start
    # The pause made one undoable step of each typing run.
    window.ctx.undo_stack.undo()
    assert _stored(path, plan_id, where, node_id) == shown


def test_ctrl_s_right_after_the_idle_commit_says_all_is_saved_and_it_is(short_intervals, open_window, office_db, qtbot):
    window = open_window(office_db, tab="plans")
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    node_id = plans.children_rows(office_db, plan_id, None)[1]["id"]
    editor.select_node(node_id)
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " (bổ sung)")
    qtbot.wait(COMMIT_MS * 4)
    assert window.save_all()
    assert window.statusBar().currentMessage() == "Mọi thay đổi đã được lưu"
    assert read_file(office_db.path, "SELECT text FROM plan_nodes WHERE id = ?", (node_id,)).endswith("(bổ sung)")


def test_clean_quit_after_a_pause_offers_no_recovery(short_intervals, open_window, office_db, qtbot, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **k: asked.append(text) or False)
    window = open_window(office_db, tab="plans")
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    node_id = plans.children_rows(office_db, plan_id, None)[0]["id"]
    editor.select_node(node_id)
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " — viết xong, nghỉ, đóng chương trình")
    qtbot.wait(COMMIT_MS * 4)
    window.close()
    assert read_file(office_db.path, "SELECT text FROM plan_nodes WHERE id = ?", (node_id,)).endswith(
        "đóng chương trình"
    )
    assert read_file(office_db.path, "SELECT COUNT(*) FROM meta WHERE key LIKE 'autosave/%'") == 0
    again = open_window(office_db, tab="plans")
    qtbot.wait(50)  # the recovery offer runs on the first event-loop turn
    assert again.isVisible()
    assert asked == []


def test_closing_with_the_cursor_in_a_header_line_commits_it(short_intervals, open_window, office_db):
    window = open_window(office_db, tab="plans")
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    editor.show_page(editor.header_tab)
    title = editor.header_tab.lines["title"]
    title.setFocus()
    title.selectAll()
    type_text(title, "Kế hoạch học tập chuyên đề năm 2026", unikey=True)
    window.close()
    assert read_file(office_db.path, "SELECT title FROM plans WHERE id = ?", (plan_id,)) == (
        "Kế hoạch học tập chuyên đề năm 2026"
    )
    assert read_file(office_db.path, "SELECT COUNT(*) FROM meta WHERE key LIKE 'autosave/%'") == 0


def _offer_text(open_window, db, monkeypatch, qtbot) -> str:
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **k: asked.append(text) or False)
    open_window(db, tab="plans")
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    return asked[0]


def _plan_with_stash(db):
    from kehoach_desktop.core.templates import BLANK
    from kehoach_desktop.store import plan_ops
    from kehoach_desktop.store.commands import UndoStack

    cmd = plan_ops.CreatePlan(BLANK, profile.load(db), year=2026)
    UndoStack(db).push(cmd)
    node = plans.children_rows(db, cmd.plan_id, None)[0]["id"]
    autosave.stash(db, cmd.plan_id, f"node:{node}", "MỤC ĐÍCH, YÊU CẦU gõ dở")
    return node


def test_recovery_after_a_crash_says_the_program_was_closed_abruptly(open_window, office_db, monkeypatch, qtbot):
    _plan_with_stash(office_db)
    text = _offer_text(open_window, office_db, monkeypatch, qtbot)
    assert "tắt đột ngột" in text and "gõ dở" in text


def test_stash_left_by_a_clean_quit_is_not_called_a_crash(open_window, office_db, monkeypatch, qtbot):
    _plan_with_stash(office_db)
    assert autosave.mark_clean_exit(office_db) == 1  # what a normal quit does with a stash it could not commit
    text = _offer_text(open_window, office_db, monkeypatch, qtbot)
    assert "đột ngột" not in text and "chưa được lưu vào kế hoạch" in text and "gõ dở" in text


def test_ctrl_s_does_not_claim_all_saved_while_a_stash_is_left(
    short_intervals, open_window, office_db, monkeypatch, qtbot
):
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    window = open_window(office_db, tab="plans")
    qtbot.wait(20)  # the start-up recovery offer has run (nothing to offer yet)
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    node_id = plans.children_rows(office_db, plan_id, None)[0]["id"]
    # A commit that does not reach the file (simulated: the editor's commit does nothing).
    monkeypatch.setattr(editor.node_commit, "_commit", lambda target, text: None)
    editor.select_node(node_id)
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " gõ thêm")
    editor.node_commit.stash_now()
    assert not window.save_all()
    assert "Chưa lưu được 1 đoạn" in window.statusBar().currentMessage()


def test_typing_without_a_pause_is_stashed_at_least_every_stash_interval(
    short_intervals, open_window, office_db, qtbot, monkeypatch
):
    """A person who types on without stopping must not lose more than STASH_MS to a crash:
    the stash is written during the typing, not only after it stops (issue 13)."""
    monkeypatch.setattr(text_commit, "COMMIT_MS", 5000)  # no idle commit during this test
    window = open_window(office_db, tab="plans")
    editor = window.plans_panel.editor
    plan_id = window.plans_panel.new_plan("blank", 2026)
    node_id = plans.children_rows(office_db, plan_id, None)[0]["id"]
    editor.select_node(node_id)
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    stashed = []
    # Keys every 20 ms for well over the stash interval (and under the commit interval).
    for ch in " đang gõ liền một mạch":
        type_text(editor.node_text, ch)
        qtbot.wait(STASH_MS // 3)
        row = read_file(
            office_db.path, "SELECT COUNT(*) FROM meta WHERE key = ?", (f"autosave/{plan_id}/node:{node_id}",)
        )
        stashed.append(row)
    assert any(stashed), "nothing reached the disk while the person typed on"
    text = editor.node_text.toPlainText()
    qtbot.wait(STASH_MS * 2)
    assert autosave.pending(office_db)[0].text == text

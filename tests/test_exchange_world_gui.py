"""Dropping what the world sends on the window (outside test of issue 18): a zip of several
communes' receipts and progress files, as it comes from an e-mail or Zalo."""

from __future__ import annotations

import zipfile

import pytest
from exchange_support import implement, lower_office, upper_office
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from kehoach_desktop.exchange import plan_bundle, progress_up, receive
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.exchange import TAB_KEY
from kehoach_desktop.ui.exchange import dialogs as exchange_dialogs


def test_a_zip_of_communes_files_dropped_on_the_window_is_consolidated(open_window, qtbot, tmp_path, monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": None)
    seen: list[QDialog] = []

    def accept(self):
        seen.append(self)
        return QDialog.Accepted

    monkeypatch.setattr(exchange_dialogs.ConsolidatePreviewDialog, "exec", accept)
    up, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    gom = tmp_path / "bao-cao-cac-xa.zip"
    with zipfile.ZipFile(gom, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, name in enumerate(("ĐẢNG ỦY XÃ CẨM XUYÊN", "ĐẢNG ỦY XÃ KỲ ANH")):
            db = lower_office(tmp_path / f"{i}.sqlite3", name)
            preview = receive.open_bundle(db, bundle)
            cmd = receive.ReceiveBundle(preview)
            UndoStack(db).push(cmd)
            ours = implement(db, cmd.result.directive_id, statuses={0: "done"})
            zf.write(progress_up.export_up(db, ours, tmp_path / f"{i}.khtiendo"), f"Tiến độ {name}.khtiendo")
            db.close()
    window = open_window(up)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(gom))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    assert window.tab(TAB_KEY).drop_filter.eventFilter(window, event)
    qtbot.waitUntil(lambda: up.scalar("SELECT COUNT(*) FROM exchange_reports") == 2 or bool(errors), timeout=10000)
    assert not errors
    table = seen[-1].table
    assert table.rowCount() == 2
    assert table.item(0, 0).text().startswith("bao-cao-cac-xa.zip › Tiến độ ĐẢNG ỦY XÃ")


def test_the_plan_choosers_show_their_whole_text_on_hover(open_window, tmp_path):
    """At 1366×768 the left column cuts «05-KH/ĐU — Thực hiện công tác lý luận c…»."""
    up, _plan_id = upper_office(tmp_path / "tinh.sqlite3")
    window = open_window(up, TAB_KEY)
    panel = window.tab(TAB_KEY)
    panel.refresh()
    assert panel.issued.toolTip() == panel.issued.currentText() and "—" in panel.issued.currentText()
    empty = panel.ours.currentText()
    assert panel.ours.toolTip() == empty
    assert panel.ours.fontMetrics().horizontalAdvance(empty) < 250  # fits the 1366×768 left column


def test_cancelling_the_read_of_a_folder_shows_no_partial_batch(open_window, qtbot, tmp_path, monkeypatch):
    """Hủy pressed while 1,500 files are read: the preview of the first few hundred came up with
    «Ghi 1 tệp» enabled; now nothing is shown and nothing can be applied."""
    from kehoach_desktop.exchange import consolidate

    shown: list[QDialog] = []
    monkeypatch.setattr(exchange_dialogs.ConsolidatePreviewDialog, "exec", lambda self: shown.append(self) or 1)
    up, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    cmd = receive.ReceiveBundle(receive.open_bundle(db, bundle))
    UndoStack(db).push(cmd)
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    first = progress_up.export_up(db, implement(db, cmd.result.directive_id), folder / "a.khtiendo")
    for i in range(5):
        (folder / f"b{i}.khtiendo").write_bytes(first.read_bytes())
    db.close()
    calls = iter([False, False, True])  # Hủy pressed while the third file is read
    pv = consolidate.preview(up, [folder], abort=lambda: next(calls, True))
    assert pv.cancelled and len(pv.outcomes) == 2
    window = open_window(up, TAB_KEY)
    panel = window.tab(TAB_KEY)
    panel._show_preview(pv)
    assert not shown and "Đã hủy" in panel.status.text()
    assert up.scalar("SELECT COUNT(*) FROM exchange_reports") == 0
    with pytest.raises(ValueError):
        consolidate.ApplyConsolidation(pv)

"""The Trao đổi tab (issue 18) driven as a secretary would: send a plan, receive it by
dropping the file on the window, answer with a receipt and progress, add it all up."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import implement, lower_office, upper_office
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog

from kehoach_desktop.exchange import container, progress_up
from kehoach_desktop.tracking.status import DONE_ON_TIME
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.exchange import TAB_KEY
from kehoach_desktop.ui.exchange import dialogs as exchange_dialogs


@pytest.fixture
def said(monkeypatch):
    log = {"info": [], "error": []}
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": log["info"].append(text))
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": log["error"].append(text))
    log["confirm"] = []

    def confirm(parent, text, **kw):  # «Để sau»: no Cụ thể hóa right after receiving
        log["confirm"].append(text)
        return log.get("derive_now", False)

    monkeypatch.setattr(messages, "confirm", confirm)
    return log


@pytest.fixture
def answer(monkeypatch):
    """What the user picks in the file dialogs and whether she presses OK in ours."""
    picks: dict = {"save": [], "open": [], "folder": []}

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(picks["save"].pop(0)), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in picks["open"].pop(0)], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(picks["folder"].pop(0)))
    seen: list[QDialog] = []

    def accept(self):
        seen.append(self)
        return QDialog.Accepted

    for cls in (exchange_dialogs.SendDialog, exchange_dialogs.ReceiveDialog, exchange_dialogs.ConsolidatePreviewDialog):
        monkeypatch.setattr(cls, "exec", accept)
    picks["dialogs"] = seen
    return picks


def _drop(window, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    # As the window's event filter sees it (what Qt calls when the file is let go).
    assert window.tab(TAB_KEY).drop_filter.eventFilter(window, event)


def test_a_plan_goes_down_and_progress_comes_back_up_through_the_tab(open_window, qtbot, tmp_path, said, answer):
    up_db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    low_db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    upper = open_window(up_db, TAB_KEY)
    panel = upper.tab(TAB_KEY)
    assert panel.issued.currentData() == plan_id
    # Send: the dialog proposes the plan's "(để thực hiện)" recipients as addressees.
    answer["save"].append(tmp_path / "goi.khgoi")
    out = panel.send_bundle()
    send_dialog = answer["dialogs"][-1]
    assert out == tmp_path / "goi.khgoi" and out.exists() and not said["error"]
    assert container.read(out).manifest["addressees"] == send_dialog.addressee_list

    # Receive below: the secretary drops the file on the window.
    lower = open_window(low_db)
    answer["save"].append(tmp_path / "tiep-nhan.khnhan")
    _drop(lower, [out])
    qtbot.waitUntil(
        lambda: low_db.scalar("SELECT COUNT(*) FROM exchange_received") == 1 or bool(said["error"]), timeout=5000
    )
    assert not said["error"], said
    assert lower.tabs.currentWidget() is lower.tab(TAB_KEY)
    assert (tmp_path / "tiep-nhan.khnhan").exists()
    directive = low_db.scalar("SELECT directive_id FROM exchange_received")
    assert "Cụ thể hóa" in said["confirm"][-1]
    # One Ctrl+Z takes the whole receipt back; Ctrl+Y puts it back.
    lower.ctx.undo_stack.undo()
    assert low_db.scalar("SELECT COUNT(*) FROM directives WHERE id = ?", (directive,)) == 0
    lower.ctx.undo_stack.redo()
    assert low_db.scalar("SELECT COUNT(*) FROM directives WHERE id = ?", (directive,)) == 1

    # The commune implements it (Cụ thể hóa), finishes the first task, sends progress up.
    ours = implement(low_db, directive, statuses={0: "done"})
    lower.tab(TAB_KEY).refresh()
    assert lower.tab(TAB_KEY).ours.currentData() == ours
    answer["save"].append(tmp_path / "tien-do.khtiendo")
    assert lower.tab(TAB_KEY).send_progress_up() == tmp_path / "tien-do.khtiendo"

    # Above: consolidate the folder on a worker, preview, apply; the matrix fills in.
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for name in ("tiep-nhan.khnhan", "tien-do.khtiendo"):
        (tmp_path / name).rename(inbox / name)
    answer["folder"].append(inbox)
    panel.consolidate_folder()
    qtbot.waitUntil(lambda: up_db.scalar("SELECT COUNT(*) FROM exchange_reports") == 1, timeout=10000)
    preview_dialog = answer["dialogs"][-1]
    assert preview_dialog.table.rowCount() == 2
    assert panel.model.columnCount() == 1 and panel.model.rowCount() == len(
        progress_up.upstream_task_keys(low_db, directive)
    )
    first = panel.model.index(0, 0)
    assert panel.model.data(first) == "✔"
    assert "Hoàn thành đúng hạn" in panel.model.data(first, Qt.ToolTipRole)
    assert up_db.scalar("SELECT status FROM exchange_progress LIMIT 1") == DONE_ON_TIME
    assert "Tất cả đã tiếp nhận" in panel.status.text() and "Tất cả đã báo cáo" in panel.status.text()
    # A task title wider than the row header ends in «…», not cut mid-word (the walk at 1366×768).
    assert panel.table.verticalHeader().textElideMode() == Qt.ElideRight
    # Undo of the consolidation empties the matrix again.
    upper.ctx.undo_stack.undo()
    assert panel.model.data(panel.model.index(0, 0)) in (None, "·")

    # The summary report is drafted as an editable Báo cáo.
    upper.ctx.undo_stack.redo()
    draft = panel.make_summary()
    assert up_db.scalar("SELECT doc_type FROM plans WHERE id = ?", (draft,)) == "Báo cáo"
    low_db.close()


def test_a_tampered_file_dropped_on_the_window_is_refused_in_vietnamese(open_window, qtbot, tmp_path, said, answer):
    db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    window = open_window(db)
    bad = tmp_path / "gia.khgoi"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    _drop(window, [bad])
    qtbot.waitUntil(lambda: bool(said["error"]), timeout=5000)
    assert "không phải tệp trao đổi" in said["error"][0]
    assert db.scalar("SELECT COUNT(*) FROM directives") == 0
    db.close()


def test_cu_the_hoa_right_after_receiving_opens_the_review_and_makes_the_draft(
    open_window, qtbot, tmp_path, said, answer, monkeypatch
):
    """Receive → «Cụ thể hóa ngay» → review → Tạo dự thảo: our plan, linked item by item."""
    from kehoach_desktop.exchange import plan_bundle
    from kehoach_desktop.ui.derive.review import DeriveReview

    up_db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    bundle = plan_bundle.export_bundle(up_db, plan_id, tmp_path / "goi.khgoi")
    low_db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    lower = open_window(low_db, TAB_KEY)
    said["derive_now"] = True
    monkeypatch.setattr(DeriveReview, "exec", lambda self: QDialog.Accepted)
    answer["save"].append(tmp_path / "tiep-nhan.khnhan")
    directive = lower.tab(TAB_KEY).receive_bundle(bundle)
    plan = low_db.scalar("SELECT id FROM plans ORDER BY id DESC LIMIT 1")
    assert plan is not None
    linked = low_db.scalar(
        "SELECT COUNT(*) FROM node_upstream nu JOIN plan_nodes n ON n.id = nu.node_id "
        "WHERE n.plan_id = ? AND nu.directive_id = ?",
        (plan, directive),
    )
    assert linked > 0
    up_db.close()
    low_db.close()


def test_from_the_plan_menu_the_plan_in_the_editor_is_the_one_sent(open_window, tmp_path, said, answer):
    """Kế hoạch → Gửi gói…: a draft open in the editor is refused with what to do, before any dialog."""
    up_db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    window = open_window(up_db, "plans")
    draft = up_db.scalar("SELECT id FROM plans WHERE status = 'draft' LIMIT 1")
    window.plans_panel.open_plan(draft)
    act = next(a for a in window.menus["plans"].actions() if a.text().startswith("&Gửi gói"))
    act.trigger()
    assert "ban hành kế hoạch trước" in said["error"][-1] and not answer["dialogs"]
    window.plans_panel.open_plan(plan_id)
    answer["save"].append(tmp_path / "goi.khgoi")
    act.trigger()
    assert (tmp_path / "goi.khgoi").exists()
    assert container.read(tmp_path / "goi.khgoi").manifest["plan"]["number"]
    up_db.close()


def test_the_tab_is_not_rebuilt_behind_the_user_s_back(open_window, tmp_path, monkeypatch):
    """Every pause in typing commits and emits ctx.changed: a hidden Trao đổi tab only notes it."""
    from kehoach_desktop.store.commands import Changes
    from kehoach_desktop.ui.exchange.panel import ExchangePanel

    up_db, _plan_id = upper_office(tmp_path / "tinh.sqlite3")
    calls: list[int] = []
    real = ExchangePanel.refresh
    monkeypatch.setattr(ExchangePanel, "refresh", lambda self: (calls.append(1), real(self))[1])
    window = open_window(up_db, "plans")
    assert calls == []  # nothing built at start-up for a tab not shown
    for _ in range(5):
        window.ctx.changed.emit(Changes(plans={1}))
    assert calls == []
    window.show_tab(TAB_KEY)
    assert calls == [1]  # once, when shown
    window.ctx.changed.emit(Changes(plans={1}))
    assert calls == [1, 1]  # while shown, a change shows at once
    up_db.close()


def test_a_bundle_is_addressed_to_offices_not_to_recipient_lines():
    """The walk: the matrix of a plan sent down named its columns «Văn phòng Đảng ủy (để thực
    hiện)» and «Ủy ban Mặt trận Tổ quốc xã (để thực hiện)» — the recipient lines as written."""
    from kehoach_desktop.ui.exchange.panel import addressees_of

    lines = [
        "Ban Thường vụ Tỉnh ủy (để báo cáo),",
        "- Đảng ủy xã Thạch Hà (để thực hiện);",
        "Văn phòng Đảng ủy (để thực hiện),",
        "Các chi bộ trực thuộc (để thực hiện),",
        "Lưu Văn phòng Đảng ủy.",
    ]
    assert addressees_of(lines) == ["Đảng ủy xã Thạch Hà", "Các chi bộ trực thuộc"]


def test_the_send_dialog_proposes_the_lower_bodies_not_our_own_staff_units(open_window, tmp_path, said, answer):
    """The outside tester: a derived plan's Nơi nhận lists our units «(để thực hiện)»; the send
    dialog asked Văn phòng Đảng ủy and Ban Xây dựng Đảng for receipts and progress. Proposed are
    the plan's lower bodies (chi bộ, «Các chi bộ trực thuộc»); our own body and staff are not."""
    from kehoach_desktop.store import plans as plan_store

    up_db, _ = upper_office(tmp_path / "xa.sqlite3")
    plan_id = int(up_db.scalar("SELECT id FROM plans WHERE status = 'draft' ORDER BY id LIMIT 1"))
    lines = [
        "Ban Thường vụ Huyện ủy (để báo cáo),",
        "Văn phòng Đảng ủy (để thực hiện),",
        "Ban Xây dựng Đảng (để thực hiện),",
        "Ủy ban Kiểm tra Đảng ủy (để thực hiện),",
        "Đảng ủy xã Hòa Bình (để thực hiện),",
        "Các đồng chí Đảng ủy viên,",
        "Chi bộ thôn Đông (để thực hiện),",
        "- Các chi bộ trực thuộc,",
        "Lưu Văn phòng Đảng ủy.",
    ]
    plan_store.update_header(up_db, plan_id, {"recipients": lines})
    plan_store.issue(up_db, plan_id, "99-KH/ĐU")
    panel = open_window(up_db, TAB_KEY).tab(TAB_KEY)
    answer["save"].append(tmp_path / "goi.khgoi")
    assert panel.send_bundle(plan_id) == tmp_path / "goi.khgoi" and not said["error"]
    assert answer["dialogs"][-1].addressee_list == ["Chi bộ thôn Đông", "Các chi bộ trực thuộc"]
    up_db.close()


def test_a_commune_plan_sent_up_is_received_to_follow_without_asking_to_cu_the_hoa(open_window, tmp_path, said, answer):
    """The upper office receives the plan a commune made from its own: saved to follow, no «Cụ thể hóa ngay»."""
    import datetime as dt

    from kehoach_desktop.exchange import plan_bundle, receive
    from kehoach_desktop.store import derive
    from kehoach_desktop.store.commands import UndoStack
    from kehoach_desktop.store.plans import issuing

    up_db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    low_db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    preview = receive.open_bundle(low_db, plan_bundle.export_bundle(up_db, plan_id, tmp_path / "goi.khgoi"))
    got = receive.ReceiveBundle(preview)
    UndoStack(low_db).push(got)
    make = derive.DerivePlan(derive.start(low_db, got.result.directive_id, all_items=True))
    UndoStack(low_db).push(make)
    issuing.issue(low_db, make.plan_id, None, dt.date.today())
    sent_up = plan_bundle.export_bundle(low_db, make.plan_id, tmp_path / "xa.khgoi")
    low_db.close()
    upper = open_window(up_db, TAB_KEY)
    answer["save"].append(tmp_path / "tiep-nhan.khnhan")
    assert upper.tab(TAB_KEY).receive_bundle(sent_up) is not None
    dialog = answer["dialogs"][-1]
    assert dialog.windowTitle() == "Nhận kế hoạch của cấp dưới"
    assert dialog.due is None and dialog.due_check.isHidden()  # no hạn cụ thể hóa to keep
    assert said["confirm"] == []  # no «Cụ thể hóa ngay?»
    assert "để theo dõi" in said["info"][-1] and "không cần cụ thể hóa" in said["info"][-1]
    up_db.close()


def test_a_receipt_that_cannot_be_written_says_to_receive_again(open_window, tmp_path, said, answer):
    from kehoach_desktop.exchange import plan_bundle

    up_db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    bundle = plan_bundle.export_bundle(up_db, plan_id, tmp_path / "goi.khgoi")
    low_db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    lower = open_window(low_db, TAB_KEY)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    answer["save"].append(blocked / "tiep-nhan.khnhan")
    assert lower.tab(TAB_KEY).receive_bundle(bundle) is not None
    assert "Chưa ghi được giấy báo tiếp nhận" in said["confirm"][-1]
    assert "nhận lại gói này (không tạo bản trùng)" in said["confirm"][-1]
    up_db.close()
    low_db.close()


def test_the_consolidation_preview_says_which_plan_bundles_the_folder_leaves_out(qtbot):
    from PySide6.QtWidgets import QWidget

    from kehoach_desktop.exchange import consolidate

    parent = QWidget()
    qtbot.addWidget(parent)
    pv = consolidate.ConsolidatePreview(bundles_left=["Kế hoạch 01-KH-ĐU.khgoi"])
    dialog = exchange_dialogs.ConsolidatePreviewDialog(parent, pv)
    assert "Kế hoạch 01-KH-ĐU.khgoi" in dialog.note.text() and "Nhận gói kế hoạch" in dialog.note.text()


def test_receiving_on_a_full_disk_says_so_and_writes_nothing(open_window, tmp_path, said, answer, monkeypatch):
    """The office's first exchange saves its id: on a full disk that save fails, and the window says so."""
    import sqlite3

    from kehoach_desktop.exchange import plan_bundle
    from kehoach_desktop.store.db import Database

    up_db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    bundle = plan_bundle.export_bundle(up_db, plan_id, tmp_path / "goi.khgoi")
    low_db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    lower = open_window(low_db, TAB_KEY)

    def full(self, key, value):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Database, "set_meta", full)
    assert lower.tab(TAB_KEY).receive_bundle(bundle) is None
    assert "Ổ đĩa đã đầy" in said["error"][-1]
    assert low_db.scalar("SELECT COUNT(*) FROM exchange_received") == 0
    up_db.close()
    low_db.close()


def test_a_window_opened_only_to_look_says_so_before_asking_for_a_file(open_window, tmp_path, said, answer):
    """A second window on the same data («Mở chỉ để xem»): receiving or consolidating says it cannot
    write before any file dialog, not after the files were chosen and read."""
    low_db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    lower = open_window(low_db, TAB_KEY)
    lower.ctx.read_only_reason = "Tệp dữ liệu đang được mở để sửa bởi cửa sổ KeHoach khác."
    tab = lower.tab(TAB_KEY)
    for act in (tab.receive_files, tab.consolidate_files, tab.consolidate_folder, tab.make_summary):
        act()  # no file dialog is answered: one opened would fail here
    # «Lập báo cáo tổng hợp» failed silently there (a traceback on stderr only: the walk of session 9)
    assert len(said["error"]) == 4 and all("chỉ để xem" in e for e in said["error"])
    assert "không lập báo cáo tổng hợp được" in said["error"][3]
    assert not any(e.count("Tệp dữ liệu") > 1 and "chỉ đọc:" in e for e in said["error"])  # said once
    low_db.close()


def test_the_send_dialog_refuses_a_due_date_already_past(qtbot, said):
    """A bundle sent down with a hạn cụ thể hóa already past reached the lower level overdue on
    arrival, without a word: the dialog says so and stays open on the date."""
    import datetime as dt

    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = exchange_dialogs.SendDialog(parent, "Kế hoạch số 01-KH/ĐU", [], dt.date.today(), "")
    past = dt.date.today() - dt.timedelta(days=3)
    dialog.due_edit.setDate(QDate(past.year, past.month, past.day))
    dialog.accept()
    assert dialog.result() != QDialog.Accepted
    assert said["error"] and "đã qua" in said["error"][0] and "từ hôm nay trở đi" in said["error"][0]
    dialog.due_check.setChecked(False)  # no hạn at all is still allowed
    dialog.accept()
    assert dialog.result() == QDialog.Accepted


def test_progress_sent_up_from_the_tab_is_for_the_period_chosen(open_window, tmp_path, said, answer):
    """The tab's «Kỳ báo cáo» proposes what «progress export-up» does without --period (the year so
    far); the period chosen is the one the file reports for."""
    import datetime as dt

    from kehoach_desktop.exchange import plan_bundle, receive
    from kehoach_desktop.store.commands import UndoStack
    from kehoach_desktop.tracking.periods import containing

    up_db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    low_db = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    preview = receive.open_bundle(low_db, plan_bundle.export_bundle(up_db, plan_id, tmp_path / "tinh.khgoi"))
    cmd = receive.ReceiveBundle(preview, None)
    UndoStack(low_db).push(cmd)
    implement(low_db, cmd.result.directive_id, statuses={0: "done"})
    lower = open_window(low_db, TAB_KEY)
    panel = lower.tab(TAB_KEY)
    panel.refresh()
    today = dt.date.today()
    assert panel.up_period.currentData() == progress_up.default_period(today)
    quarter = containing(today, "quarter")
    panel.up_period.setCurrentIndex(panel.up_period.findText(quarter.label))
    answer["save"].append(tmp_path / "tien-do.khtiendo")
    assert panel.send_progress_up() == tmp_path / "tien-do.khtiendo" and not said["error"]
    assert container.read(tmp_path / "tien-do.khtiendo").manifest["period"]["label"] == quarter.label
    assert quarter.label in said["info"][-1]
    up_db.close()
    low_db.close()


def test_the_legend_breaks_between_its_entries_only(open_window, tmp_path):
    """At 1366×768 the legend under the matrix wrapped «– Chưa giao / nhiệm vụ» (the walk)."""
    from PySide6.QtWidgets import QLabel

    up_db, _plan_id = upper_office(tmp_path / "tinh.sqlite3")
    window = open_window(up_db, TAB_KEY)
    legend = window.tab(TAB_KEY).findChild(QLabel, "exchangeLegend")
    entries = [e for e in legend.text().split("   ") if e]
    assert len(entries) >= 6 and all(" " not in e for e in entries)  # spaces inside an entry do not break
    assert "Chưa\u00a0giao\u00a0nhiệm\u00a0vụ" in legend.text() and legend.wordWrap()

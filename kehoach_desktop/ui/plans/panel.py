"""The «Kế hoạch» tab: the list of plans beside the editor, and the plan menu actions."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import default_plan_year
from ...core.models import PLAN_STATUSES
from ...core.text import fold
from ...store import autosave, plan_ops, plans
from ...store.commands import Changes
from .. import messages
from ..context import AppContext
from .editor import PlanEditor

PLAN_ROLE = Qt.UserRole + 1
STATUS_COLOURS = {"draft": "#555555", "review": "#8a5a00", "issued": "#1b5e20"}


class PlansPanel(QWidget):
    new_plan_action: QAction  # «Kế hoạch mới…», set by install(); cụ thể hóa may take it over (issue 15)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Lọc kế hoạch (có dấu hoặc không dấu)")
        self.filter.textChanged.connect(lambda _t: self.refresh_list())
        self.list = QListWidget(self)
        self.list.setObjectName("planList")
        self.list.setMinimumWidth(140)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._picked)
        self.btn_new = QPushButton("Mới…", self)
        self.btn_new.setToolTip("Kế hoạch mới từ mẫu (Ctrl+N)")
        self.btn_clone = QPushButton("Sao chép…", self)
        self.btn_clone.setToolTip("Sao chép kế hoạch đang chọn cho năm mới")
        self.btn_delete = QPushButton("Xóa", self)
        self.btn_delete.setToolTip("Xóa dự thảo đang chọn (có thể hoàn tác)")
        self.btn_new.clicked.connect(lambda: self.new_plan())
        self.btn_clone.clicked.connect(lambda: self.clone_plan())
        self.btn_delete.clicked.connect(self.delete_plan)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.filter)
        lv.addWidget(self.list, 1)
        row = QHBoxLayout()
        for b in (self.btn_new, self.btn_clone, self.btn_delete):
            row.addWidget(b)
        lv.addLayout(row)
        self.editor = PlanEditor(ctx, self)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.setObjectName("plansSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        ctx.changed.connect(self.on_changed)
        self.setFocusProxy(self.list)  # showing the tab (Ctrl+2): ↑/↓ choose a plan
        self.refresh_list()

    # -- list ---------------------------------------------------------------------------------------
    def refresh_list(self) -> None:
        current = self.editor.plan_id
        query = fold(self.filter.text().strip())
        self.list.blockSignals(True)
        self.list.clear()
        for r in plans.list_rows(self.ctx.db):
            label = f"{r['number'] or '(chưa có số)'} — {r['title'] or '(chưa có trích yếu)'}"
            if query and query not in fold(label):
                continue
            item = QListWidgetItem(
                f"{label}\n{PLAN_STATUSES.get(r['status'], r['status'])}"
                f"{' · năm ' + str(r['year']) if r['year'] else ''}"
            )
            item.setData(PLAN_ROLE, r["id"])
            item.setForeground(QBrush(QColor(STATUS_COLOURS.get(r["status"], "#000"))))
            self.list.addItem(item)
            if r["id"] == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def showEvent(self, event) -> None:
        """The tab shown with plans in the list but none open: open the first (the walk found a
        new user facing an empty, greyed-out editor and «Chọn kế hoạch» on Ctrl+P; issue 20)."""
        super().showEvent(event)
        if self.editor.plan_id is None and self.list.count() and self.list.currentItem() is None:
            self.list.setCurrentRow(0)

    def focus_find(self) -> None:
        """Ctrl+F on this tab: find in the open plan, or filter the list when none is open."""
        if not self.editor.show_find():
            self.filter.setFocus(Qt.ShortcutFocusReason)
            self.filter.selectAll()

    def current_plan_id(self) -> int | None:
        """The plan open in the editor (used by export and preview)."""
        return self.editor.plan_id

    def choose_default_style(self, name: str | None = None) -> None:
        """The office's default numbering style (new plans take it; each plan can change its own)."""
        import dataclasses

        from ...core.numbering import STYLES

        names = list(STYLES)
        if name is None:
            titles = [STYLES[n].title for n in names]
            current = names.index(self.ctx.profile.numbering_style) if self.ctx.profile.numbering_style in names else 0
            title, ok = QInputDialog.getItem(
                self, "Kiểu đánh số mặc định", "Kế hoạch mới của cơ quan đánh số theo kiểu:", titles, current, False
            )
            if not ok:
                return
            name = names[titles.index(title)]
        self.ctx.save_profile(dataclasses.replace(self.ctx.profile, numbering_style=name))

    def edit_units(self) -> None:
        from .units_dialog import UnitsDialog

        UnitsDialog(self.ctx, self).exec()
        if self.editor.plan_id is not None:  # the task panel's unit pickers show the new list
            self.editor._show_node(self.editor.current_node_id(), force=True)

    def set_term_start(self) -> None:
        """Numbers run per type within the committee's term: ask when the current term began."""
        from ...core.dates import DateError, format_short, parse_date

        current = plans.term_start(self.ctx.db)
        text, ok = QInputDialog.getText(
            self,
            "Nhiệm kỳ",
            "Ngày bắt đầu nhiệm kỳ hiện tại (số kế hoạch đánh lại từ 01 từ ngày này):",
            text=format_short(current) if current else "",
        )
        if not ok:
            return
        try:
            day = parse_date(text) if text.strip() else None
        except DateError as exc:
            messages.error(self, str(exc))
            return
        plans.set_term_start(self.ctx.db, day)

    def _picked(self, item, _previous) -> None:
        if item is not None:
            self.editor.load(item.data(PLAN_ROLE))

    def sweep_all(self) -> None:
        """Kế hoạch → Rà soát toàn bộ… (``kehoach check --all`` in a window, issue 17)."""
        from .sweep_dialog import SweepDialog

        def open_at(plan_id: int, place: str) -> None:
            self.open_plan(plan_id)
            if place:
                self.editor.go_to(place)

        def select_directive(directive_id: int) -> None:
            window = self.ctx.window
            if window is not None:
                window.show_tab("registry")
                window.registry_panel.select(directive_id)

        self.sweep_dialog = SweepDialog(self.ctx, self.window(), open_at, select_directive)
        self.sweep_dialog.setModal(False)
        self.sweep_dialog.show()
        self.sweep_dialog.run()

    def open_plan(self, plan_id: int) -> None:
        if self.ctx.window is not None:
            self.ctx.window.show_tab("plans")
        self.editor.load(plan_id)
        self.refresh_list()
        # The keyboard goes on in the plan (Insert, F2, Tab…), not on the tab bar that took the focus
        # when the widget that had it (registry search, plan list…) was hidden.
        self.editor.tree.setFocus()

    def on_changed(self, changes: Changes) -> None:
        if changes.plans:
            self.refresh_list()
            gone = self.editor.plan_id is not None and not plans.exists(self.ctx.db, self.editor.plan_id)
            if gone:
                self.editor.load(None)

    # -- commands ---------------------------------------------------------------------------------------
    def new_plan(self, template_id: str | None = None, year: int | None = None, topic: str = "") -> int | None:
        from ...core.templates import get_template
        from .dialogs import NewPlanDialog

        if self.ctx.refuse_writing(self, "tạo kế hoạch mới"):
            return None
        if template_id is None:
            dialog = NewPlanDialog(self, year)
            if dialog.exec() != QDialog.Accepted:
                return None
            template, year, topic, title = (
                dialog.chosen(),
                dialog.year.value(),
                dialog.topic_text(),
                dialog.plan_title(),
            )
        else:
            template, title = get_template(template_id), ""
        cmd = plan_ops.CreatePlan(
            template, self.ctx.profile, year=year or default_plan_year(), topic=topic, title=title
        )
        if self.ctx.push(cmd) is None:
            return None
        self.open_plan(cmd.plan_id)
        return cmd.plan_id

    def clone_plan(self, year: int | None = None) -> int | None:
        source = self.editor.plan_id
        if source is None:
            messages.info(self, "Hãy chọn kế hoạch cần sao chép trong danh sách.")
            return None
        if self.ctx.refuse_writing(self, "sao chép kế hoạch"):
            return None
        row = plans.get_row(self.ctx.db, source)
        if year is None:
            year, ok = QInputDialog.getInt(
                self,
                "Sao chép cho năm mới",
                "Năm của kế hoạch mới:",
                (row["year"] or dt.date.today().year) + 1,
                2000,
                2100,
            )
            if not ok:
                return None
        self.editor.commit_pending()
        cmd = plan_ops.ClonePlan(source, year)
        if self.ctx.push(cmd) is None:
            return None
        self.open_plan(cmd.plan_id)
        findings = self.editor.run_check()
        stale = [f for f in findings if f.kind in ("stale_year", "deadline_before_plan")]
        if stale and self.isVisible():
            messages.info(
                self,
                f"Đã sao chép. Có {len(stale)} chỗ còn năm cũ hoặc thời hạn cũ cần xem lại; "
                "chương trình không tự thay. Danh sách ở thẻ «Kiểm tra».",
            )
        return cmd.plan_id

    def delete_plan(self) -> None:
        plan_id = self.editor.plan_id
        if plan_id is None:
            return
        row = plans.get_row(self.ctx.db, plan_id)
        if row["status"] == "issued":
            messages.error(
                self,
                "Kế hoạch đã ban hành không xóa được: đó là văn bản đã gửi đi, cần giữ làm hồ sơ. "
                "Muốn thay đổi nội dung thì bấm «Tạo bản sửa đổi, bổ sung».",
            )
            return
        if messages.confirm(self, f"Xóa dự thảo «{row['title']}»?", yes="Xóa", detail="Có thể hoàn tác bằng Ctrl+Z."):
            self.ctx.push(plan_ops.DeletePlan(plan_id, row["title"]))

    def offer_recovery(self) -> None:
        """After a crash: offer the text that was typed but never saved as an edit."""
        try:
            items = autosave.pending(self.ctx.db)
        except sqlite3.ProgrammingError:  # the window was closed (database closed) before this ran
            return
        if not items or self.ctx.read_only:
            return
        names = "\n".join(f"• {i.plan_title or 'Kế hoạch'}: «{i.text[:60]}»" for i in items[:8])
        if all(i.after_clean_exit for i in items):
            # Left by a normal quit whose commit failed: no crash to speak of.
            why = f"Lần làm việc trước còn {len(items)} đoạn đã gõ nhưng chưa được lưu vào kế hoạch."
        else:
            why = (
                f"Lần trước chương trình bị tắt đột ngột khi đang gõ; còn {len(items)} đoạn chưa được lưu vào kế hoạch."
            )
        if messages.confirm(
            self,
            f"{why}\n\n{names}",
            title="Khôi phục nội dung đang gõ dở",
            yes="Khôi phục",
            no="Bỏ qua",
            detail="Khôi phục là một thao tác có thể hoàn tác (Ctrl+Z).",
        ):
            autosave.recover(self.ctx.db, items, self.ctx.push)
            self.open_plan(items[0].plan_id)
        else:
            autosave.discard(self.ctx.db, items)

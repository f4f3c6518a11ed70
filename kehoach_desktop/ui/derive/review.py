"""The cụ thể hóa review screen: each upstream item beside the item it becomes in our plan,
with its lead unit and deadline; ticks and edits; «Tạo dự thảo» (issue 15).

A thin view over :class:`kehoach_desktop.core.derive.Derivation`: every edit calls the
model, which recomputes what follows from it (the mapping → the units of every task).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.deadlines import find_deadline
from ...core.derive import Derivation, DerivedItem
from ...core.derive.model import nothing_found, past_notice, summary, upstream_reference
from ..screen import fit_to_screen

KEY_ROLE = Qt.UserRole + 1
REPORT_PREFIX = "report:"
COL_UP, COL_OURS, COL_LEAD, COL_HELP, COL_DEADLINE = range(5)


def _cell(text: str) -> str:
    """A deadline as a cell of the column shows it: «Thường xuyên», «Hằng tháng», «Trước ngày …»
    alike (the walk: «Thường xuyên» beside «hằng tháng»); the draft keeps the text as written."""
    return text[:1].upper() + text[1:]


class DeriveReview(QDialog):
    """Review of a derivation; ``exec()`` → Accepted when «Tạo dự thảo» was pressed."""

    def __init__(self, derivation: Derivation, parent: QWidget | None = None):
        super().__init__(parent)
        self.d = derivation
        self._filling = False
        self.setWindowTitle("Cụ thể hóa văn bản cấp trên")
        self.setObjectName("deriveReview")

        head = QLabel(f"<b>Cụ thể hóa:</b> {upstream_reference(derivation.upstream)}", self)
        head.setWordWrap(True)
        head.setTextFormat(Qt.RichText)
        self.lead = QSpinBox(self)
        self.lead.setRange(0, 60)
        self.lead.setValue(derivation.lead_days)
        self.lead.setSuffix(" ngày làm việc")
        self.lead.setToolTip("Hạn của ta sớm hơn hạn cấp trên chừng ấy ngày làm việc (không bao giờ muộn hơn).")
        self.purpose = QCheckBox("Dùng phần Mục đích, yêu cầu của văn bản cấp trên", self)
        self.stats = QLabel(self)
        opts = QHBoxLayout()
        opts.addWidget(QLabel("Hạn của ta sớm hơn hạn cấp trên:", self))
        opts.addWidget(self.lead)
        opts.addSpacing(16)
        opts.addWidget(self.purpose)
        opts.addStretch(1)
        opts.addWidget(self.stats)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("deriveItems")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            ["Văn bản cấp trên (đánh dấu mục lấy vào)", "Thành mục của ta", "Chủ trì", "Phối hợp", "Thời hạn"]
        )
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setSectionResizeMode(COL_UP, QHeaderView.Stretch)
        header.setSectionResizeMode(COL_OURS, QHeaderView.Stretch)
        header.setSectionResizeMode(COL_LEAD, QHeaderView.Interactive)
        header.setSectionResizeMode(COL_HELP, QHeaderView.Interactive)
        header.setSectionResizeMode(COL_DEADLINE, QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(COL_LEAD, 190)
        header.resizeSection(COL_HELP, 150)
        header.resizeSection(COL_DEADLINE, 160)

        self.units = QTableWidget(0, 3, self)
        self.units.setObjectName("deriveUnits")
        self.units.setHorizontalHeaderLabels(["Tên ở văn bản cấp trên", "Đơn vị của ta", "Độ giống"])
        self.units.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.units.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.units.verticalHeader().setVisible(False)
        units_page = QWidget(self)
        ul = QVBoxLayout(units_page)
        note = QLabel(
            "Chương trình gợi ý đơn vị của ta cho từng tên đơn vị ở văn bản cấp trên. Chọn lại nếu chưa đúng; "
            "lựa chọn được ghi nhớ cho lần cụ thể hóa sau (sửa được ở Kế hoạch → Danh sách đơn vị).",
            units_page,
        )
        note.setWordWrap(True)
        ul.addWidget(note)
        ul.addWidget(self.units, 1)

        self.grounds = QWidget(self)
        gl = QVBoxLayout(self.grounds)
        gl.addWidget(QLabel("Căn cứ của văn bản cấp trên — đánh dấu để thêm vào căn cứ của ta:", self.grounds))
        # A list that wraps its rows: a check box per căn cứ was as wide as the citation (a law's
        # full name: 1,770 pixels, «Tạo dự thảo» off a 1366×768 screen).
        self.ground_list = QListWidget(self.grounds)
        self.ground_list.setObjectName("deriveGrounds")
        self.ground_list.setWordWrap(True)
        self.ground_list.setTextElideMode(Qt.ElideNone)
        self.ground_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.ground_list.setResizeMode(QListView.Adjust)
        for g in derivation.grounds:
            row = QListWidgetItem(g.citation.format(), self.ground_list)
            row.setFlags(row.flags() | Qt.ItemIsUserCheckable)
            row.setCheckState(Qt.Checked if g.selected else Qt.Unchecked)
        self.ground_list.itemChanged.connect(self._ground_changed)
        if derivation.grounds:
            gl.addWidget(self.ground_list, 1)
        else:
            self.ground_list.hide()
            gl.addWidget(QLabel("Văn bản cấp trên không nêu căn cứ nào khác.", self.grounds))
            gl.addStretch(1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.tree, "Nội dung và nhiệm vụ")
        self.tabs.addTab(units_page, "Đơn vị")
        self.tabs.addTab(self.grounds, "Căn cứ thêm")

        buttons = QDialogButtonBox(self)
        self.create_button = buttons.addButton("Tạo dự thảo", QDialogButtonBox.AcceptRole)
        self.create_button.setObjectName("createDraft")
        self.create_button.setDefault(True)
        buttons.addButton("Hủy", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(opts)
        self.notice = QLabel(nothing_found(derivation), self)  # nothing of the upstream read: say so first
        self.notice.setObjectName("deriveNothingFound")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a4b00;")
        self.notice.setVisible(bool(self.notice.text()))
        layout.addWidget(self.notice)
        # Deadlines of an old upstream already past: said here, not first by F7 on the draft (the walk).
        self.past = QLabel(self)
        self.past.setObjectName("derivePastDeadlines")
        self.past.setWordWrap(True)
        self.past.setStyleSheet("color: #8a4b00;")
        self.past.hide()
        layout.addWidget(self.past)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

        self.lead.valueChanged.connect(self._lead_changed)
        self.purpose.toggled.connect(lambda on: setattr(self.d, "use_upstream_purpose", on))
        upstream_purpose = next((p for p in derivation.upstream.parts if p.role == "purpose"), None)
        self.purpose.setEnabled(upstream_purpose is not None)
        if upstream_purpose is not None:  # the upstream's own words, to read before choosing them
            lines = [
                f"{i.display_label} {i.text}".strip() for i in upstream_purpose.walk() if i is not upstream_purpose
            ]
            self.purpose.setToolTip("\n".join(lines)[:1500])
        else:
            self.purpose.setToolTip("Văn bản cấp trên không có phần Mục đích, yêu cầu; dùng mẫu của chương trình.")
        self.tree.itemChanged.connect(self._item_changed)
        self._fill_units()
        self._fill_tree()
        fit_to_screen(self, 1300, 700)  # 1366×768, or 1093×614 at 125 %: never larger than the screen

    def _ground_changed(self, row: QListWidgetItem) -> None:
        self.d.grounds[self.ground_list.row(row)].selected = row.checkState() == Qt.Checked

    # -- filling ---------------------------------------------------------------------------------------
    def _unit_combo(self, current: int | None, on_change) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("(chưa chọn)", None)
        for u in self.d.matcher.units:
            combo.addItem(u.name, u.id)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.currentIndexChanged.connect(lambda _i: on_change(combo.currentData()))
        return combo

    def _fill_units(self) -> None:
        keys = list(self.d.mapping)
        self.units.setRowCount(len(keys))
        for row, key in enumerate(keys):
            name = self.d.mapping_names.get(key, key)
            item = QTableWidgetItem(name)
            item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            self.units.setItem(row, 0, item)
            self.units.setCellWidget(
                row, 1, self._unit_combo(self.d.mapping.get(key), lambda uid, name=name: self._map(name, uid))
            )
            score = self.d.mapping_scores.get(key, 0)
            shown = "đã xác nhận" if self.d.matcher.suggest(name).confirmed else (f"{score}%" if score else "—")
            cell = QTableWidgetItem(shown)
            cell.setFlags(cell.flags() & ~Qt.ItemIsEditable)
            self.units.setItem(row, 2, cell)

    def _fill_tree(self) -> None:
        self._filling = True
        self.tree.clear()
        for item in self.d.items:
            self.tree.addTopLevelItem(self._row(item))
        if self.d.reports:
            group = QTreeWidgetItem(["Báo cáo cấp trên yêu cầu", "Thành nhiệm vụ riêng của ta", "", "", ""])
            self.tree.addTopLevelItem(group)
            for i, r in enumerate(self.d.reports):
                when = _cell(r.deadline.text if r.deadline else "")
                row = QTreeWidgetItem(
                    ["(yêu cầu báo cáo)", r.text, "", "", f"⚠ {when}" if self._is_past(r.deadline) else when]
                )
                row.setData(COL_UP, KEY_ROLE, f"{REPORT_PREFIX}{i}")
                row.setFlags(row.flags() | Qt.ItemIsUserCheckable)
                row.setCheckState(COL_UP, Qt.Checked if r.selected else Qt.Unchecked)
                row.setToolTip(COL_OURS, r.text)
                group.addChild(row)
                self.tree.setItemWidget(
                    row, COL_LEAD, self._unit_combo(r.lead_unit_id, lambda uid, r=r: setattr(r, "lead_unit_id", uid))
                )
        self.tree.expandAll()
        for item in self._task_rows():
            self._task_widgets(item)
        self._filling = False
        self._update_stats()

    def _row(self, item: DerivedItem) -> QTreeWidgetItem:
        label = item.up.display_label
        up_text = f"{label} {item.up.text}".strip()
        row = QTreeWidgetItem([up_text, item.text, "", "", ""])
        row.setData(COL_UP, KEY_ROLE, item.up.key)
        row.setToolTip(COL_UP, f"{item.up.text}\n\n{item.who.reason}")
        row.setToolTip(COL_OURS, item.text)
        flags = row.flags() | Qt.ItemIsUserCheckable
        if item.is_task:
            flags |= Qt.ItemIsEditable
            row.setCheckState(COL_UP, Qt.Checked if item.selected else Qt.Unchecked)
        else:
            flags |= Qt.ItemIsAutoTristate
        row.setFlags(flags)
        if not item.is_task and not item.children:
            row.setCheckState(COL_UP, Qt.Checked if item.selected else Qt.Unchecked)
        for child in item.children:
            row.addChild(self._row(child))
        return row

    def _task_rows(self) -> list[QTreeWidgetItem]:
        out = []

        def walk(row: QTreeWidgetItem) -> None:
            key = row.data(COL_UP, KEY_ROLE)
            if key and not str(key).startswith(REPORT_PREFIX):
                item = self.d.find(key)
                if item is not None and item.is_task:
                    out.append(row)
            for i in range(row.childCount()):
                walk(row.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out

    def _task_widgets(self, row: QTreeWidgetItem) -> None:
        item = self.d.find(row.data(COL_UP, KEY_ROLE))
        self.tree.setItemWidget(
            row, COL_LEAD, self._unit_combo(item.lead_unit_id, lambda uid, key=item.up.key: self._set_lead(key, uid))
        )
        self.tree.setItemWidget(row, COL_HELP, self._helpers_button(item.up.key))
        self._show_deadline(row, item)

    def _is_past(self, deadline) -> bool:
        start = self.d.plan_start
        return bool(deadline and deadline.due and start and deadline.due < start)

    def _show_deadline(self, row: QTreeWidgetItem, item: DerivedItem) -> None:
        text = _cell(item.deadline.text if item.deadline else "")
        past = self._is_past(item.deadline)
        row.setText(COL_DEADLINE, f"⚠ {text}" if past else text)
        tip = f"Hạn cấp trên: {item.upstream_deadline.text}" if item.upstream_deadline else "Cấp trên không ghi hạn"
        if past:
            tip = "Thời hạn này đã qua. " + tip
        row.setToolTip(COL_DEADLINE, tip + "\nSửa: gõ thời hạn mới, ví dụ «trước ngày 20/6/2027», «hằng quý».")

    def _helpers_button(self, key: str) -> QToolButton:
        """Cooperating units: a button naming them, its menu ticks units on and off."""
        item = self.d.find(key)
        button = QToolButton(self)
        button.setPopupMode(QToolButton.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        names = [self.d.matcher.name(u) for u in item.unit_ids]
        button.setText(", ".join(names) if names else "(không)")
        button.setToolTip("Đơn vị phối hợp: " + (", ".join(names) if names else "chưa có") + ". Bấm để chọn.")
        menu = QMenu(button)
        for unit in self.d.matcher.units:
            action = menu.addAction(unit.name)
            action.setCheckable(True)
            action.setChecked(unit.id in item.unit_ids)
            action.toggled.connect(lambda on, uid=unit.id, key=key: self._toggle_helper(key, uid, on))
        button.setMenu(menu)
        return button

    def _toggle_helper(self, key: str, unit_id: int, on: bool) -> None:
        item = self.d.find(key)
        helpers = [u for u in item.unit_ids if u != unit_id] + ([unit_id] if on else [])
        self.d.set_units(key, item.lead_unit_id, helpers)
        row = self.row_for(key)
        if row is not None:
            self.tree.setItemWidget(row, COL_HELP, self._helpers_button(key))

    # -- edits -------------------------------------------------------------------------------------------
    def _item_changed(self, row: QTreeWidgetItem, column: int) -> None:
        if self._filling:
            return
        key = row.data(COL_UP, KEY_ROLE)
        if not key:
            return
        if str(key).startswith(REPORT_PREFIX):
            report = self.d.reports[int(str(key)[len(REPORT_PREFIX) :])]
            if column == COL_UP:
                report.selected = row.checkState(COL_UP) == Qt.Checked
            self._update_stats()
            return
        item = self.d.find(key)
        if item is None:
            return
        if column == COL_UP and (item.is_task or not item.children):
            item.selected = row.checkState(COL_UP) == Qt.Checked
        elif column == COL_OURS:
            item.text = row.text(COL_OURS)
        elif column == COL_DEADLINE and item.is_task:
            found = find_deadline(row.text(COL_DEADLINE).removeprefix("⚠").strip(), self.d.year)
            if found is not None:
                self.d.set_deadline(key, found)
                self._filling = True
                self._show_deadline(row, item)  # the ⚠ goes with a deadline still ahead
                self._filling = False
        self._update_stats()

    def _set_lead(self, key: str, unit_id: int | None) -> None:
        item = self.d.find(key)
        if item is not None:
            self.d.set_units(key, unit_id, item.unit_ids)

    def _map(self, name: str, unit_id: int | None) -> None:
        self.d.set_mapping(name, unit_id)
        self._filling = True
        for row in self._task_rows():
            self._task_widgets(row)
        self._filling = False

    def _lead_changed(self, days: int) -> None:
        self.d.set_lead_days(days)
        self._filling = True
        for row in self._task_rows():
            item = self.d.find(row.data(COL_UP, KEY_ROLE))
            row.setText(COL_OURS, item.text)
            self._show_deadline(row, item)
        self._filling = False
        self._fill_tree()

    def _update_stats(self) -> None:
        s = summary(self.d)
        self.stats.setText(f"{s.chosen}/{s.upstream_tasks} nhiệm vụ được chọn, {s.reports} báo cáo")
        self.past.setText(past_notice(self.d))
        self.past.setVisible(bool(self.past.text()))

    # -- for tests and scripts ------------------------------------------------------------------------------
    def row_for(self, key: str) -> QTreeWidgetItem | None:
        found = self.tree.findItems("*", Qt.MatchWildcard | Qt.MatchRecursive, COL_UP)
        return next((r for r in found if r.data(COL_UP, KEY_ROLE) == key), None)

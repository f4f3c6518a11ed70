"""Marking the selected item as a task: lead unit, cooperating units, deadline, product.

When the item is not a task yet, the fields show suggestions read from its text
(deadline phrases; the unit named before the colon in III. TỔ CHỨC THỰC HIỆN);
nothing is saved until the user presses «Đánh dấu là nhiệm vụ».
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import DateError, format_short, from_iso, parse_date
from ...core.deadlines import KIND_NAMES
from ...core.task_hints import suggest_deadline, suggest_unit
from ...store import plan_ops, plans, profile
from .. import messages

UNIT_ROLE = Qt.UserRole + 1


def organisation_ids(doc) -> set[int]:
    """Ids of the items under III. TỔ CHỨC THỰC HIỆN (where an item names its unit)."""
    from ...core.text import fold

    out: set[int] = set()
    for root in doc.sections if doc is not None else []:
        if root.role == "organisation" or "to chuc thuc hien" in fold(root.text):
            out |= {n.id for n in root.walk() if n is not root}
    return out


class TaskPanel(QGroupBox):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__("Nhiệm vụ", parent)
        self.ctx = ctx
        self.node = None
        self.plan_id: int | None = None
        self.state: dict | None = None
        self.suggested_for: str | None = None  # the text the suggestions were read from
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.lead = QComboBox(self)
        self.helpers = QListWidget(self)
        self.helpers.setMaximumHeight(90)
        self.kind = QComboBox(self)
        self.kind.addItem("(chưa có thời hạn)", "")
        for key, name in KIND_NAMES.items():
            self.kind.addItem(name, key)
        self.start = QLineEdit(self)
        self.start.setPlaceholderText("ngày/tháng/năm")
        self.end = QLineEdit(self)
        self.end.setPlaceholderText("ngày/tháng/năm")
        self.deadline_text = QLineEdit(self)
        self.deadline_text.setPlaceholderText("Thời hạn như ghi trong kế hoạch, ví dụ «Quý 1/2026»")
        self.product = QLineEdit(self)
        self.product.setPlaceholderText("Sản phẩm dự kiến: kế hoạch, báo cáo, hội nghị…")
        self.btn_save = QPushButton("Đánh dấu là nhiệm vụ", self)
        self.btn_clear = QPushButton("Bỏ nhiệm vụ", self)
        self.btn_unit = QPushButton("Thêm đơn vị…", self)
        form = QFormLayout()
        lead_row = QHBoxLayout()
        lead_row.addWidget(self.lead, 1)
        lead_row.addWidget(self.btn_unit)
        form.addRow("Chủ trì:", lead_row)
        form.addRow("Phối hợp:", self.helpers)
        form.addRow("Thời hạn:", self.kind)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("từ", self))
        dates.addWidget(self.start)
        dates.addWidget(QLabel("đến", self))
        dates.addWidget(self.end)
        form.addRow("", dates)
        form.addRow("Ghi trong văn bản:", self.deadline_text)
        form.addRow("Sản phẩm:", self.product)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.btn_clear)
        buttons.addWidget(self.btn_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.btn_save.clicked.connect(self.save)
        self.btn_clear.clicked.connect(self.clear_task)
        self.btn_unit.clicked.connect(self.add_unit)
        QWidget.setTabOrder(self.lead, self.btn_unit)  # beside «Chủ trì», not after the last button
        self._read_only = False
        # Edited by the user since shown or saved (Ctrl+S saves it; suggestions alone are not edits).
        self.dirty = False
        self._loading = False
        for edit in (self.start, self.end, self.deadline_text, self.product):
            edit.textEdited.connect(self._edited)
        self.lead.activated.connect(self._edited)
        self.kind.activated.connect(self._edited)
        self.helpers.itemChanged.connect(self._edited)

    def set_read_only(self, flag: bool) -> None:
        self._read_only = flag
        for w in (
            self.lead,
            self.helpers,
            self.kind,
            self.start,
            self.end,
            self.deadline_text,
            self.product,
            self.btn_save,
            self.btn_clear,
            self.btn_unit,
        ):
            w.setEnabled(not flag)

    def _units(self) -> list:
        return profile.units(self.ctx.db)

    def _fill_units(self, lead_id: int | None, helper_ids: list[int]) -> None:
        units = self._units()
        self.lead.clear()
        self.lead.addItem("(chưa chọn)", None)
        for u in units:
            self.lead.addItem(u["name"], u["id"])
        self.lead.setCurrentIndex(max(0, self.lead.findData(lead_id)) if lead_id is not None else 0)
        self.helpers.clear()
        for u in units:
            item = QListWidgetItem(u["name"])
            item.setData(UNIT_ROLE, u["id"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if u["id"] in helper_ids else Qt.Unchecked)
            self.helpers.addItem(item)

    def _edited(self, *_args) -> None:
        if not self._loading:
            self.dirty = True

    def show_node(self, plan_id: int | None, node, doc) -> None:
        self.dirty = False
        self._loading = True
        try:
            self._show_node(plan_id, node, doc)
        finally:
            self._loading = False

    def _show_node(self, plan_id: int | None, node, doc) -> None:
        self.plan_id, self.node = plan_id, node
        self.setEnabled(node is not None)
        if node is None:
            self.hint.setText("")
            return
        self.state = plans.task_state(self.ctx.db, node.id)
        year = (doc.date.year if doc and doc.date else None) or plans.get_row(self.ctx.db, plan_id)["year"]
        if self.state is not None:
            s = self.state
            self.hint.setText("Mục này là một nhiệm vụ; sửa rồi bấm «Cập nhật nhiệm vụ».")
            self._fill_units(s["lead_unit_id"], s["unit_ids"])
            self.kind.setCurrentIndex(max(0, self.kind.findData(s["deadline_kind"])))
            self.start.setText(format_short(from_iso(s["deadline_start"])))
            self.end.setText(format_short(from_iso(s["deadline_end"])))
            self.deadline_text.setText(s["deadline_text"])
            self.product.setText(s["product"])
            self.btn_save.setText("Cập nhật nhiệm vụ")
            self.btn_clear.setEnabled(not self._read_only)
            return
        # Not a task yet: show what the text suggests.
        self.suggested_for = node.text
        deadline = suggest_deadline(node.text, year)
        units = self._units()
        unit_hint = None
        if node.id in organisation_ids(doc) or ":" in node.text[:90]:
            unit_hint = suggest_unit(node.text, [(u["id"], u["name"], u["short_name"]) for u in units])
        self._fill_units(unit_hint.unit_id if unit_hint else None, [])
        self.kind.setCurrentIndex(max(0, self.kind.findData(deadline.kind if deadline else "")))
        self.start.setText(format_short(deadline.start) if deadline else "")
        self.end.setText(format_short(deadline.end) if deadline else "")
        self.deadline_text.setText(deadline.text if deadline else "")
        self.product.setText("")
        parts = []
        if deadline:
            parts.append(f"thời hạn «{deadline.text}»")
        if unit_hint:
            parts.append(
                f"đơn vị «{unit_hint.name}»" + ("" if unit_hint.unit_id else " (chưa có trong danh sách đơn vị)")
            )
        self.hint.setText(("Gợi ý từ nội dung: " + ", ".join(parts) + ".") if parts else "Mục này chưa là nhiệm vụ.")
        self.btn_save.setText("Đánh dấu là nhiệm vụ")
        self.btn_clear.setEnabled(False)

    def values(self) -> dict:
        def date_of(edit: QLineEdit, label: str):
            text = edit.text().strip()
            if not text:
                return None
            try:
                return parse_date(text)
            except DateError as exc:
                raise ValueError(f"{label}: {exc}") from None

        helpers = [
            self.helpers.item(i).data(UNIT_ROLE)
            for i in range(self.helpers.count())
            if self.helpers.item(i).checkState() == Qt.Checked
        ]
        return {
            "lead_unit_id": self.lead.currentData(),
            "unit_ids": helpers,
            "deadline_kind": self.kind.currentData() or "",
            "deadline_start": date_of(self.start, "Ngày bắt đầu"),
            "deadline_end": date_of(self.end, "Ngày kết thúc"),
            "deadline_text": self.deadline_text.text(),
            "product": self.product.text(),
        }

    def save(self) -> bool:
        if self.node is None or self._read_only:
            return False
        try:
            data = self.values()
        except ValueError as exc:
            messages.error(self, str(exc))
            return False
        if self.ctx.push(plan_ops.SetTask(self.ctx.db, self.node.id, data)) is None:
            return False
        self.dirty = False
        return True

    def commit_pending(self) -> None:
        """Tệp → Lưu: save task fields the user changed without pressing the button."""
        if self.dirty and self.node is not None and not self._read_only:
            self.save()

    def clear_task(self) -> None:
        if self.node is None or self.state is None:
            return
        self.ctx.push(plan_ops.ClearTask(self.ctx.db, self.node.id))

    def add_unit(self) -> None:
        from ...core.task_hints import unit_phrase

        suggested = unit_phrase(self.node.text) if self.node is not None else ""
        name, ok = QInputDialog.getText(self, "Thêm đơn vị", "Tên đơn vị (chi bộ, ban, đoàn thể…):", text=suggested)
        if ok and name.strip():
            from ...store.unit_ops import AddUnit

            try:
                cmd = AddUnit(name)
            except ValueError as exc:
                messages.error(self, str(exc))
                return
            if self.ctx.push(cmd) is None:
                return
            uid = cmd.unit_id
            current_helpers = [
                self.helpers.item(i).data(UNIT_ROLE)
                for i in range(self.helpers.count())
                if self.helpers.item(i).checkState() == Qt.Checked
            ]
            self._fill_units(uid, current_helpers)

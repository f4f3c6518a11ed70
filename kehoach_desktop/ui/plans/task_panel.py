"""The task of the selected item: lead unit, cooperating units, deadline, product.

Every field is saved as it is changed, like the plan text (issue 20): a pick in a list
or a tick is one undoable step at once; what is typed into a line becomes one step
after a pause (``text_commit.COMMIT_MS``), when the field is left, on Ctrl+S, when
another item is chosen and when the window closes. A field being typed into is never
rewritten under the cursor. When the item is not a task yet the fields show
suggestions read from its text (deadline phrases; the unit named before the colon in
III. TỔ CHỨC THỰC HIỆN); «Đánh dấu là nhiệm vụ» or a change to any field makes it one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
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
from ...store import autosave, plan_ops, plans, profile
from .. import messages
from . import text_commit

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
        self.problem = QLabel(self)  # a date that cannot be read yet (said here, not in a dialog, while typing)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
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
        self.btn_save.setToolTip("Lưu mục này thành một nhiệm vụ với các ô bên trên (sửa ô nào cũng tự lưu)")
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
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.btn_save.clicked.connect(self.save)
        self.btn_clear.clicked.connect(self.clear_task)
        self.btn_unit.clicked.connect(self.add_unit)
        QWidget.setTabOrder(self.lead, self.btn_unit)  # beside «Chủ trì», not after the last button
        self._read_only = False
        # Changed by the user since shown or saved (suggestions alone are not changes).
        self.dirty = False
        self._loading = False
        self.commit_timer = QTimer(self, singleShot=True, interval=text_commit.COMMIT_MS)
        self.commit_timer.timeout.connect(lambda: self.commit_now(explicit=False))
        # Crash safety as for the plan text: what is typed is on disk at most STASH_MS later.
        self.stash_timer = QTimer(self, singleShot=True, interval=text_commit.STASH_MS)
        self.stash_timer.timeout.connect(self.stash_now)
        for edit in (self.start, self.end, self.deadline_text, self.product):
            edit.textEdited.connect(self._typed)
            edit.editingFinished.connect(self._left_field)
        self.lead.activated.connect(self._picked)
        self.kind.activated.connect(self._picked)
        self.helpers.itemChanged.connect(self._picked)

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
        names = [(u["id"], u["name"]) for u in units]
        if names != [(self.lead.itemData(i), self.lead.itemText(i)) for i in range(1, self.lead.count())]:
            self.lead.clear()
            self.lead.addItem("(chưa chọn)", None)
            for uid, name in names:
                self.lead.addItem(name, uid)
            self.helpers.clear()
            for uid, name in names:
                item = QListWidgetItem(name)
                item.setData(UNIT_ROLE, uid)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                # An explicit state: without one Qt draws no box and a click or Space ticks nothing.
                item.setCheckState(Qt.Unchecked)
                self.helpers.addItem(item)
        self.lead.setCurrentIndex(max(0, self.lead.findData(lead_id)) if lead_id is not None else 0)
        for i in range(self.helpers.count()):
            item = self.helpers.item(i)
            state = Qt.Checked if item.data(UNIT_ROLE) in helper_ids else Qt.Unchecked
            if item.checkState() != state:
                item.setCheckState(state)

    # -- the user changes a field -------------------------------------------------------------
    def _typed(self, *_args) -> None:
        if self._loading:
            return
        self.dirty = True
        if not self.stash_timer.isActive():  # throttled, like the text editors' stash
            self.stash_timer.start()
        self.commit_timer.start()

    def _text_fields(self) -> dict[str, QLineEdit]:
        return {"product": self.product, "deadline_text": self.deadline_text}

    def stash_now(self) -> None:
        """Keep the typed text fields on disk (a crash offers them back at the next start)."""
        if not self.dirty or self.node is None or self.plan_id is None or self._read_only:
            return
        for name, edit in self._text_fields().items():
            autosave.stash(self.ctx.db, self.plan_id, autosave.task_target(self.node.id, name), edit.text().strip())

    def close_down(self) -> None:
        """The window closes (after the commit, which may have been refused: a date that does
        not exist): keep what could not be saved in the stash and stop the timers."""
        if self.dirty:
            self.stash_now()
        self.stash_timer.stop()
        self.commit_timer.stop()

    def _clear_stash(self, plan_id: int | None, node_id: int) -> None:
        self.stash_timer.stop()
        if plan_id is not None and not self._read_only:
            for name in self._text_fields():
                autosave.clear(self.ctx.db, plan_id, autosave.task_target(node_id, name))

    def _left_field(self) -> None:
        if not self._loading and self.dirty:
            self.commit_now(explicit=False)

    def _picked(self, *_args) -> None:
        if self._loading:
            return
        self.dirty = True
        self.commit_now(explicit=False)

    # -- showing an item ------------------------------------------------------------------------
    def show_node(self, plan_id: int | None, node, doc) -> None:
        """Show *node*'s task (or suggestions). What was typed for the item shown before is saved
        first; for the same item, a field being typed into is left as it is."""
        same = node is not None and self.node is not None and node.id == self.node.id and plan_id == self.plan_id
        if self.dirty and not same:
            self.commit_now(explicit=True)
        if self.dirty and same:
            return  # typing goes on: the fields are the user's until they are saved
        self._loading = True
        try:
            self._show_node(plan_id, node, doc)
        finally:
            self._loading = False

    def _set_line(self, edit: QLineEdit, value: str, same=None) -> None:
        """Show *value* unless the field already shows it (the one with the cursor: the same once
        saved, e.g. «1/2/2026» for 01/02/2026 or a trailing space the store trims)."""
        shown = edit.text()
        if shown == value:
            return
        if edit.hasFocus() and (same or (lambda s: s.strip() == value))(shown):
            return
        edit.setText(value)

    def _same_date(self, value: str):
        def same(shown: str) -> bool:
            try:
                return format_short(parse_date(shown.strip())) == value if shown.strip() else value == ""
            except DateError:
                return False

        return same

    def _show_node(self, plan_id: int | None, node, doc) -> None:
        self.plan_id, self.node = plan_id, node
        self.setEnabled(node is not None)
        self.problem.hide()
        if node is None:
            self.hint.setText("")
            self.state = None
            return
        self.state = plans.task_state(self.ctx.db, node.id)
        year = (doc.date.year if doc and doc.date else None) or plans.get_row(self.ctx.db, plan_id)["year"]
        if self.state is not None:
            s = self.state
            self.hint.setText("Mục này là một nhiệm vụ; sửa ô nào thì ô đó được lưu ngay (hoàn tác bằng Ctrl+Z).")
            self._fill_units(s["lead_unit_id"], s["unit_ids"])
            self.kind.setCurrentIndex(max(0, self.kind.findData(s["deadline_kind"])))
            start = format_short(from_iso(s["deadline_start"]))
            end = format_short(from_iso(s["deadline_end"]))
            self._set_line(self.start, start, self._same_date(start))
            self._set_line(self.end, end, self._same_date(end))
            self._set_line(self.deadline_text, s["deadline_text"])
            self._set_line(self.product, s["product"])
            self.btn_save.hide()
            self.btn_clear.show()
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
        self.hint.setText(
            (("Gợi ý từ nội dung: " + ", ".join(parts) + ". ") if parts else "Mục này chưa là nhiệm vụ. ")
            + "Bấm «Đánh dấu là nhiệm vụ» hoặc sửa một ô để giao nhiệm vụ."
        )
        self.btn_save.show()
        self.btn_save.setEnabled(not self._read_only)
        self.btn_clear.hide()

    # -- saving -----------------------------------------------------------------------------------
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

    def _unchanged(self, data: dict) -> bool:
        """The task as stored already holds *data* (nothing to save)."""
        s = self.state
        if s is None:
            return False
        iso = {k: (data[k].isoformat() if data[k] is not None else None) for k in ("deadline_start", "deadline_end")}
        return (
            s["lead_unit_id"] == data["lead_unit_id"]
            and sorted(s["unit_ids"]) == sorted(data["unit_ids"])
            and (s["deadline_kind"] or "") == data["deadline_kind"]
            and s["deadline_start"] == iso["deadline_start"]
            and s["deadline_end"] == iso["deadline_end"]
            and (s["deadline_text"] or "") == data["deadline_text"].strip()
            and (s["product"] or "") == data["product"].strip()
        )

    def commit_now(self, explicit: bool = True) -> bool:
        """Save the fields if the user changed them. *explicit* (Ctrl+S, another item, closing):
        a date that cannot be read is shown as an error; while typing it is only said under
        the fields and the rest waits for it. False when something could not be saved."""
        self.commit_timer.stop()
        if not self.dirty or self.node is None or self._read_only:
            return True
        try:
            data = self.values()
        except ValueError as exc:
            self.problem.setText(f"Chưa lưu nhiệm vụ: {exc}")
            self.problem.show()
            if explicit:
                messages.error(self, str(exc))
            return False
        self.problem.hide()
        self.dirty = False  # before the push: it refreshes the views, which call show_node
        plan_id, node_id = self.plan_id, self.node.id  # the push may show another item meanwhile
        if not self._unchanged(data) and self.ctx.push(plan_ops.SetTask(self.ctx.db, node_id, data)) is None:
            return False
        self._clear_stash(plan_id, node_id)
        return True

    def save(self) -> bool:
        """«Đánh dấu là nhiệm vụ»: make the item a task with the fields as shown."""
        if self.node is None or self._read_only:
            return False
        self.dirty = True
        return self.commit_now(explicit=True)

    def commit_pending(self) -> None:
        """Tệp → Lưu, another item, closing: save fields changed and not saved yet."""
        self.commit_now(explicit=True)

    def clear_task(self) -> None:
        if self.node is None or self.state is None:
            return
        self.commit_timer.stop()
        self.dirty = False
        self._clear_stash(self.plan_id, self.node.id)
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
            self._loading = True
            try:
                self._fill_units(uid, current_helpers)
            finally:
                self._loading = False
            self._picked()  # the new unit leads the task (saved like any pick)

"""Review pages of the import dialog: header (editable), tree, references, tasks, end block."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import DateError, format_short, parse_date
from ...core.deadlines import KIND_NAMES
from ...core.numbers import try_parse
from ...core.text import fold
from ...importer.model import ParsedDocument, Section
from ...importer.persist import CONFLICT, NEW, REGISTERED, STATE_NAMES, ReferenceState

_STATE_COLOURS = {REGISTERED: "#e8f5e9", NEW: "#fff8e1", CONFLICT: "#ffebee"}


def _item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
    if tooltip or len(text) > 60:
        item.setToolTip(tooltip or text)
    return item


def deadline_text(deadline) -> str:
    if deadline is None:
        return ""
    name = KIND_NAMES.get(deadline.kind, deadline.kind)
    if deadline.end and deadline.start and deadline.start != deadline.end:
        return f"{name}: {format_short(deadline.start)} – {format_short(deadline.end)}"
    if deadline.end:
        return f"{name}: {format_short(deadline.end)}"
    # «Thường xuyên (thường xuyên)» said the same twice (the walk): the phrase only when it adds
    if deadline.text and fold(deadline.text).strip(" .;,") != fold(name):
        return f"{name} ({deadline.text})"
    return name


class HeaderPage(QWidget):
    """Recognised header fields; the user corrects them before saving."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        self.doc_type = QLineEdit(self)
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("ví dụ 12-KH/ĐU (để trống nếu là dự thảo)")
        self.superior = QLineEdit(self)
        self.issuer = QLineEdit(self)
        self.place = QLineEdit(self)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("ngày/tháng/năm, ví dụ 20/01/2022")
        self.title = QLineEdit(self)
        self.basis = QPlainTextEdit(self)
        self.basis.setMaximumHeight(90)
        self.basis.setTabChangesFocus(True)  # Tab went into the căn cứ as tab characters (and was saved)
        form.addRow("Loại văn &bản:", self.doc_type)
        form.addRow("&Số ký hiệu:", self.number)
        form.addRow("Cơ quan cấp t&rên:", self.superior)
        form.addRow("Cơ quan ban &hành:", self.issuer)
        form.addRow("Địa &danh:", self.place)
        form.addRow("N&gày:", self.date)
        form.addRow("Trích &yếu:", self.title)
        form.addRow("&Căn cứ:", self.basis)

    def show_doc(self, doc: ParsedDocument) -> None:
        self.doc_type.setText(doc.doc_type or "")
        self.number.setText(doc.number or "")
        self.superior.setText(doc.superior_body or "")
        self.issuer.setText(doc.issuer_body or "")
        self.place.setText(doc.place or "")
        self.date.setText(format_short(doc.date) if doc.date else "")
        self.title.setText(doc.title or "")
        for edit in (self.superior, self.issuer, self.title):
            edit.setCursorPosition(0)  # a long name or trích yếu shows its start, not its end
        self.basis.setPlainText(doc.basis or "")

    def apply_to(self, doc: ParsedDocument) -> None:
        """Copy the (corrected) fields back; raises ValueError with a message to show."""
        number = self.number.text().strip()
        if number:
            parsed = try_parse(number)
            if parsed is None:
                raise ValueError(f"Số «{number}» không đúng dạng, ví dụ 12-KH/ĐU hoặc 155/KH-UBND.")
            number = parsed.format()
        text = self.date.text().strip()
        try:
            day = parse_date(text) if text else None
        except DateError as exc:
            raise ValueError(str(exc)) from None
        doc.doc_type = self.doc_type.text().strip() or doc.doc_type
        doc.number = number or None
        doc.superior_body = self.superior.text().strip() or None
        doc.issuer_body = self.issuer.text().strip() or None
        doc.place = self.place.text().strip() or None
        doc.date = day
        doc.title = self.title.text().strip() or None
        doc.basis = self.basis.toPlainText().strip() or None


class TreePage(QTreeWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderLabels(["Mục", "Nội dung"])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.setWordWrap(True)

    def show_doc(self, doc: ParsedDocument) -> None:
        self.clear()

        def add(parent, section: Section) -> None:
            item = QTreeWidgetItem(parent, [section.label or "", section.heading])
            item.setToolTip(1, section.heading)
            font = item.font(1)
            font.setBold(True)
            item.setFont(1, font)
            for p in section.paragraphs:
                child = QTreeWidgetItem(item, [p.bullet, p.text])
                child.setToolTip(1, p.text)
            for c in section.children:
                add(item, c)

        for section in doc.sections:
            add(self, section)
        for section in doc.appendices:
            add(self, section)
        self.expandToDepth(1)


class ReferencesPage(QWidget):
    COLUMNS = ("Tình trạng", "Loại", "Số", "Ngày", "Cơ quan ban hành", "Trích yếu")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        row = QHBoxLayout()
        self.register_button = QPushButton("Đăng ký tất &cả văn bản mới", self)
        self.register_button.setToolTip(
            "Thêm vào sổ văn bản mọi văn bản được trích dẫn chưa có trong sổ (hoàn tác được bằng Ctrl+Z)."
        )
        row.addWidget(self.summary, 1)
        row.addWidget(self.register_button)
        layout.addLayout(row)
        layout.addWidget(self.table)

    def show_states(self, states: list[ReferenceState]) -> None:
        self.table.setRowCount(len(states))
        for r, state in enumerate(states):
            c = state.citation
            status = _item(STATE_NAMES[state.state], "\n".join(state.messages))
            values = [
                status,
                _item(c.doc_type),
                _item(c.number),
                _item(format_short(c.date) if c.date else ""),
                _item(c.issuer),
                _item(c.subject),
            ]
            brush = QBrush(QColor(_STATE_COLOURS[state.state]))
            for col, item in enumerate(values):
                item.setBackground(brush)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        new = sum(1 for s in states if s.state == NEW)
        conflict = sum(1 for s in states if s.state == CONFLICT)
        registered = len(states) - new - conflict
        self.summary.setText(
            f"{len(states)} văn bản được trích dẫn: {registered} đã có trong sổ, {new} mới, {conflict} khác với sổ."
        )
        self.register_button.setEnabled(new > 0)


class TasksPage(QWidget):
    """Proposed tasks and unit assignments, each with a box to keep or drop it."""

    TASK_COLUMNS = ("Tạo", "Mục", "Nội dung", "Đơn vị", "Thời hạn")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nhiệm vụ đề xuất từ nội dung (bỏ dấu chọn để không tạo):", self))
        self.units_note = QLabel(self)  # fuzzy matches and units not in our list, for confirmation (issue 16)
        self.units_note.setWordWrap(True)
        layout.addWidget(self.units_note)
        self.tasks = QTableWidget(0, len(self.TASK_COLUMNS), self)
        self.tasks.setHorizontalHeaderLabels(list(self.TASK_COLUMNS))
        self.tasks.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        layout.addWidget(self.tasks, 3)
        layout.addWidget(QLabel("Phân công theo mục TỔ CHỨC THỰC HIỆN:", self))
        self.assignments = QTableWidget(0, 3, self)
        self.assignments.setHorizontalHeaderLabels(["Tạo", "Đơn vị", "Nhiệm vụ"])
        self.assignments.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        layout.addWidget(self.assignments, 2)

    @staticmethod
    def _check(checked: bool = True) -> QTableWidgetItem:
        item = QTableWidgetItem()
        item.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        return item

    def show_doc(self, doc: ParsedDocument) -> None:
        self.tasks.setRowCount(len(doc.tasks))
        for r, task in enumerate(doc.tasks):
            self.tasks.setItem(r, 0, self._check())
            self.tasks.setItem(r, 1, _item(task.section))
            self.tasks.setItem(r, 2, _item(task.text))
            self.tasks.setItem(r, 3, _units_item(task))
            self.tasks.setItem(r, 4, _item(deadline_text(task.deadline)))
        self.assignments.setRowCount(len(doc.assignments))
        for r, assignment in enumerate(doc.assignments):
            self.assignments.setItem(r, 0, self._check())
            unit = _item(assignment.unit + (" ≈" if assignment.written else " *" if assignment.unmatched else ""))
            if assignment.written:
                unit.setToolTip(
                    f"Văn bản ghi «{assignment.written}» — khớp với đơn vị «{assignment.unit}» của cơ quan."
                )
            elif assignment.unmatched:
                unit.setToolTip(f"«{assignment.unit}» chưa có trong danh sách đơn vị của cơ quan.")
            self.assignments.setItem(r, 1, unit)
            self.assignments.setItem(r, 2, _item(assignment.text))
        self.tasks.resizeColumnToContents(0)
        self.assignments.resizeColumnToContents(0)
        self.units_note.setText(units_note(doc))

    def apply_to(self, doc: ParsedDocument) -> None:
        """Drop what the user unticked."""
        doc.tasks = [t for r, t in enumerate(doc.tasks) if self.tasks.item(r, 0).checkState() == Qt.Checked]
        doc.assignments = [
            a for r, a in enumerate(doc.assignments) if self.assignments.item(r, 0).checkState() == Qt.Checked
        ]


def _units_item(task) -> QTableWidgetItem:
    """Lead and cooperating units; "≈" marks a name matched to the office's list by spelling,
    "*" one the list does not hold (the tooltip says what was written)."""

    def shown(name: str) -> str:
        written = [w for w, m in task.matched.items() if m == name]
        mark = " ≈" if written else " *" if name in task.unmatched else ""
        return f"{name}{mark}"

    parts = [shown(u) for u in task.units]
    if task.cooperating:
        parts.append("phối hợp: " + ", ".join(shown(c) for c in task.cooperating))
    item = _item("; ".join(parts))
    tips = [f"Văn bản ghi «{w}» — khớp với đơn vị «{m}» của cơ quan." for w, m in task.matched.items()]
    tips += [f"«{n}» chưa có trong danh sách đơn vị của cơ quan." for n in task.unmatched]
    if tips:
        item.setToolTip("\n".join(tips))
    return item


def units_note(doc: ParsedDocument) -> str:
    """One line over the task table: how many unit names were matched by spelling, how many are
    not in the office's list (asked before they are added)."""
    matched = {w for t in doc.tasks for w in t.matched} | {a.written for a in doc.assignments if a.written}
    new = {n for t in doc.tasks for n in t.unmatched} | {a.unit for a in doc.assignments if a.unmatched}
    parts = []
    if matched:
        parts.append(
            f"≈ {len(matched)} tên đơn vị khớp gần đúng với danh sách của cơ quan (di chuột để xem tên trong văn bản)"
        )
    if new:
        parts.append(f"* {len(new)} đơn vị chưa có trong danh sách — sẽ hỏi trước khi thêm")
    return "; ".join(parts) + ("." if parts else "")


class EndPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        layout.addWidget(self.text)

    def show_doc(self, doc: ParsedDocument) -> None:
        lines = []
        if doc.closing:
            lines += ["Đoạn kết:", doc.closing, ""]
        lines.append("Nơi nhận:")
        lines += [f"- {r}" for r in doc.recipients] or ["(không có)"]
        lines += ["", "Chữ ký:"]
        sig = doc.signature
        lines += [x for x in (sig.authority, sig.title, sig.name) if x] if sig else ["(không có)"]
        if doc.warnings:
            lines += ["", "Lưu ý:"] + [f"• {w}" for w in doc.warnings]
        self.text.setPlainText("\n".join(lines))

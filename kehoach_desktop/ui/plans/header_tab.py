"""Header of the plan (bodies, number line, place and date, trích yếu, numbering style)
and its căn cứ built from the registry, plus the closing paragraph.

Line edits commit on ``editingFinished``; the multi-line texts go through the same
autosave/commit path as the item text (never rewritten while typing).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import DateError, format_short, from_iso, parse_date
from ...core.models import SECURITY_LEVELS
from ...core.numbering import STYLES
from ...core.numbers import format_number_line
from ...store import autosave, plan_ops, plans
from .. import messages
from . import text_commit
from .text_commit import TextCommitter

LINE_FIELDS = {
    "title": "Trích yếu",
    "superior_body": "Cơ quan cấp trên",
    "issuer_body": "Cơ quan ban hành",
    "issuer_code": "Ký hiệu cơ quan",
    "place": "Địa danh",
}


class HeaderTab(QWidget):
    def __init__(self, editor):
        super().__init__(editor)
        self.editor = editor
        self.row = None
        self.lines: dict[str, QLineEdit] = {}
        # Line fields typed into and not committed yet (Enter / leaving the field commits; so do
        # Ctrl+S and closing the window, which do not always move the focus out first).
        self.dirty_lines: set[str] = set()
        form = QFormLayout()
        for key, label in LINE_FIELDS.items():
            edit = QLineEdit(self)
            edit.setObjectName(f"header_{key}")
            edit.editingFinished.connect(lambda k=key: self._line_done(k))
            edit.textEdited.connect(lambda _t, k=key: self.dirty_lines.add(k))
            text_commit.commit_when_idle(edit, lambda k=key: self._line_done(k) if k in self.dirty_lines else None)
            self.lines[key] = edit
            form.addRow(f"{label}:", edit)
        self.lines["issuer_code"].setPlaceholderText("ĐU, HU, BTGDUK… (dùng trong số: 12-KH/ĐU)")
        # The trích yếu is typed at length: keep it on disk while typing too (crash safety).
        self.title_stash = QTimer(self, singleShot=True, interval=text_commit.STASH_MS)
        self.title_stash.timeout.connect(lambda: editor._stash("field:title", self.lines["title"].text()))
        # Throttled like the text editors' stash: on disk at most STASH_MS after a key, typing or not.
        self.lines["title"].textEdited.connect(
            lambda _t: None if self.title_stash.isActive() else self.title_stash.start()
        )
        self.number_label = QLabel(self)
        form.addRow("Số:", self.number_label)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("ngày/tháng/năm — để trống đến khi ban hành")
        self.date.editingFinished.connect(self._date_done)
        form.addRow("Ngày:", self.date)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.editingFinished.connect(lambda: self._set({"year": self.year.value()}))
        form.addRow("Năm kế hoạch:", self.year)
        self.style = QComboBox(self)
        for name, st in STYLES.items():
            self.style.addItem(st.title, name)
        self.style.activated.connect(lambda _i: self._set({"numbering_style": self.style.currentData()}))
        # Issue 16: an imported plan shows its source's own labels until the user asks to renumber.
        self.btn_renumber = QPushButton("Đánh số &lại", self)
        self.btn_renumber.setToolTip(
            "Kế hoạch nhập vào đang giữ số thứ tự như văn bản gốc. Bấm để đánh số lại theo kiểu đã chọn."
        )
        self.btn_renumber.clicked.connect(self._renumber)
        style_row = QHBoxLayout()
        style_row.addWidget(self.style, 1)
        style_row.addWidget(self.btn_renumber)
        form.addRow("Đánh số:", style_row)
        self.security = QComboBox(self)
        for level in SECURITY_LEVELS:
            self.security.addItem(level, level)
        self.security.activated.connect(lambda _i: self._set({"security": self.security.currentData()}))
        form.addRow("Độ mật:", self.security)

        self.basis = QPlainTextEdit(self)
        self.basis.setObjectName("basisText")
        self.basis.setTabChangesFocus(True)  # Tab goes on (it typed tab characters and kept the keyboard)
        self.basis.setPlaceholderText("Căn cứ … (bấm «Chọn căn cứ từ sổ văn bản…» để tạo đúng thể thức)")
        self.basis_links = QLabel(self)
        self.basis_links.setWordWrap(True)
        self.btn_basis = QPushButton("Chọn căn cứ từ sổ văn bản…", self)
        self.btn_basis.clicked.connect(self.pick_basis)
        self.btn_unlink = QPushButton("Bỏ liên kết", self)
        self.btn_unlink.setToolTip("Bỏ liên kết với sổ văn bản (giữ nguyên đoạn căn cứ đã viết)")
        self.btn_unlink.clicked.connect(self.unlink_basis)
        self.closing = QPlainTextEdit(self)
        self.closing.setObjectName("closingText")
        self.closing.setTabChangesFocus(True)
        self.closing.setPlaceholderText("Trên đây là Kế hoạch …")
        self.basis_commit = TextCommitter(self.basis, editor._stash, editor._commit_text, editor)
        self.closing_commit = TextCommitter(self.closing, editor._stash, editor._commit_text, editor)
        basis_row = QHBoxLayout()
        basis_row.addWidget(self.basis_links, 1)
        basis_row.addWidget(self.btn_unlink)
        basis_row.addWidget(self.btn_basis)
        QWidget.setTabOrder(self.btn_unlink, self.btn_basis)  # left to right, as on screen
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Căn cứ</b>", self))
        layout.addWidget(self.basis, 2)
        layout.addLayout(basis_row)
        layout.addWidget(QLabel("<b>Đoạn kết</b>", self))
        layout.addWidget(self.closing, 1)

    # -- loading -----------------------------------------------------------------------------------
    def load(self, db, row, read_only: bool) -> None:
        same_plan = self.row is not None and self.row["id"] == row["id"]
        if not same_plan:
            self.dirty_lines.clear()
        self.row = row
        for key, edit in self.lines.items():
            if key not in self.dirty_lines and not edit.hasFocus() and edit.text() != (row[key] or ""):
                edit.setText(row[key] or "")
                edit.setCursorPosition(0)  # a long trích yếu shows its beginning, not its last words
            edit.setReadOnly(read_only)
        self.number_label.setText(format_number_line(row["number"], row["type_code"], row["issuer_code"]))
        if not self.date.hasFocus():
            self.date.setText(format_short(from_iso(row["plan_date"])))
        self.date.setReadOnly(read_only)
        if row["year"]:
            self.year.setValue(int(row["year"]))
        self.style.setCurrentIndex(max(0, self.style.findData(row["numbering_style"])))
        self.security.setCurrentIndex(max(0, self.security.findData(row["security"])))
        for w in (self.year, self.style, self.security, self.btn_basis, self.btn_unlink):
            w.setEnabled(not read_only)
        self.btn_renumber.setVisible(plans.has_source_labels(db, row["id"]))
        self.btn_renumber.setEnabled(not read_only)
        pid = row["id"]
        for commit, key, widget in (
            (self.basis_commit, "basis", self.basis),
            (self.closing_commit, "closing", self.closing),
        ):
            target = f"field:{key}"
            stored = row[plans.column(key)]
            if commit.target != target or (not commit.pending and widget.toPlainText() != stored):
                stepped = self.editor.ctx.stepping and same_plan and widget.toPlainText() != (stored or "")
                commit.set_text(target, stored, in_place=same_plan, to_change=self.editor.ctx.stepping)
                if stepped:  # Ctrl+Z from another page changed this field: show it, as for an item
                    self.editor.show_page(self)
                    widget.setFocus()
            widget.setReadOnly(read_only)
        linked = plans.basis_links(db, pid)
        self.basis_links.setText(
            "Liên kết với sổ: "
            + (
                "; ".join(f"{r['doc_type']} {r['number']}" for r in linked)
                if linked
                else "chưa có (kế hoạch chưa hiện trong cây thực hiện)"
            )
        )

    def commit_pending(self) -> None:
        for key in list(self.dirty_lines):
            self._line_done(key)
        self.basis_commit.commit_now()
        self.closing_commit.commit_now()

    def focus_field(self, name: str) -> None:
        widget = {
            "basis": self.basis,
            "closing": self.closing,
        }.get(name) or self.lines.get(name)
        if widget is not None:
            widget.setFocus()

    # -- committing -----------------------------------------------------------------------------
    def _renumber(self) -> None:
        if self.row is None or self.editor.read_only:
            return
        self.editor.ctx.push(plan_ops.RenumberPlan(self.row["id"]))

    def _set(self, changes: dict) -> None:
        if self.row is None or self.editor.read_only:
            return
        changed = {k: v for k, v in changes.items() if self.row[plans.column(k)] != v}
        if changed:
            self.editor.ctx.push(plan_ops.UpdateHeader(self.editor.ctx.db, self.row["id"], changed))

    def _line_done(self, key: str) -> None:
        self.dirty_lines.discard(key)
        if key == "title":
            self.title_stash.stop()
        value = self.lines[key].text().strip()
        if key in ("superior_body", "issuer_body"):
            value = value.upper()  # printed upper case; stored as printed
        self._set({key: value})
        if key == "title" and self.row is not None and not self.editor.read_only:
            autosave.clear(self.editor.ctx.db, self.row["id"], "field:title")

    def _date_done(self) -> None:
        text = self.date.text().strip()
        if not text:
            self._set({"date": None})
            return
        try:
            day = parse_date(text)
        except DateError as exc:
            messages.error(self, str(exc))
            return
        self._set({"date": day.isoformat()})

    def pick_basis(self) -> None:
        from ..registry.picker import DirectivePicker

        if self.row is None:
            return
        ctx = self.editor.ctx
        dialog = DirectivePicker(ctx, self, multi=True)
        dialog.setWindowTitle("Chọn các văn bản làm căn cứ")
        if not dialog.exec() or not dialog.selected_ids():
            return
        self.commit_pending()
        current = plans.basis_ids(ctx.db, self.row["id"])
        ids = list(dict.fromkeys(current + dialog.selected_ids()))
        ctx.push(plan_ops.SetBasis(ctx.db, self.row["id"], ids))

    def unlink_basis(self) -> None:
        if self.row is None:
            return
        self.commit_pending()
        ctx = self.editor.ctx
        text = plans.get_row(ctx.db, self.row["id"])["basis_text"]
        ctx.push(plan_ops.SetBasis(ctx.db, self.row["id"], [], text=text))

"""The document form: register or edit a directive, or fill it from a pasted citation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ...core.citations import CITABLE_TYPES, Citation, parse_citation
from ...core.dates import DateError, format_short, parse_date
from ...core.models import SECURITY_LEVELS
from ...core.numbers import NumberError, parse_number
from ...core.text import clean
from ...store import directives
from .. import messages
from ..context import AppContext
from ..forms import load_form
from ..screen import fit_to_screen
from .picker import pick_directive

ID_ROLE = 0x0100 + 1


class _CancelGuard(QObject):
    """Esc and the window's × go through :meth:`DirectiveForm.may_discard` first."""

    def __init__(self, form: DirectiveForm):
        super().__init__(form.dialog)
        self.form = form

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape and not event.modifiers():
            self.form.cancel()
            return True
        if (
            event.type() == QEvent.Close
            and event.spontaneous()  # the window's ×, not the program closing its windows
            and self.form.dialog.isVisible()
            and not self.form.may_discard()
        ):
            event.ignore()
            return True
        return False


class DirectiveForm:
    """Wraps ``forms/directive_form.ui``. ``values()`` returns a dict for the store."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, directive_id: int | None = None):
        self.ctx = ctx
        self.directive_id = directive_id
        self.dialog: QDialog = load_form("directive_form", parent)
        # The fields scroll (forms/directive_form.ui) where the screen is shorter than the form.
        fit_to_screen(self.dialog, 640, 640, center=False)
        f = self.dialog.findChild
        self.citation: QPlainTextEdit = f(QPlainTextEdit, "citationEdit")
        self.warning: QLabel = f(QLabel, "warningLabel")
        self.type: QComboBox = f(QComboBox, "typeCombo")
        self.number: QLineEdit = f(QLineEdit, "numberEdit")
        self.date: QLineEdit = f(QLineEdit, "dateEdit")
        self.issuer: QComboBox = f(QComboBox, "issuerCombo")
        self.summary: QPlainTextEdit = f(QPlainTextEdit, "summaryEdit")
        self.level: QComboBox = f(QComboBox, "levelCombo")
        self.security: QComboBox = f(QComboBox, "securityCombo")
        self.parents: QListWidget = f(QListWidget, "parentsList")
        self.due: QLineEdit = f(QLineEdit, "dueEdit")
        self.notes: QPlainTextEdit = f(QPlainTextEdit, "notesEdit")
        self.attach_name: QLabel = f(QLabel, "attachName")
        self.attachment_path: str | None = None
        buttons: QDialogButtonBox = f(QDialogButtonBox, "buttonBox")
        buttons.button(QDialogButtonBox.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.cancel)
        f(QPushButton, "fillButton").clicked.connect(self.fill_from_citation)
        f(QPushButton, "addParentButton").clicked.connect(self._add_parent)
        f(QPushButton, "removeParentButton").clicked.connect(self._remove_parent)
        f(QPushButton, "attachButton").clicked.connect(self._choose_attachment)
        self.open_attach = f(QPushButton, "openAttachButton")
        self.open_attach.clicked.connect(self._open_attachment)
        # Checks run when a field is left, never while typing (Unikey sends backspaces).
        self.number.editingFinished.connect(self.check_conflicts)
        self.date.editingFinished.connect(self._normalise_date)
        self.issuer.lineEdit().editingFinished.connect(self.check_conflicts)

        self.type.addItems(CITABLE_TYPES)
        self.type.setCurrentText("")
        db = ctx.db
        self.issuer.addItems(directives.issuers(db))
        self.issuer.setCurrentText("")
        self.level.addItems([name for _, name in directives.levels(db)])
        self.level.setCurrentText("")
        self.security.addItems(list(SECURITY_LEVELS))
        self.open_attach.setEnabled(False)
        from .relations import RelationsEditor

        self.relations = RelationsEditor(ctx, self.dialog, directive_id)
        if directive_id is not None:
            self._load(directive_id)
            self.dialog.setWindowTitle("Sửa văn bản")
            self.type.setFocus()  # editing: start at the first field
        else:
            self.dialog.setWindowTitle("Thêm văn bản")
            self.citation.setFocus()  # a new document: paste the citation first
        # Esc, «Hủy» and the window's × ask before throwing away what was typed.
        self._as_opened = self._typed()
        self._guard = _CancelGuard(self)
        self.dialog.installEventFilter(self._guard)

    def _typed(self) -> tuple:
        """What the user can type or choose here, to tell whether anything changed."""
        return (
            self.citation.toPlainText(),
            self.type.currentText(),
            self.number.text(),
            self.date.text(),
            self.issuer.currentText(),
            self.summary.toPlainText(),
            self.level.currentText(),
            self.security.currentText(),
            tuple(self.parents.item(i).data(ID_ROLE) for i in range(self.parents.count())),
            self.due.text(),
            self.notes.toPlainText(),
            self.attachment_path,
        )

    def may_discard(self) -> bool:
        """True when nothing was typed, or the user agrees to throw it away."""
        if self._typed() == self._as_opened:
            return True
        return messages.confirm(
            self.dialog,
            "Bỏ những gì vừa nhập vào văn bản này? Chưa có gì được lưu vào sổ.",
            title="Đóng mà không lưu",
            yes="Bỏ, không lưu",
            no="Tiếp tục sửa",
        )

    def cancel(self) -> None:
        if self.may_discard():
            self.dialog.reject()

    # -- loading and filling ---------------------------------------------------------
    def _load(self, directive_id: int) -> None:
        d = directives.get(self.ctx.db, directive_id)
        if d is None:
            return
        self.type.setCurrentText(d.doc_type)
        self.number.setText(d.number)
        self.date.setText(format_short(d.issued_on))
        self.issuer.setCurrentText(d.issuer)
        self.summary.setPlainText(d.summary)
        self.level.setCurrentText(d.level)
        self.security.setCurrentText(d.security)
        self.due.setText(format_short(d.implement_due))
        self.notes.setPlainText(d.notes)
        for pid in d.parent_ids:
            self._add_parent_item(pid)
        if d.attachment_name:
            self.attach_name.setText(d.attachment_name)
            self.open_attach.setEnabled(True)

    def fill_from_citation(self) -> bool:
        cite = parse_citation(self.citation.toPlainText())
        if cite is None:
            self.warning.setText(
                "Không nhận ra trích dẫn. Hãy dán dạng: «Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về …»."
            )
            return False
        data = directives.from_citation(cite)
        self.type.setCurrentText(data["doc_type"])
        self.number.setText(data["number"])
        self.date.setText(format_short(data["issued_on"]))
        if data["issuer"]:
            self.issuer.setCurrentText(data["issuer"])
        if data["summary"]:
            self.summary.setPlainText(data["summary"])
        if data.get("level"):
            self.level.setCurrentText(data["level"])
        self.check_conflicts()
        self.type.setFocus()  # review the filled fields; Enter saves
        return True

    def _normalise_date(self) -> None:
        text = self.date.text().strip()
        if not text:
            return
        try:
            self.date.setText(format_short(parse_date(text)))
            self.check_conflicts()
        except DateError as exc:
            self.warning.setText(str(exc))

    def check_conflicts(self) -> list[str]:
        number = self.number.text().strip()
        if not number:
            self.warning.setText("")
            return []
        try:
            canon = parse_number(number).format()
        except NumberError as exc:
            self.warning.setText(str(exc))
            return [str(exc)]
        try:
            date = parse_date(self.date.text()) if self.date.text().strip() else None
        except DateError:
            date = None
        cite = Citation(self.type.currentText(), canon, date, clean(self.issuer.currentText()).strip())
        found = list(directives.conflicts(self.ctx.db, cite))
        if self.directive_id is not None:
            # Editing a document must not warn about itself.
            own = directives.get_row(self.ctx.db, self.directive_id)
            if own is not None and own["number"] == canon and len(directives.find_by_number(self.ctx.db, canon)) == 1:
                found = []
        self.warning.setText("\n".join(found))
        return found

    # -- parents and attachment -------------------------------------------------------
    def _add_parent_item(self, pid: int) -> None:
        d = directives.get(self.ctx.db, pid)
        if d is None:
            return
        for i in range(self.parents.count()):
            if self.parents.item(i).data(ID_ROLE) == pid:
                return
        item = QListWidgetItem(f"{d.doc_type} {d.number}")
        item.setData(ID_ROLE, pid)
        self.parents.addItem(item)

    def _add_parent(self) -> None:
        pid = pick_directive(self.ctx, self.dialog, exclude=self.directive_id)
        if pid is not None:
            self._add_parent_item(pid)

    def _remove_parent(self) -> None:
        for item in self.parents.selectedItems():
            self.parents.takeItem(self.parents.row(item))

    def _choose_attachment(self) -> None:
        from .. import files

        path = files.open_file(
            self.dialog, "Chọn tệp gốc", "Văn bản (*.pdf *.docx *.doc *.png *.jpg *.jpeg *.tif *.tiff);;Mọi tệp (*)"
        )
        if path:
            self.attachment_path = path
            self.attach_name.setText(Path(path).name)

    def _open_attachment(self) -> None:
        if self.directive_id is None:
            return
        row = directives.get_row(self.ctx.db, self.directive_id)
        if row is None or row["attachment_id"] is None:
            return
        found = directives.attachment(self.ctx.db, row["attachment_id"])
        if found is None:
            return
        import tempfile

        name, data = found
        target = Path(tempfile.mkdtemp(prefix="kehoach-")) / name
        target.write_bytes(data)
        from .. import files

        files.open_path(target, self.dialog)

    # -- values ----------------------------------------------------------------------------
    def values(self) -> dict:
        """The form's content for the store; raises ValueError with a message on bad input."""
        data: dict = {
            "doc_type": clean(self.type.currentText()).strip(),
            "issuer": self.issuer.currentText(),
            "summary": self.summary.toPlainText(),
            "level": self.level.currentText().strip() or None,
            "security": self.security.currentText(),
            "notes": self.notes.toPlainText(),
            "parent_ids": [self.parents.item(i).data(ID_ROLE) for i in range(self.parents.count())],
        }
        if not data["doc_type"]:
            raise ValueError("Chưa chọn loại văn bản: hãy chọn ở ô «Loại văn bản» (ví dụ Hướng dẫn, Kết luận).")
        number = self.number.text().strip()
        data["number"] = parse_number(number).format() if number else ""
        data["issued_on"] = parse_date(self.date.text()) if self.date.text().strip() else None
        data["implement_due"] = parse_date(self.due.text()) if self.due.text().strip() else None
        if self.attachment_path:
            data["attachment_path"] = self.attachment_path
        if data["level"] is None:
            data.pop("level")
        return data

    def _accept(self) -> None:
        try:
            self.values()
        except ValueError as exc:  # NumberError and DateError are ValueErrors
            self.warning.setText(str(exc))
            self._focus_invalid()
            return
        self.dialog.accept()

    def _focus_invalid(self) -> None:
        """Put the cursor in the field the warning is about (on a small screen it may be scrolled away)."""

        def bad(parse, text: str) -> bool:
            try:
                parse(text)
            except ValueError:
                return True
            return False

        if not clean(self.type.currentText()).strip():
            field = self.type
        elif self.number.text().strip() and bad(parse_number, self.number.text().strip()):
            field = self.number
        elif self.date.text().strip() and bad(parse_date, self.date.text()):
            field = self.date
        elif self.due.text().strip() and bad(parse_date, self.due.text()):
            field = self.due
        else:
            return
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.selectAll()

    def exec(self) -> bool:
        return self.dialog.exec() == QDialog.Accepted

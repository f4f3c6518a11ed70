"""Nhập văn bản: choose a .docx/.txt or paste text, review what was recognised, save.

Two steps in one dialog: the source (file or pasted text) and the review (header,
tree, references with their registry state, proposed tasks and assignments, Nơi
nhận and signature). The user chooses what it becomes: our own plan (with a status)
or another office's document in the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import oserrors
from ...core.models import PLAN_STATUSES
from ...importer import ImportFailure, parse_file, parse_text
from ...importer.import_ops import ImportDocument, RegisterReferences
from ...importer.model import ParsedDocument
from ...importer.persist import (
    SaveOptions,
    new_unit_names,
    reference_states,
    registered_structure,
    save_as_plan,
)
from ...importer.protect import duplicate_warning, import_target, partial_matches
from ...importer.readers import SLOW_SUFFIXES
from ...store.commands import Changes
from ...store.profile import units
from .. import messages
from .review import EndPage, HeaderPage, ReferencesPage, TasksPage, TreePage


def _read_on_worker(progress, cancelled, path: str, known: list[str]) -> ParsedDocument:
    from ...importer.ocr import cancellable

    progress(-1, f"Đang đọc «{Path(path).name}»… Ảnh quét được nhận dạng chữ từng trang, có thể mất vài chục giây.")
    with cancellable(cancelled):  # «Hủy» stops Tesseract, not only the result
        return parse_file(path, known)


FILE_FILTER = (
    "Văn bản (*.docx *.pdf *.txt *.png *.jpg *.jpeg *.tif *.tiff);;Word (*.docx);;PDF (*.pdf);;"
    "Ảnh quét (*.png *.jpg *.jpeg *.tif *.tiff);;Văn bản thuần (*.txt);;Mọi tệp (*)"
)


class ImportDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, *, path: str | None = None, text: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.doc: ParsedDocument | None = None
        self.saved: tuple[str, int] | None = None  # ("plan" | "directive", id)
        self.duplicate: str | None = None  # where the same file was imported before (asked again on «Lưu»)
        self.reading: Any = None  # the worker job reading a PDF or scan, while it runs
        self.setWindowTitle("Nhập văn bản")
        self._fit_screen(980, 680)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._source_page())
        self.stack.addWidget(self._review_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.buttons = QDialogButtonBox(self)
        self.back_button = self.buttons.addButton("← &Quay lại", QDialogButtonBox.ResetRole)
        self.next_button = self.buttons.addButton("&Nhận dạng →", QDialogButtonBox.ActionRole)
        self.save_button = self.buttons.addButton("&Lưu", QDialogButtonBox.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.RejectRole)
        self.back_button.clicked.connect(lambda: self._go(0))
        self.next_button.clicked.connect(self.recognise)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._primary)
        self._go(0)
        if path:
            self.path_edit.setText(path)
            self.file_radio.setChecked(True)
        elif text:
            self.paste_edit.setPlainText(text)
            self.paste_radio.setChecked(True)

    def _fit_screen(self, width: int, height: int) -> None:
        """Never larger than the screen (1366×768 at 100 %, 1280×720 logical at 150 %)."""
        screen = (self.parent().screen() if self.parent() is not None else None) or self.screen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, int(area.width() * 0.92)), min(height, int(area.height() * 0.88))
        self.resize(width, height)

    # -- step 1: source -------------------------------------------------------------------
    def _source_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.file_radio = QRadioButton("Chọn &tệp Word (.docx), PDF, ảnh quét hoặc văn bản (.txt):", page)
        self.paste_radio = QRadioButton("&Dán nội dung văn bản (ví dụ chép từ PDF, thư điện tử, Zalo):", page)
        group = QButtonGroup(page)
        group.addButton(self.file_radio)
        group.addButton(self.paste_radio)
        self.file_radio.setChecked(True)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(page)
        self.path_edit.setPlaceholderText("Đường dẫn tệp…")
        browse = QPushButton("&Chọn tệp…", page)
        browse.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.paste_edit = QPlainTextEdit(page)
        self.paste_edit.setPlaceholderText("Dán toàn bộ văn bản vào đây (Ctrl+V)…")
        self.paste_edit.setTabChangesFocus(True)  # Tab goes on to «Nhận dạng →» (pasted tabs are kept)
        self.path_edit.textEdited.connect(lambda _t: self.file_radio.setChecked(True))
        self.paste_edit.textChanged.connect(
            lambda: self.paste_radio.setChecked(True) if self.paste_edit.toPlainText() else None
        )
        layout.addWidget(self.file_radio)
        layout.addLayout(row)
        layout.addWidget(self.paste_radio)
        layout.addWidget(self.paste_edit, 1)
        hint = QLabel(
            "Tệp .doc (Word 97–2003) hãy mở bằng Word và lưu lại dạng .docx trước. "
            "Tệp dùng phông chữ cũ TCVN3 (.VnTime) hoặc VNI được tự chuyển sang Unicode.",
            page,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        return page

    def browse(self) -> None:
        from .. import files

        path = files.open_file(self, "Chọn văn bản cần nhập", FILE_FILTER)
        if path:
            self.path_edit.setText(path)
            self.file_radio.setChecked(True)

    # -- step 2: review ------------------------------------------------------------------------
    def _review_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.review_title = QLabel(page)
        self.review_title.setWordWrap(True)
        layout.addWidget(self.review_title)
        self.tabs = QTabWidget(page)
        self.header_page = HeaderPage(page)
        self.tree_page = TreePage(page)
        self.refs_page = ReferencesPage(page)
        self.tasks_page = TasksPage(page)
        self.end_page = EndPage(page)
        self.tabs.addTab(self.header_page, "&Phần đầu")
        self.tabs.addTab(self.tree_page, "Cây &mục")
        self.tabs.addTab(self.refs_page, "&Văn bản trích dẫn")
        self.tabs.addTab(self.tasks_page, "&Nhiệm vụ")
        self.tabs.addTab(self.end_page, "Nơi nhận, chữ &ký")
        layout.addWidget(self.tabs, 1)
        self.refs_page.register_button.clicked.connect(self.register_new_references)
        row = QHBoxLayout()
        target_label = QLabel("Lưu &thành:", page)
        row.addWidget(target_label)
        self.target = QComboBox(page)
        target_label.setBuddy(self.target)
        self.target.addItem("Kế hoạch của cơ quan mình", "plan")
        self.target.addItem("Văn bản của cơ quan khác (vào sổ văn bản)", "directive")
        self.status = QComboBox(page)
        for key in ("draft", "review", "issued"):
            self.status.addItem(PLAN_STATUSES[key], key)
        row.addWidget(self.target)
        status_label = QLabel("Trạng thá&i:", page)
        status_label.setBuddy(self.status)
        row.addWidget(status_label)
        row.addWidget(self.status)
        row.addStretch(1)
        self.target.currentIndexChanged.connect(lambda _i: self.status.setEnabled(self.target.currentData() == "plan"))
        layout.addLayout(row)
        self.target_reason = QLabel(page)  # why «Lưu thành» was chosen (issue 16)
        self.target_reason.setWordWrap(True)
        layout.addWidget(self.target_reason)
        self._proposed: tuple[str, str] = ("", "")  # (kind, reason) the program proposed
        # The reason speaks of the program's choice: once the user picks the other, it would contradict
        # her («… lưu thành kế hoạch của cơ quan mình» under «Văn bản của cơ quan khác», the walk).
        self.target.currentIndexChanged.connect(self._target_chosen)
        return page

    def _go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.back_button.setVisible(index == 1)
        self.next_button.setVisible(index == 0)
        self.save_button.setVisible(index == 1)
        (self.next_button if index == 0 else self.save_button).setDefault(True)

    def _primary(self) -> None:
        (self.recognise if self.stack.currentIndex() == 0 else self.save)()

    # -- actions ------------------------------------------------------------------------------------
    def recognise(self) -> bool:
        """Read the source and show the review. A .docx, .txt or pasted text is read at once; a
        PDF or an image is read on a worker behind a progress dialog with «Hủy», the window
        staying responsive (OCR of a scan takes tens of seconds) — True then means the reading
        has started and the review follows when it is done."""
        if self.reading is not None:
            return False  # already reading; the progress dialog says so
        known = [row["name"] for row in units(self.ctx.db)]
        try:
            if self.paste_radio.isChecked():
                doc = parse_text(self.paste_edit.toPlainText(), known)
            else:
                path = self.path_edit.text().strip().strip('"')
                if not path:
                    messages.error(self, "Chưa chọn tệp. Hãy bấm «Chọn tệp…» hoặc dán nội dung văn bản.")
                    return False
                if Path(path).suffix.lower() in SLOW_SUFFIXES:
                    self.next_button.setEnabled(False)
                    self.reading = self.ctx.run_job(
                        self,
                        "Nhận dạng văn bản",
                        _read_on_worker,
                        path,
                        known,
                        on_done=self._read_done,
                        on_error=self._read_failed,
                    )
                    return True
                doc = parse_file(path, known)
        except ImportFailure as exc:
            messages.error(self, str(exc), "Không nhập được")
            return False
        self.show_doc(doc)
        self._go(1)
        return True

    def _read_done(self, doc: ParsedDocument) -> None:
        job, self.reading = self.reading, None
        self.next_button.setEnabled(True)
        if job is not None and job.cancelled:
            return  # «Hủy» pressed: the reading finished in the background and is dropped
        self.show_doc(doc)
        self._go(1)

    def _read_failed(self, exc: BaseException) -> None:
        job, self.reading = self.reading, None
        self.next_button.setEnabled(True)
        if job is not None and job.cancelled:
            return
        if isinstance(exc, ImportFailure):
            messages.error(self, str(exc), "Không nhập được")
        else:
            messages.error(self, oserrors.user_message(exc), "Không nhập được")

    def show_doc(self, doc: ParsedDocument) -> None:
        self.doc = doc
        kind = doc.doc_type_line or doc.doc_type
        self.review_title.setText(
            f"<b>{kind} {doc.number or '(chưa có số)'}</b> — {doc.title or '(chưa nhận ra trích yếu)'}<br>"
            f"{len(list(doc.walk()))} mục, {len(doc.references)} văn bản trích dẫn, {len(doc.tasks)} nhiệm vụ, "
            f"{len(doc.assignments)} phân công. Hãy soát lại rồi bấm Lưu."
        )
        self.header_page.show_doc(doc)
        self.tree_page.show_doc(doc)
        self.tasks_page.show_doc(doc)
        self.end_page.show_doc(doc)
        self.refresh_references()
        self.status.setCurrentIndex(self.status.findData("issued" if doc.is_issued else "draft"))
        # Issue 16: another body's document goes to the registry unless the user says otherwise,
        # and a file imported before is pointed out.
        target = import_target(doc, self.ctx.profile, self.ctx.db)
        self.target.setCurrentIndex(self.target.findData(target.kind))
        self.target_reason.setText(target.reason)
        self._proposed = (target.kind, target.reason)
        for warning in partial_matches(self.ctx.db, doc)[1]:
            if warning not in doc.warnings:
                doc.warnings.append(warning)  # a citation without its symbol matched no single document
        duplicate = duplicate_warning(self.ctx.db, doc.source_sha256, pasted=not doc.source_path)
        self.duplicate = duplicate
        if duplicate and duplicate not in doc.warnings:
            doc.warnings.insert(0, duplicate)
            self.end_page.show_doc(doc)
        if duplicate:
            from html import escape

            self.review_title.setText(f"{self.review_title.text()}<br><b>⚠ {escape(duplicate)}</b>")
        self.tabs.setCurrentIndex(0)

    def refresh_references(self) -> None:
        if self.doc is not None:
            self.refs_page.show_states(reference_states(self.ctx.db, self.doc.references))

    def register_new_references(self) -> None:
        if self.doc is None:
            return
        if self.ctx.push(RegisterReferences(self.doc.references)) is not None:
            self.refresh_references()

    def _target_chosen(self, _index: int) -> None:
        kind, reason = self._proposed
        if self.target.currentData() == kind or not kind:
            self.target_reason.setText(reason)
        elif self.target.currentData() == "directive":
            self.target_reason.setText("Bạn chọn lưu vào sổ văn bản chỉ đạo, như văn bản của cơ quan khác.")
        else:
            self.target_reason.setText("Bạn chọn lưu thành kế hoạch của cơ quan mình.")

    def save(self) -> bool:
        if self.doc is None:
            return False
        try:
            self.header_page.apply_to(self.doc)
        except ValueError as exc:
            messages.error(self, str(exc))
            self.tabs.setCurrentIndex(0)
            return False
        self.tasks_page.apply_to(self.doc)
        # The same file again: a second copy (37 tasks twice in Theo dõi) was one Enter away (the walk).
        if self.duplicate and not messages.confirm(
            self,
            f"{self.duplicate} Vẫn lưu thêm một bản nữa?",
            title="Văn bản đã nhập",
            yes="Vẫn lưu thêm",
            no="Không lưu",
            safe_default=True,
        ):
            return False
        as_directive = self.target.currentData() == "directive"
        status = self.status.currentData()
        options = SaveOptions(status=status)
        issued = not as_directive and status == "issued"
        # An issued plan cannot be deleted, so its import is not undoable: ask first.
        if issued and not messages.confirm(
            self,
            "Lưu thành kế hoạch ĐÃ BAN HÀNH? Kế hoạch đã ban hành không sửa, không "
            "xóa được (chỉ tạo bản sửa đổi, bổ sung).",
            yes="Lưu",
        ):
            return False
        new_units = [] if as_directive else new_unit_names(self.ctx.db, self.doc)
        if new_units:
            # Issue 16: another office's units are never added to ours without asking.
            shown = ", ".join(f"«{n}»" for n in new_units[:8]) + (" …" if len(new_units) > 8 else "")
            options.add_new_units = messages.confirm(
                self,
                f"Văn bản nêu {len(new_units)} đơn vị chưa có trong danh sách đơn vị của cơ quan: {shown}. "
                "Thêm các đơn vị này vào danh sách? (Chọn «Không thêm» thì các nhiệm vụ vẫn được lưu, "
                "chỉ không gắn các đơn vị đó.)",
                yes="Thêm vào danh sách",
                no="Không thêm",
            )
        if issued:
            try:
                plan_id = save_as_plan(self.ctx.db, self.doc, options)
            except (ImportFailure, ValueError) as exc:
                messages.error(self, str(exc), "Không lưu được")
                return False
            self.ctx.notify(Changes(plans={plan_id}, structure=True))
            self.saved = ("plan", plan_id)
        else:
            replace = False
            kept = registered_structure(self.ctx.db, self.doc) if as_directive else None
            if kept is not None:
                # Issue 16: a second form of one document (its PDF after its .docx) never replaces
                # the structure read before without asking.
                replace = messages.confirm(
                    self,
                    f"Sổ văn bản đã có văn bản số {kept['number']} kèm cấu trúc từ lần nhập trước. "
                    "Thay cấu trúc đó bằng cấu trúc vừa nhận dạng?",
                    yes="Thay cấu trúc",
                    no="Giữ cấu trúc cũ",
                )
            command = ImportDocument(self.doc, as_directive=as_directive, options=options, replace_structure=replace)
            try:
                changes = self.ctx.push(command)
            except ImportFailure as exc:
                messages.error(self, str(exc), "Không lưu được")
                return False
            if changes is None:
                return False
            self.saved = ("directive" if as_directive else "plan", command.id)
        self.accept()
        return True


def open_result(window, saved: tuple[str, int] | None) -> None:
    """Show what was imported: the plan in the editor, or the document in the registry."""
    if not saved:
        return
    kind, new_id = saved
    if kind == "plan":
        window.plans_panel.open_plan(new_id)
    elif kind == "directive":
        window.show_tab("registry")
        window.registry_panel.refresh()
        window.registry_panel.select(new_id)

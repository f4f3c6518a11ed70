"""Nhập văn bản (issue 9): menu actions for importing one document or a whole folder.

One document goes through :class:`.dialog.ImportDialog` (review before saving);
a folder is imported on a worker thread with a progress bar and a summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .drop import DropFilter


class ImportActions:
    """What the import feature keeps: its drop filter and the last dialog / folder summary
    (the window holds this as ``window.importer``)."""

    def __init__(self, drop_filter: DropFilter):
        self.drop_filter = drop_filter
        self.dialog: Any = None  # the last ImportDialog
        self.structure_dialog: Any = None  # the last «Xem cấu trúc» dialog
        self.last_summary: Any = None  # the last folder import's summary


def install(window: MainWindow) -> ImportActions:
    window.add_action(
        "file", "&Nhập văn bản (Word, PDF, ảnh quét, dán)…", lambda: import_document(window), "Ctrl+I", toolbar=True
    )
    # Dropping a document the importer reads (or a folder) imports it; other files pass through.
    from .drop import DropFilter

    actions = ImportActions(DropFilter(window))
    window.setAcceptDrops(True)
    window.when_up(lambda: window.installEventFilter(actions.drop_filter))  # issue 19: not while the window is built
    window.add_action("file", "Nhập cả &thư mục…", lambda: import_folder(window), "Ctrl+Shift+I")
    window.menus["file"].addSeparator()
    window.add_action("registry", "&Nhập văn bản từ tệp…", lambda: import_document(window))
    window.add_action("registry", "Xem &cấu trúc văn bản đã nhập", lambda: show_structure(window), "Ctrl+Shift+U")
    return actions


def show_structure(window, directive_id: int | None = None):
    """The outline of a registry document imported with its structure (read-only)."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

    from ...importer.outline import outline_text
    from ...store import directives
    from .. import messages

    panel = window.registry_panel
    if directive_id is None:
        directive_id = panel.current_id_in(panel.current_view())
    if directive_id is None:
        messages.info(window, "Hãy chọn một văn bản trong sổ văn bản trước.")
        return None
    row = directives.get_row(window.ctx.db, directive_id)
    if row is None or not row["structure_json"]:
        messages.info(
            window,
            "Văn bản này được nhập tay nên không có cấu trúc. Dùng Tệp → Nhập văn bản để nhập cả nội dung của văn bản.",
        )
        return None
    dialog = QDialog(window)
    dialog.setWindowTitle(f"Cấu trúc — {row['doc_type']} {row['number']}".strip())
    dialog.resize(820, 640)
    layout = QVBoxLayout(dialog)
    view = QPlainTextEdit(dialog)
    view.setReadOnly(True)
    view.setPlainText(outline_text(row["structure_json"]))
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.Close, dialog)
    buttons.button(QDialogButtonBox.Close).setText("Đóng")
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    window.importer.structure_dialog = dialog
    dialog.open()
    return dialog


def import_document(window, path: str | None = None, text: str | None = None):
    from .dialog import ImportDialog, open_result

    if window.ctx.read_only:
        from .. import messages

        messages.error(window, "Tệp dữ liệu đang mở ở chế độ chỉ đọc nên không nhập được văn bản.")
        return None
    dialog = ImportDialog(window.ctx, window, path=path, text=text)
    window.importer.dialog = dialog
    if dialog.exec():
        open_result(window, dialog.saved)
    return dialog.saved


ASK = "ask"
_MODES: dict[str, bool | None] = {"auto": None, "plan": False, "directive": True}


def ask_folder_mode(window) -> str:
    """ "auto" (each file by its issuer, the default), "plan", "directive", or "" when cancelled."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Question, "Nhập cả thư mục", "Lưu các văn bản trong thư mục thành gì?", QMessageBox.NoButton, window
    )
    box.setInformativeText(
        "Theo cơ quan ban hành (nên chọn): văn bản của cơ quan khác vào sổ văn bản, văn bản của cơ quan "
        "mình thành kế hoạch.\n"
        "Kế hoạch: tất cả là văn bản của cơ quan mình (có số và ngày thì lưu là Đã ban hành).\n"
        "Sổ văn bản: tất cả là văn bản của cơ quan khác, lưu kèm cấu trúc.\n"
        "Tệp đã nhập trước đây (cùng nội dung) được bỏ qua."
    )
    buttons = {
        "auto": box.addButton("Theo cơ quan &ban hành", QMessageBox.AcceptRole),
        "plan": box.addButton("&Kế hoạch", QMessageBox.AcceptRole),
        "directive": box.addButton("&Sổ văn bản", QMessageBox.AcceptRole),
    }
    box.addButton("Hủy", QMessageBox.RejectRole)
    box.setDefaultButton(buttons["auto"])
    box.exec()
    return next((mode for mode, button in buttons.items() if box.clickedButton() is button), "")


def import_folder(window, folder: str | None = None, as_directive: bool | str | None = ASK):
    """Import every document of a folder off the GUI thread; returns the job.

    *as_directive*: True the registry, False our plans, None each file by its issuer
    (issue 16); left out, the user is asked (the default answer: by its issuer)."""
    from ...importer.folder import import_paths
    from ...importer.persist import SaveOptions
    from ...store.commands import Changes
    from .. import messages

    ctx = window.ctx
    if ctx.read_only:
        messages.error(window, "Tệp dữ liệu đang mở ở chế độ chỉ đọc nên không nhập được văn bản.")
        return None
    if folder is None:
        from .. import files

        folder = files.choose_folder(window, "Chọn thư mục chứa văn bản cần nhập")
        if not folder:
            return None
    mode: bool | None
    if as_directive == ASK:
        answer = ask_folder_mode(window)
        if not answer:
            return None
        mode = _MODES[answer]
    else:
        mode = None if as_directive is None else bool(as_directive)

    def work(progress, cancelled, db):  # on a connection of its own (with_db)
        # Units of our own documents join our list; another office's never unasked (issue 16).
        options = SaveOptions(add_new_units=None)
        return import_paths(
            db, [Path(folder)], as_directive=mode, options=options, progress=progress, cancelled=cancelled
        )

    def done(summary):
        window.importer.last_summary = summary
        ctx.notify(
            Changes(plans=set(summary.ids_of("plan")), directives=set(summary.ids_of("directive")), structure=True)
        )
        messages.info(window, summary.text(), "Kết quả nhập thư mục")

    return ctx.run_job(window, "Đang nhập văn bản…", work, on_done=done, with_db=True)

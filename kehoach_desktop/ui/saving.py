"""Tệp → Lưu (Ctrl+S).

Every change is already written when it is made: a command commits its own
transaction, and text being typed is committed after a pause or when the focus
leaves the editor (``plans/text_commit.py``). Ctrl+S makes "after a pause" happen
now: it commits the edit the cursor is in (a line edit, a table cell being edited,
the plan's text editors through the window's ``save_hooks``) and tells the user
that the work is in the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from PySide6.QtWidgets import QAbstractItemView, QAbstractSpinBox, QApplication, QLineEdit, QWidget

from ..store import autosave
from . import messages

STATUS_MS = 8000


def _item_view_editing(widget: QWidget) -> QAbstractItemView | None:
    """The item view whose cell editor *widget* is (or is inside), if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return parent if parent.state() == QAbstractItemView.EditingState else None
        parent = parent.parentWidget()
    return None


def commit_focused_edit(window: QWidget) -> None:
    """Commit what is being typed in the focused field of *window* without moving the focus.

    Line edits and spin boxes here commit on ``editingFinished`` (Enter or leaving the
    field); their handlers compare with what is stored, so finishing once more is harmless.
    """
    widget = QApplication.focusWidget()
    if widget is None or (widget is not window and not window.isAncestorOf(widget)):
        return
    view = _item_view_editing(widget)
    if view is not None:
        # A table cell being edited: hand its text to the model (the editor stays open).
        editor = widget
        while editor.parentWidget() is not None and editor.parentWidget() is not view.viewport():
            editor = editor.parentWidget()
        view.itemDelegateForIndex(view.currentIndex()).commitData.emit(editor)
        return
    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        widget.editingFinished.emit()


@contextlib.contextmanager
def _counting_errors() -> Iterator[list[str]]:
    """Collect the error messages shown while committing (a refused edit is not saved)."""
    shown: list[str] = []
    original = messages.error

    def error(parent, text, *args, **kwargs):
        shown.append(text)
        return original(parent, text, *args, **kwargs)

    messages.error = error
    try:
        yield shown
    finally:
        messages.error = original


def save_all(window) -> bool:
    """Ctrl+S: commit pending edits now and confirm in the status bar. False if nothing can be saved."""
    bar = window.statusBar()
    ctx = window.ctx
    if ctx.read_only:
        reason = ctx.read_only_reason or (
            "Tệp dữ liệu không ghi được (ổ đĩa hoặc tệp bị khóa ghi); "
            "hãy chép tệp vào thư mục có quyền ghi rồi mở lại để sửa."
        )
        bar.showMessage("Không lưu được: tệp dữ liệu đang mở ở chế độ chỉ xem.", STATUS_MS)
        messages.error(
            window,
            "Không lưu được vì tệp dữ liệu đang mở ở chế độ chỉ xem; chương trình không ghi gì vào tệp.\n\n" + reason,
            title="Không lưu được",
        )
        return False
    before = ctx.db.conn.total_changes
    with _counting_errors() as errors:
        commit_focused_edit(window)
        for hook in window.save_hooks:
            hook()
    # Every command commits its own transaction (the connection is in autocommit mode),
    # so what was just committed is in the file once the hooks return.
    if errors:
        bar.showMessage("Chưa lưu được phần vừa sửa: xem thông báo lỗi, sửa lại rồi bấm Ctrl+S.", STATUS_MS)
        return False
    # Never say "all saved" while typed text is only in the crash stash (issue 13).
    left = autosave.pending(ctx.db)
    if left:
        bar.showMessage(
            f"Chưa lưu được {len(left)} đoạn đang gõ vào kế hoạch; hãy bấm Ctrl+S lần nữa. "
            "Nếu vẫn không được, chương trình sẽ đề nghị khôi phục đoạn đó ở lần mở sau.",
            STATUS_MS,
        )
        return False
    if ctx.db.conn.total_changes != before:
        bar.showMessage(f"Đã lưu lúc {dt.datetime.now():%H:%M}", STATUS_MS)
    else:
        bar.showMessage("Mọi thay đổi đã được lưu", STATUS_MS)
    return True

"""What can be done to one registry document: the right-click menu and the detail pane's
buttons are both built from :data:`DOCUMENT_ACTIONS` (issue 20).

Adding an action is one line in that list — or, from another feature's ``install(window)``,
``window.registry_panel.add_document_action(DocumentAction(...))``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ...store import directives

if TYPE_CHECKING:
    from .panel import RegistryPanel


def _always(_panel: RegistryPanel, _did: int) -> bool:
    return True


def _writable(panel: RegistryPanel, _did: int) -> bool:
    return not panel.ctx.read_only


class DocumentAction(NamedTuple):  # not a frozen dataclass: ~1 ms less at start-up (issue 19)
    key: str
    text: str  # with its & mnemonic, as the menu shows it
    run: Callable[[RegistryPanel, int], object]  # (panel, directive id)
    enabled: Callable[[RegistryPanel, int], bool] = _always
    tip: str = ""


def has_original(panel: RegistryPanel, did: int) -> bool:
    row = directives.get_row(panel.ctx.db, did)
    return row is not None and row["attachment_id"] is not None


def open_original(panel: RegistryPanel, did: int) -> bool:
    """The stored original file (PDF, DOCX…) opened with the program the computer uses for it."""
    import tempfile

    from .. import files

    row = directives.get_row(panel.ctx.db, did)
    found = directives.attachment(panel.ctx.db, row["attachment_id"]) if row and row["attachment_id"] else None
    if found is None:
        return False
    name, data = found
    target = Path(tempfile.mkdtemp(prefix="kehoach-")) / name
    target.write_bytes(data)
    return files.open_path(target, panel.window())


DOCUMENT_ACTIONS: list[DocumentAction] = [
    DocumentAction("edit", "&Sửa…", lambda p, d: p.edit_current(), _writable, "Sửa thông tin văn bản (F2)"),
    DocumentAction("delete", "&Xóa", lambda p, d: p.delete_current(), _writable, "Xóa văn bản (hoàn tác được)"),
    DocumentAction("open_original", "Mở tệp &gốc", open_original, has_original, "Mở tệp văn bản gốc đã lưu kèm"),
    DocumentAction(
        "show_chain", "Xem &chuỗi thực hiện", lambda p, d: p.show_chain(d), tip="Văn bản này trong chuỗi thực hiện"
    ),
]

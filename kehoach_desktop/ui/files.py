"""Choosing files, naming them, and saying where an export went (issue 20).

- Every file dialog starts in the folder used last (one memory for the program) or else
  the user's Documents folder — never the program's own folder or the working directory.
- Default file names keep their Vietnamese letters the same way everywhere
  ("Kế hoạch 05-KH-ĐU …", "Báo cáo …", "Bảng theo dõi …"), only characters Windows
  forbids are replaced.
- After an export the status bar says where the file is, with «Mở tệp» and «Mở thư mục».
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

# Names: one rule for every file the program writes, kept in the core (exchange and
# tracking name their files with it too).
from ..core.filenames import file_stem as file_stem

LAST_FOLDER_KEY = "files/lastFolder"


# -- folders --------------------------------------------------------------------------------
def documents_dir() -> Path:
    """The user's Documents folder; the home folder where there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(settings: QSettings | None = None) -> Path:
    """The folder used last, if it still exists; else the user's Documents folder."""
    settings = settings or QSettings()
    last = settings.value(LAST_FOLDER_KEY, "", type=str)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_dir()


def remember_folder(path: str | Path, settings: QSettings | None = None) -> None:
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    (settings or QSettings()).setValue(LAST_FOLDER_KEY, str(folder))


def save_file(parent: QWidget | None, title: str, name: str, filters: str, settings: QSettings | None = None) -> str:
    """«Lưu thành…» starting in :func:`start_folder` with *name* filled in; '' when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(settings) / name), filters)
    if path:
        remember_folder(path, settings)
    return path


def open_file(parent: QWidget | None, title: str, filters: str, settings: QSettings | None = None) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(settings)), filters)
    if path:
        remember_folder(path, settings)
    return path


def open_files(parent: QWidget | None, title: str, filters: str, settings: QSettings | None = None) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(settings)), filters)
    if paths:
        remember_folder(paths[0], settings)
    return list(paths)


def choose_folder(parent: QWidget | None, title: str, settings: QSettings | None = None) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, str(start_folder(settings)))
    if folder:
        remember_folder(folder, settings)
    return folder


# -- after an export -----------------------------------------------------------------------------
# What opens a file of each kind on an office PC, named when the computer has none.
READERS = {
    ".pdf": "một chương trình đọc PDF (Foxit Reader, Adobe Acrobat Reader, hoặc trình duyệt Edge, Chrome)",
    ".docx": "Microsoft Word hoặc LibreOffice",
    ".doc": "Microsoft Word hoặc LibreOffice",
    ".xlsx": "Microsoft Excel hoặc LibreOffice",
    ".xlsm": "Microsoft Excel hoặc LibreOffice",
}


def cannot_open_message(path: str | Path) -> str:
    """What to say when the computer opened nothing for *path*, and what to do instead."""
    path = Path(path)
    if path.is_dir():
        return (
            f"Không mở được thư mục «{path}». Hãy mở File Explorer (phím Windows + E) "
            "rồi dán đường dẫn này vào ô địa chỉ."
        )
    reader = READERS.get(path.suffix.lower(), f"một chương trình mở được tệp {path.suffix or 'này'}")
    return (
        f"Máy tính chưa mở được tệp «{path.name}»: có lẽ chưa cài chương trình cho loại tệp "
        f"{path.suffix or 'này'}. Tệp vẫn được lưu đủ trong thư mục «{path.parent}».\n\n"
        f"Hãy cài {reader}, hoặc chép tệp sang máy khác để mở, in."
    )


def open_path(path: str | Path, parent: QWidget | None = None) -> bool:
    """Open *path* with the program the computer uses for it; if none opens it, say so and what
    to do (the walk: «Mở tệp» and «Mở tệp sau khi xuất» did nothing at all on such a PC)."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    from . import messages

    messages.error(parent, cannot_open_message(path), title="Không mở được tệp")
    return False


class ExportNotice(QWidget):
    """«Đã xuất TỆP» with «Mở tệp» and «Mở thư mục», in the main window's status bar."""

    SHOWN_MS = 30000

    def __init__(self, paths: Sequence[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportNotice")
        self.paths = [Path(p) for p in paths]
        first = self.paths[0]
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        name = first.name if len(first.name) <= 48 else first.name[:30] + "…" + first.name[-15:]
        # Short: the status bar also shows the data file's path (the walk found this cut at "vào /tr");
        # the folder is one click away («Mở thư mục») and in the tooltip.
        self.label = QLabel(f"Đã xuất «{name}»" if len(self.paths) == 1 else f"Đã xuất {len(self.paths)} tệp", self)
        self.label.setToolTip(str(first) if len(self.paths) == 1 else str(first.parent))
        lay.addWidget(self.label)
        self.open_file = QPushButton("Mở tệp", self)
        self.open_file.setObjectName("openExportedFile")
        self.open_file.clicked.connect(lambda: open_path(first, self.window()))
        self.open_file.setVisible(len(self.paths) == 1)
        lay.addWidget(self.open_file)
        self.open_folder = QPushButton("Mở thư mục", self)
        self.open_folder.setObjectName("openExportFolder")
        self.open_folder.clicked.connect(lambda: open_path(first.parent, self.window()))
        lay.addWidget(self.open_folder)
        lay.addStretch(1)  # compact buttons next to the text, not stretched across the bar


def show_exported(window: QWidget | None, paths: Sequence[Path] | Path) -> ExportNotice | None:
    """Put the notice for *paths* in *window*'s status bar (replacing the previous one)."""
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    if not paths:
        return None
    main = window.window() if window is not None else None
    if not isinstance(main, QMainWindow):
        return None
    bar = main.statusBar()
    old = bar.findChild(ExportNotice, "exportNotice")
    if old is not None:
        bar.removeWidget(old)
        old.deleteLater()
    notice = ExportNotice(paths, bar)
    bar.clearMessage()
    bar.addWidget(notice, 1)
    notice.show()

    def drop() -> None:
        try:
            bar.removeWidget(notice)
            notice.deleteLater()
        except RuntimeError:  # already gone with the window
            pass

    QTimer.singleShot(ExportNotice.SHOWN_MS, notice, drop)
    return notice

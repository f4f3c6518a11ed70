"""The damaged-database dialog: what is wrong, and the ways out (newest good backup,
another backup, start fresh keeping the damaged file aside, or quit)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ...safety import recovery


class RecoveryDialog(QDialog):
    """``choice`` after exec: "backup", "other", "fresh" or "quit"; ``other_path`` for "other"."""

    def __init__(self, db_path: Path, problem: recovery.Problem, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.choice = "quit"
        self.other_path: Path | None = None
        self.setWindowTitle(problem.title)
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        head = QLabel(f"<b>{problem.title}</b>", self)
        lay.addWidget(head)
        msg = QLabel(problem.message, self)
        msg.setWordWrap(True)
        lay.addWidget(msg)
        found = recovery.newest_good_backup(self.db_path)
        self.newest = found
        if found is not None:
            info, pv = found
            text = f"Bản sao lưu tốt mới nhất: {info.created:%H:%M ngày %d/%m/%Y} ({info.reason_text}) — {pv.summary()}"
        else:
            text = "Không tìm thấy bản sao lưu tự động nào dùng được."
        self.backup_label = QLabel(text, self)
        self.backup_label.setWordWrap(True)
        lay.addWidget(self.backup_label)
        foreign = problem.kind == "not_ours" and recovery.belongs_to_another_program(self.db_path)
        disk = problem.kind == "disk"  # a full or failing disk: the file is good, nothing to replace
        keep = QLabel(
            recovery.ANOTHER_PROGRAM_MESSAGE.format(name=self.db_path.name)
            if foreign
            else "Tệp dữ liệu vẫn nguyên vẹn, không bị đổi tên hay ghi đè. Hãy «Thoát», xử lý ổ đĩa rồi mở lại."
            if disk
            else "Dù chọn cách nào, tệp hiện tại cũng được giữ nguyên bên cạnh (đổi tên), không bị ghi đè hay xóa.",
            self,
        )
        keep.setWordWrap(True)
        lay.addWidget(keep)
        self.keep = keep
        self.use_newest = QPushButton("Mở bản sao lưu mới nhất", self)
        self.use_newest.setEnabled(found is not None)
        self.use_newest.setDefault(found is not None)
        self.use_newest.clicked.connect(lambda: self._done("backup"))
        self.use_other = QPushButton("Chọn bản sao lưu khác (USB…)…", self)
        self.use_other.clicked.connect(self._pick_other)
        self.fresh = QPushButton("Bắt đầu dữ liệu mới (trống)", self)
        self.fresh.clicked.connect(self._confirm_fresh)
        self.quit = QPushButton("Thoát", self)
        self.quit.clicked.connect(lambda: self._done("quit"))
        for b in (self.use_newest, self.use_other, self.fresh, self.quit):
            lay.addWidget(b)
        if foreign or disk:  # every way out but «Thoát» would rename or replace a file that is fine
            for b in (self.use_newest, self.use_other, self.fresh):
                b.setEnabled(False)
            self.quit.setDefault(True)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != "quit" else self.reject()

    def _pick_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp sao lưu",
            str(self.db_path.parent),
            "Dữ liệu KeHoach (*.sqlite3 *.db *.kehoach);;Mọi tệp (*)",
        )
        if path:
            self.other_path = Path(path)
            self._done("other")

    def _confirm_fresh(self) -> None:
        from .. import messages

        if messages.confirm(
            self,
            "Bắt đầu với dữ liệu trống? Tệp hiện tại được đổi tên và giữ lại bên cạnh để có thể gửi đi cứu dữ liệu.",
            yes="Bắt đầu dữ liệu mới",
            no="Quay lại",
        ):
            self._done("fresh")

"""Kế hoạch → Rà soát toàn bộ…: the GUI view of ``kehoach check --all`` (issue 17).

The sweep runs on a worker through its own read-only connection, with a progress bar;
clicking a finding opens the plan at its place or selects the document in the registry.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from ...core.sweep import title
from ..screen import fit_to_screen

FINDING_ROLE = Qt.UserRole + 1


def sweep_job(path):
    """The worker's function: (progress, cancelled) → findings. Qt-free work, own connection."""

    def work(progress, cancelled):
        from ...store import open_database
        from ...store.sweep import check_all

        db = open_database(path, read_only=True, check=False)
        try:
            return check_all(db, progress)
        finally:
            db.close()

    return work


class SweepDialog(QDialog):
    def __init__(self, ctx, window, open_plan, select_directive):
        super().__init__(window)
        self.ctx, self.open_plan, self.select_directive = ctx, open_plan, select_directive
        self.setWindowTitle("Rà soát toàn bộ sổ văn bản và các kế hoạch")
        self.summary = QLabel("Đang rà soát…", self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("sweepList")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._go)
        again = QPushButton("Rà soát lại", self)
        again.clicked.connect(self.run)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(again)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        fit_to_screen(self, 820, 520)
        self.job = None

    def run(self) -> None:
        self.list.clear()
        self.summary.setText("Đang rà soát…")
        self.job = self.ctx.run_job(
            self, "Đang rà soát toàn bộ…", sweep_job(self.ctx.db.path), on_done=self.show_findings
        )

    def show_findings(self, findings: list) -> None:
        self.list.clear()
        errors = sum(f.severity == "error" for f in findings)
        self.summary.setText(
            f"{errors} lỗi, {len(findings) - errors} điều cần chú ý trên toàn bộ dữ liệu. "
            "Nhấp đúp vào một dòng để mở kế hoạch hoặc văn bản đó."
            if findings
            else "Không phát hiện vấn đề nào: các số văn bản thống nhất, căn cứ đều có trong sổ."
        )
        for f in findings:
            mark = "Lỗi" if f.severity == "error" else "Chú ý"
            item = QListWidgetItem(f"[{mark}] {title(f.kind)}: {f.message}\n    → Cách sửa: {f.fix}")
            item.setData(FINDING_ROLE, f)
            item.setForeground(QBrush(QColor("#b00020" if f.severity == "error" else "#8a5a00")))
            self.list.addItem(item)

    def _go(self, item: QListWidgetItem) -> None:
        f = item.data(FINDING_ROLE)
        if f is None:
            return
        head, _, inner = f.place.partition("|")
        kind, _, ref = head.partition(":")
        if kind == "plan" and ref.isdigit():
            self.open_plan(int(ref), inner)
        elif kind == "directive" and ref.isdigit():
            self.select_directive(int(ref))

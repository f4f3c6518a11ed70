"""Findings of «Kiểm tra trước khi trình ký»; clicking one selects the place it concerns."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ...core.checks import SEVERITY_MARKS, summary
from ...core.citations import find_citations
from ...core.findings import ERROR, INFO
from ...store import directives, plans
from ...store.directive_ops import AddDirective
from ..background import warm_up_thread

FINDING_ROLE = Qt.UserRole + 1
WARM_UP_DELAY_MS = 1500  # after the editor is built: start-up pays nothing

_warm_up: threading.Thread | None = None


def warm_up_checks() -> threading.Thread | None:
    """Load the syllable list, the domain tables and the check modules on a worker thread,
    once per process, so the first «Kiểm tra trước khi trình ký» of a session is as fast as
    the next (issue 17). Returns the thread when this call started it."""
    global _warm_up
    if _warm_up is not None:
        return None
    _warm_up = warm_up_thread(plans.prepare_check, "check-warm-up")
    return _warm_up


_warmed_plans: set[tuple[str, int]] = set()


def warm_up_plan(ctx, plan_id: int) -> threading.Thread | None:
    """Check plan *plan_id* once on a worker with a connection of its own and forget the
    findings: every text of the plan is then read (the check keeps its results per text), so
    the user's first check of this plan is as fast as the next. Once per plan and file."""
    path = ctx.db.path
    if path is None or (str(path), plan_id) in _warmed_plans:
        return None  # an in-memory database has one connection only: no worker
    _warmed_plans.add((str(path), plan_id))

    def run() -> None:
        plans.prepare_check()
        db = ctx.worker_database()
        try:
            plans.check(db, plan_id)
        finally:
            if db is not ctx.db:
                db.close()

    return warm_up_thread(run, "check-warm-up-plan")


class ChecksTab(QWidget):
    NOT_CHECKED = "Bấm «Kiểm tra trước khi trình ký» để rà soát kế hoạch."

    def __init__(self, editor):
        super().__init__(editor)
        self.editor = editor
        self.summary = QLabel(self.NOT_CHECKED, self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("findingsList")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._go)
        self.list.itemClicked.connect(self._go)
        self.list.currentItemChanged.connect(lambda cur, _prev: self._update_buttons(cur))
        self.btn_again = QPushButton("Kiểm tra lại", self)
        self.btn_again.clicked.connect(editor.run_check)
        self.btn_register = QPushButton("Đăng ký văn bản này vào sổ", self)
        self.btn_register.setEnabled(False)
        self.btn_register.clicked.connect(self.register_current)
        row = QHBoxLayout()
        row.addWidget(self.btn_register)
        row.addStretch(1)
        row.addWidget(self.btn_again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.findings: list = []
        self.plan_id: int | None = None  # the plan the findings shown are for (None: nothing shown)
        QTimer.singleShot(WARM_UP_DELAY_MS, self, warm_up_checks)
        # The plan shown: read once on a worker a moment after it opens (the first check is fast).
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(WARM_UP_DELAY_MS)
        self._warm_timer.timeout.connect(self._warm_plan)
        editor.plan_loaded.connect(lambda _plan_id: self._warm_timer.start())

    def _warm_plan(self) -> None:
        if self.editor.plan_id is not None and self.plan_id != self.editor.plan_id:
            warm_up_plan(self.editor.ctx, self.editor.plan_id)

    def clear(self) -> None:
        """Nothing shown: another plan is open, or the plan changed since it was checked."""
        self.findings = []
        self.plan_id = None
        self.list.clear()
        self.summary.setText(self.NOT_CHECKED)
        self._update_buttons(None)

    def show_findings(self, findings: list, plan_id: int | None = None) -> None:
        self.findings = findings
        self.plan_id = plan_id
        self.list.clear()
        if not findings:
            self.summary.setText("Không phát hiện vấn đề nào. Kế hoạch sẵn sàng trình ký.")
        elif all(f.severity == INFO for f in findings):  # an issued plan (issue 18)
            self.summary.setText(summary(findings))
        else:
            self.summary.setText(f"{summary(findings)} Bấm vào từng dòng để đến chỗ cần sửa.")
        colours = {ERROR: "#b00020", INFO: "#555555"}
        for f in findings:
            mark = SEVERITY_MARKS.get(f.severity, "Chú ý")
            text = f"[{mark}] {f.title}: {f.message}"
            if getattr(f, "fix", ""):
                text += f"\n    → Cách sửa: {f.fix}"
            item = QListWidgetItem(text)
            item.setToolTip(f.fix or f.message)
            item.setData(FINDING_ROLE, f)
            item.setForeground(QBrush(QColor(colours.get(f.severity, "#8a5a00"))))
            self.list.addItem(item)

    def _go(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if finding is not None:
            self.editor.go_to(finding.place)

    def _update_buttons(self, item) -> None:
        finding = item.data(FINDING_ROLE) if item is not None else None
        self.btn_register.setEnabled(bool(finding and finding.kind == "citation_unregistered" and finding.number))

    def register_current(self) -> None:
        """Offer of the check: register an unregistered cited document from its citation."""
        item = self.list.currentItem()
        finding = item.data(FINDING_ROLE) if item is not None else None
        if finding is None or not finding.number:
            return
        doc = self.editor.doc
        texts = [doc.title, doc.basis, doc.closing, *(n.text for n in doc.walk())]
        cite = next((c for t in texts for c in find_citations(t or "") if c.number == finding.number), None)
        if cite is None:
            return
        if self.editor.ctx.push(AddDirective(directives.from_citation(cite))) is not None:
            self.editor.run_check()

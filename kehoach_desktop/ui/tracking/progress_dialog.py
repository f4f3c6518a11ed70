"""Record progress for one task and period, with the task's full history below."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.dates import DateError, format_short, format_timestamp, parse_date
from ...store import directives
from ...tracking import progress as progress_store
from ...tracking.periods import Period
from ...tracking.progress import STATE_NAMES, ProgressError, Report
from ...tracking.queries import TaskRow
from ..screen import fit_to_screen

STATE_ORDER = ["", "not_started", "in_progress", "done"]


class ProgressDialog(QDialog):
    """Fields start from the task's current report; OK records a new history row."""

    def __init__(self, db, row: TaskRow, period: Period, periods: list[Period], parent=None):
        super().__init__(parent)
        self.db, self.row = db, row
        self.setWindowTitle("Ghi tiến độ nhiệm vụ")
        fit_to_screen(self, 760, 620, center=False)  # 1366×768 at 125 % has 614 pixels
        lay = QVBoxLayout(self)
        head = QLabel(
            f"<b>{_esc(row.title)}</b><br>Chủ trì: {_esc(row.lead_unit or '(chưa giao)')}"
            f" — Thời hạn: {_esc(row.deadline_label or 'không ghi')}"
        )
        head.setWordWrap(True)
        lay.addWidget(head)
        form = QFormLayout()
        self.period = QComboBox()
        choices = list(dict.fromkeys([period, *periods]))
        for p in choices:
            self.period.addItem(p.label, p)
        form.addRow("&Kỳ báo cáo:", self.period)
        self.state = QComboBox()
        for key in STATE_ORDER:
            self.state.addItem(STATE_NAMES[key] or "— (không ghi)", key)
        form.addRow("&Tình trạng đơn vị báo:", self.state)
        self.result = QPlainTextEdit()
        self.result.setTabChangesFocus(True)
        self.result.setMinimumHeight(80)
        form.addRow("Kết &quả:", self.result)
        self.percent = QSpinBox()
        self.percent.setRange(-1, 100)
        self.percent.setSpecialValueText("—")
        self.percent.setSuffix(" %")
        form.addRow("Tỷ lệ &hoàn thành:", self.percent)
        self.completed = QLineEdit()
        self.completed.setPlaceholderText("ngày/tháng/năm, ví dụ 31/12/2026")
        form.addRow("&Ngày hoàn thành:", self.completed)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("Số, ký hiệu văn bản triển khai, ví dụ 20-KH/ĐU")
        self.evidence.editingFinished.connect(self._check_evidence)
        form.addRow("&Văn bản triển khai:", self.evidence)
        self.evidence_note = QLabel()
        form.addRow("", self.evidence_note)
        self.notes = QLineEdit()
        form.addRow("Ghi &chú:", self.notes)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color:#C00000;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        lay.addWidget(QLabel("Lịch sử báo cáo (mới nhất trước):"))
        self.history = QTableWidget(0, 9)
        self.history.setHorizontalHeaderLabels(
            ["Kỳ", "Ghi lúc", "Người ghi", "Nguồn", "Tình trạng", "Kết quả", "%", "Ngày HT", "Văn bản"]
        )
        self.history.setEditTriggers(QTableWidget.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.setTabKeyNavigation(False)  # read-only: Tab goes on to the buttons
        lay.addWidget(self.history, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("&Ghi")
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._fill(row.report)
        self._fill_history()
        self.value: Report | None = None

    def _fill(self, rep: Report) -> None:
        self.state.setCurrentIndex(STATE_ORDER.index(rep.state) if rep.state in STATE_ORDER else 0)
        self.result.setPlainText(rep.result)
        self.percent.setValue(-1 if rep.percent is None else rep.percent)
        self.completed.setText(format_short(rep.completed_on))
        self.evidence.setText(rep.evidence)
        self.notes.setText(rep.notes)
        self._check_evidence()

    def _fill_history(self) -> None:
        rows = progress_store.history(self.db, self.row.task_id)
        self.history.setRowCount(len(rows))
        for i, h in enumerate(rows):
            r = h.report
            source = progress_store.source_label(h.source)
            values = [
                h.period.label,
                format_timestamp(h.recorded_at),
                h.recorded_by,
                source,
                STATE_NAMES.get(r.state, ""),
                r.result,
                "" if r.percent is None else str(r.percent),
                format_short(r.completed_on),
                r.evidence,
            ]
            for c, v in enumerate(values):
                self.history.setItem(i, c, QTableWidgetItem(v))
        self.history.resizeColumnsToContents()

    def _check_evidence(self) -> None:
        text = self.evidence.text().strip()
        did = progress_store.evidence_directive(self.db, text) if text else None
        if did is None:
            self.evidence_note.setText("" if not text else "Chưa có trong sổ văn bản (vẫn ghi được).")
        else:
            r = directives.get_row(self.db, did)
            self.evidence_note.setText(f"✔ Có trong sổ văn bản: {r['doc_type']} {r['number']} — sẽ được liên kết.")

    def selected_period(self) -> Period:
        return self.period.currentData()

    def read(self) -> Report:
        """The report typed in the form; raises ProgressError/DateError with a message."""
        text = self.completed.text().strip()
        completed = parse_date(text) if text else None
        return Report(
            state=self.state.currentData(),
            result=self.result.toPlainText(),
            percent=None if self.percent.value() < 0 else self.percent.value(),
            completed_on=completed,
            evidence=self.evidence.text(),
            notes=self.notes.text(),
        ).normalised()

    def accept(self) -> None:
        try:
            self.value = self.read()
        except (ProgressError, DateError) as exc:
            self.error.setText(str(exc))  # keep everything typed; say what to fix
            if isinstance(exc, DateError) or (self.state.currentData() == "done" and not self.completed.text().strip()):
                self.completed.setFocus()  # …and go there
                self.completed.selectAll()
            return
        super().accept()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

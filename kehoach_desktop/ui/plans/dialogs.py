"""Dialogs of the plan editor: new plan from a template, clone for a new year, issue."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import DateError, default_plan_year, format_short, parse_date
from ...core.templates import Template, load_templates
from ...store import plans
from .. import messages


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, dialog)
    box.button(QDialogButtonBox.Ok).setText(ok)
    box.button(QDialogButtonBox.Cancel).setText("Hủy")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


TOPIC_LABEL = "Lĩnh vực / chuyên đề:"


class NewPlanDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, year: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("Kế hoạch mới")
        self.templates = load_templates()
        self.template = QComboBox(self)
        self.template.setObjectName("templateCombo")
        for t in self.templates:
            self.template.addItem(t.name, t.id)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(year or default_plan_year())
        self.topic = QLineEdit(self)
        self.topic.setObjectName("topicEdit")
        # What the field asks depends on the template; said beside it (the walk: the blank
        # skeleton greyed it out without a word and the plan came out «(chưa có trích yếu)»).
        self.topic_label = QLabel(TOPIC_LABEL, self)
        self.topic_label.setBuddy(self.topic)
        self.topic_note = QLabel(self)
        self.topic_note.setObjectName("topicNote")
        self.topic_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Mẫu:", self.template)
        form.addRow("", self.description)
        form.addRow("Năm:", self.year)
        form.addRow(self.topic_label, self.topic)
        form.addRow("", self.topic_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Tạo"))
        self.setMinimumWidth(460)  # the notes read in two or three lines
        self.template.currentIndexChanged.connect(self._template_changed)
        self.year.valueChanged.connect(lambda _y: self._template_changed(self.template.currentIndex()))
        self._template_changed(0)

    def chosen(self) -> Template:
        return self.templates[self.template.currentIndex()]

    def asks_title(self) -> bool:
        """The template writes no trích yếu and needs no topic (the blank skeleton): the field
        takes the plan's trích yếu itself."""
        t = self.chosen()
        return not t.needs_topic and not t.title.strip()

    def topic_text(self) -> str:
        return self.topic.text().strip() if self.chosen().needs_topic else ""

    def plan_title(self) -> str:
        return self.topic.text().strip() if self.asks_title() else ""

    def _template_changed(self, _index: int) -> None:
        t = self.chosen()
        self.description.setText(t.description)
        if t.needs_topic:
            self.topic_label.setText(TOPIC_LABEL)
            self.topic.setEnabled(True)
            self.topic.setPlaceholderText(t.topic_hint)
            self.topic_note.setText("Bắt buộc: mẫu này ghép lĩnh vực, chuyên đề vào trích yếu và nội dung.")
        elif self.asks_title():
            self.topic_label.setText("Trích yếu:")
            self.topic.setEnabled(True)
            self.topic.setPlaceholderText(f"ví dụ: Thực hiện công tác dân vận năm {self.year.value()}")
            self.topic_note.setText(
                "Mẫu khung trống chưa có trích yếu (tên kế hoạch): gõ ở đây, hoặc để trống rồi gõ sau ở phần "
                "đầu kế hoạch."
            )
        else:
            title = t.fill(year=self.year.value())["title"]
            self.topic_label.setText(TOPIC_LABEL)
            self.topic.setEnabled(False)
            self.topic.setPlaceholderText("")
            self.topic_note.setText(f"Mẫu này không cần lĩnh vực, chuyên đề. Trích yếu sẽ là «{title}».")

    def accept(self) -> None:
        if self.chosen().needs_topic and not self.topic.text().strip():
            messages.error(
                self,
                f"Mẫu «{self.chosen().name}» cần điền lĩnh vực hoặc chuyên đề "
                f"(ví dụ: {self.chosen().topic_hint.split(':')[-1].strip()}).",
            )
            self.topic.setFocus()  # where it is to be typed
            return
        super().accept()


class IssueDialog(QDialog):
    """Number (next free per type in the term, editable) and date of issue; warns it locks the plan."""

    def __init__(self, ctx, plan_id: int, errors: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Ban hành kế hoạch")
        row = plans.get_row(ctx.db, plan_id)
        serial = plans.next_serial(ctx.db, row["type_code"], row["issuer_code"])
        self.number = QLineEdit(plans.format_plan_number(serial, row["type_code"], row["issuer_code"]), self)
        self.number.setObjectName("issueNumber")
        # The date already written in the header (if any), else today.
        planned = dt.date.fromisoformat(row["plan_date"]) if row["plan_date"] else dt.date.today()
        self.date = QLineEdit(format_short(planned), self)
        self.date.setObjectName("issueDate")
        form = QFormLayout()
        form.addRow("Số:", self.number)
        form.addRow("Ngày ban hành:", self.date)
        warning = (
            "Sau khi ban hành, kế hoạch bị khóa: không sửa trực tiếp được nữa (muốn thay đổi thì tạo bản "
            "sửa đổi, bổ sung) và việc ban hành không hoàn tác được."
        )
        if errors:
            warning = (
                f"Kiểm tra trước khi trình ký còn {errors} lỗi: nên bấm «Hủy» và sửa theo thẻ «Kiểm tra» "
                "trước khi ban hành. " + warning
            )
        note = QLabel(warning, self)
        note.setObjectName("issueNote")
        note.setWordWrap(True)
        # Wide enough for the warning to read in a few lines (it was squeezed to 260 pixels, 5–7 lines).
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        # Issuing cannot be undone: Enter pressed to finish typing the number or the date
        # must not issue the plan. So no button is the default — an accept-role button would be
        # made one by QDialogButtonBox when shown — and «Ban hành» takes a click or Alt+B.
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        self.issue_button = buttons.addButton("&Ban hành", QDialogButtonBox.ActionRole)
        self.issue_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAutoDefault(False)
        layout.addWidget(buttons)
        self._values: tuple[str, dt.date] | None = None

    def accept(self) -> None:
        try:
            day = parse_date(self.date.text())
        except DateError as exc:
            messages.error(self, str(exc))
            return
        self._values = (self.number.text().strip(), day)
        super().accept()

    def values(self) -> tuple[str, dt.date]:
        assert self._values is not None
        return self._values

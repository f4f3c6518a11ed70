"""The office profile dialog, also shown once at first start with the offer to try the demo.

At first start the fields are empty with grey hints (a hurried user must never print a
fictional office's header), and «Dùng thử với dữ liệu mẫu» asks for the demo, which opens
in a separate, clearly labelled file: the office's own database stays clean (issue 20).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from ..core.models import OfficeProfile
from ..core.text import clean
from .forms import load_form

_FIELDS = {
    "superior_body": "superiorEdit",
    "issuer_body": "issuerEdit",
    "issuer_code": "codeEdit",
    "place": "placeEdit",
    "signer_authority": "authorityEdit",
    "signer_title": "titleEdit",
    "signer_name": "signerEdit",
}
DEMO_RESULT = 2  # the dialog's result when «Dùng thử với dữ liệu mẫu» was pressed


class ProfileDialog:
    def __init__(self, profile: OfficeProfile, parent: QWidget | None = None, first_run: bool = False):
        self.base = profile
        self.first_run = first_run
        self.dialog: QDialog = load_form("office_profile", parent)
        f = self.dialog.findChild
        self.edits = {key: f(QLineEdit, name) for key, name in _FIELDS.items()}
        blank = OfficeProfile()
        for key, edit in self.edits.items():
            value = getattr(profile, key)
            if first_run and value == getattr(blank, key):
                value = ""  # a default ("ĐU", "BÍ THƯ") is a grey hint at first start, typed on purpose or not at all
            edit.setText(value)
        self.demo_label: QLabel = f(QLabel, "demoLabel")
        self.demo_label.setVisible(first_run)
        self.error: QLabel = f(QLabel, "errorLabel")
        buttons: QDialogButtonBox = f(QDialogButtonBox, "buttonBox")
        buttons.button(QDialogButtonBox.Ok).setText("Lưu")
        buttons.button(QDialogButtonBox.Cancel).setText("Để sau" if first_run else "Hủy")
        self.demo_button = QPushButton("Dùng thử với dữ liệu &mẫu", self.dialog)
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setToolTip("Mở một tệp dữ liệu mẫu riêng; dữ liệu của cơ quan không bị đụng tới.")
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(lambda: self.dialog.done(DEMO_RESULT))
        if first_run:
            buttons.addButton(self.demo_button, QDialogButtonBox.ActionRole)
        else:
            self.demo_button.hide()
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.dialog.reject)
        if first_run:
            self.dialog.setWindowTitle("Chào mừng — thông tin cơ quan")
        self.error.setVisible(False)  # shown with its message: an empty row was a gap above the buttons
        form = f(QFormLayout, "formLayout")
        form.setVerticalSpacing(form.verticalSpacing())  # the fields keep their spacing…
        self.dialog.layout().setSpacing(12)  # …the notes stand apart from them, not glued on
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the fields and notes need at the form's width: the form's fixed 460 pixels
        spread the spare height between the labels as large empty bands (the walk, first start)."""
        layout = self.dialog.layout()
        width = self.dialog.width()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        self.dialog.resize(width, max(height, layout.totalMinimumSize().height()))

    def profile(self) -> OfficeProfile:
        data = self.base.to_dict()
        for key, edit in self.edits.items():
            data[key] = clean(edit.text()).strip()
        return OfficeProfile.from_dict(data)

    @property
    def wants_demo(self) -> bool:
        """«Dùng thử với dữ liệu mẫu» was pressed (nothing is saved to the office's file)."""
        return self.first_run and self.dialog.result() == DEMO_RESULT

    def _accept(self) -> None:
        prof = self.profile()
        if not prof.issuer_body or not prof.issuer_code:
            self.error.setText("Hãy nhập tên cơ quan ban hành và ký hiệu (ví dụ ĐẢNG ỦY XÃ …, ĐU).")
            if not self.error.isVisible():
                self.error.setVisible(True)
                self._fit_height()
            self.edits["issuer_body" if not prof.issuer_body else "issuer_code"].setFocus()
            return
        self.dialog.accept()

    def exec(self) -> bool:
        """True when the profile was saved («Lưu»)."""
        return self.dialog.exec() == QDialog.Accepted

"""The office profile dialog, also shown once at first start with the demo-data offer."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

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


class ProfileDialog:
    def __init__(self, profile: OfficeProfile, parent: QWidget | None = None, first_run: bool = False):
        self.base = profile
        self.first_run = first_run
        self.dialog: QDialog = load_form("office_profile", parent)
        f = self.dialog.findChild
        self.edits = {key: f(QLineEdit, name) for key, name in _FIELDS.items()}
        for key, edit in self.edits.items():
            edit.setText(getattr(profile, key))
        self.demo: QCheckBox = f(QCheckBox, "demoCheck")
        self.demo.setVisible(first_run)
        self.demo.setChecked(first_run)
        self.error: QLabel = f(QLabel, "errorLabel")
        buttons: QDialogButtonBox = f(QDialogButtonBox, "buttonBox")
        buttons.button(QDialogButtonBox.Ok).setText("Lưu")
        buttons.button(QDialogButtonBox.Cancel).setText("Để sau" if first_run else "Hủy")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.dialog.reject)
        if first_run:
            self.dialog.setWindowTitle("Chào mừng — thông tin cơ quan")

    def profile(self) -> OfficeProfile:
        data = self.base.to_dict()
        for key, edit in self.edits.items():
            data[key] = clean(edit.text()).strip()
        return OfficeProfile.from_dict(data)

    @property
    def load_demo(self) -> bool:
        return self.first_run and self.demo.isChecked()

    def _accept(self) -> None:
        prof = self.profile()
        if (not prof.issuer_body or not prof.issuer_code) and not self.demo.isChecked():
            self.error.setText("Hãy nhập tên cơ quan ban hành và ký hiệu (ví dụ ĐẢNG ỦY XÃ …, ĐU).")
            self.edits["issuer_body" if not prof.issuer_body else "issuer_code"].setFocus()
            return
        self.dialog.accept()

    def exec(self) -> bool:
        return self.dialog.exec() == QDialog.Accepted

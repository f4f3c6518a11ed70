"""Before exporting: layout profile, DỰ THẢO mark, and an optional copy (bản sao)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.document import PlanDocument, Signature
from ...core.models import OfficeProfile
from ...export.layout_profile import available_profiles, profile_for
from ...export.options import COPY_KINDS, CopyInfo, ExportOptions


class ExportOptionsDialog(QDialog):
    def __init__(
        self,
        doc: PlanDocument,
        office: OfficeProfile,
        title: str,
        parent: QWidget | None = None,
        profile_id: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.doc, self.office = doc, office
        form = QFormLayout()
        self.profile = QComboBox(self)
        for prof in available_profiles():
            self.profile.addItem(prof.name, prof.id)
        # A document with its own style (an imported UBND plan: State) opens on that layout;
        # otherwise the last one chosen, else the office's.
        wanted = profile_for(doc) or profile_id or ("state_ND30" if office.layout_profile == "state" else "party_36HD")
        index = self.profile.findData(wanted)
        self.profile.setCurrentIndex(max(0, index))
        form.addRow("&Mẫu trình bày:", self.profile)
        self.draft = QCheckBox("In dấu «DỰ THẢO»", self)
        self.draft.setChecked(bool(doc.draft))
        form.addRow("", self.draft)

        self.open_after = QCheckBox("Mở &tệp sau khi xuất", self)
        self.open_after.setChecked(True)
        form.addRow("", self.open_after)

        self.copy_box = QGroupBox("Xuất &bản sao", self)
        self.copy_box.setCheckable(True)
        self.copy_box.setChecked(False)
        copy_form = QFormLayout(self.copy_box)
        self.copy_kind = QComboBox(self.copy_box)
        for key, label in COPY_KINDS.items():
            self.copy_kind.addItem(label, key)
        self.copy_number = QLineEdit(self.copy_box)
        self.copy_number.setPlaceholderText("ví dụ 24 → Số 24-BS/" + (office.issuer_code or "ĐU"))
        self.copy_date = QDateEdit(QDate.currentDate(), self.copy_box)
        self.copy_date.setDisplayFormat("dd/MM/yyyy")
        self.copy_date.setCalendarPopup(True)
        self.copy_sections = QLineEdit(self.copy_box)
        self.copy_sections.setPlaceholderText("trích sao: các mục La Mã, ví dụ 1,3")
        copy_form.addRow("Loại:", self.copy_kind)
        copy_form.addRow("Số bản sao:", self.copy_number)
        copy_form.addRow("Ngày sao:", self.copy_date)
        copy_form.addRow("Mục trích:", self.copy_sections)

        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText("Tiếp tục")
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.copy_box)
        layout.addWidget(buttons)

    @property
    def profile_id(self) -> str:
        return str(self.profile.currentData())

    def options(self) -> ExportOptions:
        copy = None
        if self.copy_box.isChecked():
            sections = None
            raw = self.copy_sections.text().replace(" ", "")
            if raw:
                sections = [int(x) - 1 for x in raw.split(",") if x.isdigit()]
            q = self.copy_date.date()
            o = self.office
            copy = CopyInfo(
                kind=str(self.copy_kind.currentData()),
                superior_body=o.superior_body,
                issuer_body=o.issuer_body,
                issuer_code=o.issuer_code,
                number=self.copy_number.text().strip(),
                place=o.place,
                date=dt.date(q.year(), q.month(), q.day()),
                signature=Signature(o.signer_authority, o.signer_title, o.signer_name),
                sections=sections,
            )
        return ExportOptions(draft=self.draft.isChecked(), copy=copy)

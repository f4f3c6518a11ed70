"""Trao đổi (issue 18): send plans down, receive them, send progress up, add it up.

A thin layer over :mod:`kehoach_desktop.exchange`: every write is a store command
pushed on the undo stack, reading many files runs on a worker with a progress bar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...exchange import consolidate, container, identity, plan_bundle, progress_up, queries, receive
from ...exchange import report as summary_report
from ...exchange.naming import lower_addressees, short_office
from ...export.options import secret_reason
from ...store import plans as plan_store
from ...store import profile as profile_store
from ...store.commands import Changes
from ...tracking.status import DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NOT_STARTED, OVERDUE
from .. import messages
from ..eliding_combo import ElidingComboBox
from .dialogs import ConsolidatePreviewDialog, ReceiveDialog, SendDialog, remember_dir, start_dir
from .matrix_model import MatrixModel

LEGEND = (DONE_ON_TIME, DONE_LATE, IN_PROGRESS, NOT_STARTED, OVERDUE, progress_up.NO_TASK)
# A mail client may rename a file or pack it in a .zip; the reader opens those too.
FILE_FILTER = "Tệp trao đổi KeHoach (*.khgoi *.khnhan *.khtiendo *.zip);;Mọi tệp (*)"


def addressees_of(recipients: list[str], own_body: str = "") -> list[str]:
    """The offices a bundle is proposed to go to: the plan's Nơi nhận lines for lower bodies,
    named as offices (exchange.naming.lower_addressees) — not our own staff units (the walk saw
    «Văn phòng Đảng ủy», «Ban Xây dựng Đảng» asked for receipts). The user can add any office."""
    return lower_addressees(recipients, own_body)


class ExchangePanel(QWidget):
    def __init__(self, ctx, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        outer = QHBoxLayout(self)
        side = QVBoxLayout()
        outer.addLayout(side, 0)

        down = QGroupBox("Gửi xuống cấp dưới", self)
        dl = QVBoxLayout(down)
        self.issued = ElidingComboBox(down)
        self.issued.setToolTip("Kế hoạch đã ban hành để gửi xuống")
        self.issued.setMinimumContentsLength(28)
        self.issued.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.send_button = QPushButton("Gửi &gói kế hoạch…", down)
        self.send_button.clicked.connect(lambda: self.send_bundle())
        dl.addWidget(self.issued)
        dl.addWidget(self.send_button)
        side.addWidget(down)

        up = QGroupBox("Với cấp trên", self)
        ul = QVBoxLayout(up)
        self.receive_button = QPushButton("&Nhận gói kế hoạch…", up)
        self.receive_button.clicked.connect(lambda: self.receive_files())
        self.ours = ElidingComboBox(up)
        self.ours.setToolTip("Kế hoạch của mình cụ thể hóa kế hoạch cấp trên")
        self.ours.setMinimumContentsLength(28)
        self.ours.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        # The reporting period, as in «Theo dõi» and «progress export-up --period»: the year so far by default.
        self.up_period = QComboBox(up)
        self.up_period.setAccessibleName("Kỳ báo cáo gửi lên")
        self.up_period.setToolTip("Kỳ báo cáo: tiến độ tính đến cuối kỳ (hoặc đến hôm nay nếu kỳ chưa hết)")
        self._fill_periods()
        period_label = QLabel("Kỳ báo &cáo:", up)
        period_label.setBuddy(self.up_period)
        self.up_button = QPushButton("Gửi &tiến độ lên…", up)
        self.up_button.clicked.connect(lambda: self.send_progress_up())
        ul.addWidget(self.receive_button)
        ul.addWidget(self.ours)
        period_row = QHBoxLayout()
        period_row.addWidget(period_label)
        period_row.addWidget(self.up_period, 1)
        ul.addLayout(period_row)
        ul.addWidget(self.up_button)
        side.addWidget(up)

        below = QGroupBox("Tổng hợp cấp dưới", self)
        bl = QVBoxLayout(below)
        self.consolidate_button = QPushButton("Tổng hợp cả thư &mục…", below)
        self.consolidate_button.clicked.connect(lambda: self.consolidate_folder())
        self.files_button = QPushButton("Tổng hợp các tệ&p…", below)
        self.files_button.clicked.connect(lambda: self.consolidate_files())
        self.report_button = QPushButton("Lập &báo cáo tổng hợp", below)
        self.report_button.clicked.connect(lambda: self.make_summary())
        for b in (self.consolidate_button, self.files_button, self.report_button):
            bl.addWidget(b)
        side.addWidget(below)
        side.addStretch(1)

        right = QVBoxLayout()
        outer.addLayout(right, 1)
        top = QHBoxLayout()
        label = QLabel("&Kế hoạch đã gửi:", self)
        self.sent = ElidingComboBox(self)
        self.sent.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.sent.setMinimumContentsLength(30)
        label.setBuddy(self.sent)
        self.sent.currentIndexChanged.connect(lambda _=0: self.refresh_matrix())
        top.addWidget(label)
        top.addWidget(self.sent, 1)
        right.addLayout(top)
        self.model = MatrixModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(120)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.verticalHeader().setMaximumWidth(340)
        # A header does not elide by default: the titles were cut mid-word at 340 px (the walk).
        self.table.verticalHeader().setTextElideMode(Qt.ElideRight)
        right.addWidget(self.table, 1)
        # Lines break between the entries only: «– Chưa giao / nhiệm vụ» was split (the walk).
        entries = [f"{summary_report.STATUS_SHORT[k]} {summary_report.ROLLED_NAMES[k]}" for k in LEGEND]
        legend = QLabel("   ".join(e.replace(" ", "\u00a0") for e in [*entries, "· Chưa báo cáo"]), self)
        legend.setObjectName("exchangeLegend")
        legend.setWordWrap(True)
        right.addWidget(legend)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        right.addWidget(self.status)
        self.setFocusProxy(self.issued)
        # Filled when first shown and after a change only while shown: every commit of the
        # plan editor (one per pause in typing) emits ctx.changed, and this tab's lists and
        # matrix need not be rebuilt behind the user's back (nor at start-up).
        self._stale = True
        ctx.changed.connect(self._on_changed)

    def _fill_periods(self) -> None:
        """This year's and last year's periods (as in «Theo dõi»), the year so far chosen."""
        from ..tracking.panel import period_choices

        today = dt.date.today()
        self.up_period.clear()
        offered = [p for p in period_choices(today) if p.start <= today]
        for p in offered:
            self.up_period.addItem(p.label, p)
        default = progress_up.default_period(today)
        self.up_period.setCurrentIndex(offered.index(default) if default in offered else 0)

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        db = self.ctx.db
        self._fill(
            self.issued,
            [(pid, f"{num} — {title}") for pid, num, title in queries.issued_plans(db)],
            "(chưa có kế hoạch đã ban hành)",
        )
        self._fill(
            self.ours,
            [
                (pid, f"{num or '(chưa có số)'} — {title}")
                for pid, num, title in queries.plans_implementing_received(db)
            ],
            "(chưa cụ thể hóa gói đã nhận)",  # the whole of it shows in the 1366×768 left column
        )
        self._fill(
            self.sent,
            [(pid, f"{num} — {title}") for pid, num, title in consolidate.sent_plans(db)],
            "(chưa gửi kế hoạch nào)",
        )
        self.refresh_matrix()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[int, str]], empty: str) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for pid, text in items:
            combo.addItem(text, pid)
            combo.setItemData(combo.count() - 1, text, Qt.ToolTipRole)
        if not items:
            combo.addItem(empty, None)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        # A plan's «number — title» is cut in the narrow left column: the whole of it on hover.
        combo.setToolTip(combo.currentText())

    def refresh_matrix(self) -> None:
        plan_id = self.sent.currentData()
        if plan_id is None:
            self.model.set_matrix(None)
            self.status.setText(
                "Gửi gói kế hoạch xuống, rồi tổng hợp giấy báo tiếp nhận và tệp tiến độ cấp dưới gửi lên."
            )
            return
        m = consolidate.matrix(self.ctx.db, plan_id)
        self.model.set_matrix(m)
        self.table.resizeRowsToContents()
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            header.resizeSection(col, max(70, min(header.sectionSize(col), 180)))
        if not m.offices:
            self.status.setText("Chưa có cơ quan cấp dưới nào gửi giấy báo tiếp nhận hay tệp tiến độ cho kế hoạch này.")
            return
        parts = [f"{len(m.offices)} cơ quan cấp dưới."]
        parts.append(
            f"Chưa báo tiếp nhận ({len(m.not_received)}): {', '.join(short_office(o.name) for o in m.not_received)}."
            if m.not_received
            else "Tất cả đã tiếp nhận."
        )
        parts.append(
            f"Chưa báo cáo tiến độ ({len(m.not_reported)}): {', '.join(short_office(o.name) for o in m.not_reported)}."
            if m.not_reported
            else "Tất cả đã báo cáo."
        )
        self.status.setText(" ".join(parts))

    def _on_changed(self, changes: Changes) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- actions ---------------------------------------------------------------------------
    def _ensure_office(self) -> bool:
        """Who we are, saved the first time (the office id): on a full disk that first save failed with
        nothing shown but a traceback in the log (the walk: «Nhận gói kế hoạch…» did nothing)."""
        import sqlite3

        from ...core import oserrors

        try:
            identity.me(self.ctx.db)
        except identity.NoOfficeProfile as exc:
            messages.error(self, str(exc))
            return False
        except sqlite3.Error as exc:
            messages.error(self, oserrors.database_message(exc))
            return False
        return True

    def send_bundle(self, plan_id: int | None = None) -> Path | None:
        plan_id = plan_id if plan_id is not None else self.issued.currentData()
        if plan_id is None:
            messages.info(self, "Chưa có kế hoạch đã ban hành để gửi. Hãy ban hành kế hoạch trước.")
            return None
        # Every job here that writes refuses before any file is chosen or read (a window «chỉ để xem»
        # asked for the file, read it, and only then said nothing could be written: the walk).
        if self.ctx.refuse_writing(self, "gửi gói kế hoạch"):
            return None
        if not self._ensure_office():
            return None
        db = self.ctx.db
        doc = plan_store.load_document(db, plan_id)
        if doc.status != "issued":
            messages.error(self, plan_bundle.NOT_ISSUED)
            return None
        due = queries.sent_due(db, plan_id)
        own_body = profile_store.load(db).issuer_body
        recipients = addressees_of(doc.recipients, own_body)
        dialog = SendDialog(self, f"Kế hoạch số {doc.number} — {doc.title}", recipients, due, secret_reason(doc) or "")
        if dialog.exec() != SendDialog.Accepted:
            return None
        name = plan_bundle.default_file_name(doc.number, doc.title, own_body)
        path, _ = QFileDialog.getSaveFileName(
            self, "Ghi gói kế hoạch", str(Path(start_dir(self.settings)) / name), "Gói kế hoạch (*.khgoi)"
        )
        if not path:
            return None
        remember_dir(self.settings, path)
        try:
            out = plan_bundle.export_bundle(
                db,
                plan_id,
                path,
                secret_confirmed=True,
                implement_due=dialog.due,
                signed_pdf=dialog.pdf.text().strip() or None,
                addressees=dialog.addressee_list,
            )
        except (plan_bundle.BundleError, container.ExchangeError) as exc:
            messages.error(self, str(exc))
            return None
        except OSError as exc:
            from ...core import oserrors

            messages.error(self, oserrors.describe(exc, path))
            return None
        self.ctx.notify(Changes(plans={plan_id}))
        messages.info(
            self,
            f"Đã ghi gói kế hoạch:\n{out}\n\nGửi tệp này cho các cơ quan cấp dưới (USB, thư điện tử, Zalo…). "
            "Khi họ nhận, giấy báo tiếp nhận của họ gửi lại được tổng hợp ở đây.",
        )
        return out

    def receive_files(self, paths: list[str] | None = None) -> None:
        if self.ctx.refuse_writing(self, "nhận tệp"):
            return
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self, "Chọn gói kế hoạch hoặc giấy báo tiếp nhận", start_dir(self.settings), FILE_FILTER
            )
            if not paths:
                return
            remember_dir(self.settings, paths[0])
        bundles, others = [], []
        for p in paths:
            try:
                found = container.read_many(p)  # a zip around several receipts goes to consolidation
            except container.ExchangeError as exc:
                messages.error(self, str(exc))
                continue
            if len(found) == 1 and isinstance(found[0][1], container.ExchangeError):
                messages.error(self, str(found[0][1]))
                continue
            plan = any(isinstance(pkg, container.Package) and pkg.kind == "plan" for _name, pkg in found)
            (bundles if plan else others).append(p)
        for p in bundles:
            self.receive_bundle(p)
        if others:
            self.consolidate_paths(others)

    def receive_bundle(self, path: str | Path) -> int | None:
        if self.ctx.refuse_writing(self, "nhận gói kế hoạch"):
            return None
        if not self._ensure_office():
            return None
        try:
            preview = receive.open_bundle(self.ctx.db, path)
        except (container.ExchangeError, receive.BundleRefused) as exc:
            messages.error(self, str(exc))
            return None
        dialog = ReceiveDialog(self, preview)
        if dialog.exec() != ReceiveDialog.Accepted:
            return None
        cmd = receive.ReceiveBundle(preview, dialog.due)
        if self.ctx.push(cmd) is None or cmd.result is None:
            return None
        me = identity.me(self.ctx.db)
        name = receive.receipt_file_name(preview, me.name)
        target, _ = QFileDialog.getSaveFileName(
            self,
            "Ghi giấy báo tiếp nhận (gửi lại nơi gửi)"
            if preview.from_below
            else "Ghi giấy báo tiếp nhận (gửi lại cấp trên)",
            str(Path(start_dir(self.settings)) / name),
            "Giấy báo tiếp nhận (*.khnhan)",
        )
        note = ""
        if target:
            try:
                receive.write_receipt(self.ctx.db, preview, cmd.result, target)
                note = f"\n\nGiấy báo tiếp nhận đã ghi ở:\n{target}\nHãy gửi tệp này lại cho {preview.sender.name}."
            except OSError as exc:
                from ...core import oserrors

                note = (
                    "\n\nChưa ghi được giấy báo tiếp nhận: "
                    + oserrors.describe(exc, target)
                    + f"\n{receive.RECEIPT_AGAIN} và chọn nơi ghi khác."
                )
        directive_id = cmd.result.directive_id
        if preview.from_below:  # a lower office's plan sent up: to follow, not to cụ thể hóa
            messages.info(
                self,
                f"Đã lưu kế hoạch của {preview.sender.name} vào sổ văn bản để theo dõi "
                f"(thực hiện Kế hoạch số {', '.join(preview.implements_ours)} của cơ quan mình); "
                "không cần cụ thể hóa." + note,
            )
            return directive_id
        if messages.confirm(
            self,
            "Đã nhận kế hoạch vào sổ văn bản, cùng cấu trúc, chuỗi căn cứ và hạn cụ thể hóa."
            + note
            + "\n\nLập ngay kế hoạch của mình thực hiện kế hoạch này (Cụ thể hóa)?",
            title="Đã nhận gói kế hoạch",
            yes="&Cụ thể hóa ngay",
            no="Để &sau",
        ):
            from ..derive import derive_document

            derive_document(self.ctx.window, directive_id)
        return directive_id

    def send_progress_up(self, plan_id: int | None = None) -> Path | None:
        plan_id = plan_id if plan_id is not None else self.ours.currentData()
        if plan_id is None:
            messages.info(
                self,
                "Chưa có kế hoạch nào của mình cụ thể hóa một kế hoạch nhận qua gói. Hãy nhận gói kế hoạch của "
                "cấp trên, rồi dùng «Cụ thể hóa…» trong sổ văn bản.",
            )
            return None
        if not self._ensure_office():
            return None
        try:
            ahead = progress_up.outlook(self.ctx.db, plan_id, period=self.up_period.currentData())
        except progress_up.ProgressUpError as exc:
            messages.error(self, str(exc))
            return None
        if ahead.nothing_recorded and not messages.confirm(
            self,
            ahead.describe(),
            title="Chưa ghi tiến độ",
            yes="Vẫn &gửi",
            no="&Không gửi",
            detail="Ghi tiến độ ở thẻ Theo dõi (hoặc nhập từ Excel) trước khi gửi, trừ khi đúng là chưa triển khai "
            "nhiệm vụ nào.",
        ):
            return None
        me = identity.me(self.ctx.db)
        number = ahead.upstream.number
        name = progress_up.default_file_name(me.name, number, dt.date.today())
        path, _ = QFileDialog.getSaveFileName(
            self, "Ghi tệp tiến độ gửi cấp trên", str(Path(start_dir(self.settings)) / name), "Tệp tiến độ (*.khtiendo)"
        )
        if not path:
            return None
        remember_dir(self.settings, path)
        try:
            out = progress_up.export_up(self.ctx.db, plan_id, path, period=self.up_period.currentData())
        except progress_up.ProgressUpError as exc:
            messages.error(self, str(exc))
            return None
        except OSError as exc:
            from ...core import oserrors

            messages.error(self, oserrors.describe(exc, path))
            return None
        # Some tasks still without progress go up «Chưa triển khai»: said, as the command line says it.
        note = f"\n\n{ahead.describe()}" if ahead.unrecorded and not ahead.nothing_recorded else ""
        label = self.up_period.currentText()
        messages.info(self, f"Đã ghi tệp tiến độ ({label}):\n{out}\n\nGửi tệp này cho cấp trên.{note}")
        return out

    def consolidate_folder(self) -> None:
        if self.ctx.refuse_writing(self, "tổng hợp"):
            return
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục chứa tệp của cấp dưới", start_dir(self.settings))
        if folder:
            remember_dir(self.settings, folder)
            self.consolidate_paths([folder])

    def consolidate_files(self) -> None:
        if self.ctx.refuse_writing(self, "tổng hợp"):
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Chọn tệp tiến độ, giấy báo tiếp nhận của cấp dưới", start_dir(self.settings), FILE_FILTER
        )
        if paths:
            remember_dir(self.settings, paths[0])
            self.consolidate_paths(paths)

    def consolidate_paths(self, paths: list[str], *, modal: bool = True) -> None:
        """Read on a worker (progress bar, Hủy), preview, then apply as one undoable step."""

        def work(progress, cancelled, db, items):  # on a connection of its own (with_db)
            return consolidate.preview(db, items, progress, cancelled)

        self.ctx.run_job(
            self, "Đang đọc tệp của cấp dưới", work, paths, on_done=self._show_preview, modal=modal, with_db=True
        )

    def _show_preview(self, pv: consolidate.ConsolidatePreview) -> None:
        if pv.cancelled:  # Hủy while reading: nothing shown, nothing written (it showed part of the batch)
            self.status.setText("Đã hủy tổng hợp; chưa ghi gì.")
            return
        if not pv.outcomes:
            messages.info(
                self,
                "Không có tệp tiến độ (.khtiendo) hay giấy báo tiếp nhận (.khnhan) nào ở đó."
                + (f"\n\n{pv.note}" if pv.note else ""),
            )
            return
        dialog = ConsolidatePreviewDialog(self, pv)
        self.last_preview_dialog = dialog
        if dialog.exec() != ConsolidatePreviewDialog.Accepted or not pv.pending:
            return
        self.ctx.push(consolidate.ApplyConsolidation(pv))
        plan_id = pv.pending[0].plan_id
        index = self.sent.findData(plan_id)
        if index >= 0:
            self.sent.setCurrentIndex(index)

    def make_summary(self) -> int | None:
        # In a window «chỉ để xem» it failed silently (a traceback on stderr only: the walk).
        if self.ctx.refuse_writing(self, "lập báo cáo tổng hợp"):
            return None
        plan_id = self.sent.currentData()
        if plan_id is None:
            messages.info(self, "Chưa có kế hoạch đã gửi xuống để tổng hợp.")
            return None
        try:
            doc = summary_report.build_summary(self.ctx.db, plan_id)
        except summary_report.SummaryError as exc:
            messages.error(self, str(exc))
            return None
        draft = summary_report.save_summary(self.ctx.db, doc)
        self.ctx.notify(Changes(plans={draft}, structure=True))
        messages.info(
            self,
            "Đã lưu dự thảo Báo cáo tổng hợp trong danh sách của thẻ Kế hoạch. Mở ra để viết phần đánh giá, "
            "rồi xem trước và in.",
        )
        return draft

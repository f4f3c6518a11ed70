"""A stacked bar per unit, drawn with QPainter (PySide6-Essentials has no QtCharts).

Each bar carries its counts as text and a legend names every colour, so the chart
reads in black-and-white print and for colour-blind users too.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...tracking.status import STATUS_MARKS, STATUS_NAMES, STATUSES

# Stronger tones than the table fills, so adjacent segments stay distinct.
BAR_COLOURS = {
    "not_started": "#A6A6A6",
    "in_progress": "#5B9BD5",
    "done_on_time": "#70AD47",
    "done_late": "#FFC000",
    "overdue": "#C00000",
}


class UnitBarChart(QWidget):
    ROW_H = 26
    LEGEND_H = 26

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data: list[tuple[str, Counter]] = []
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)
        self.setAccessibleName("Biểu đồ số nhiệm vụ theo đơn vị và tình trạng")

    def set_data(self, by_unit: dict[str, Counter]) -> None:
        self.data = list(by_unit.items())
        self.updateGeometry()
        self.update()

    def _legend_layout(self, width: int) -> list[tuple[str, float, float]]:
        fm = self.fontMetrics()
        out, x, y = [], 4.0, 0.0
        for s in STATUSES:
            item_w = 16 + fm.horizontalAdvance(f"{STATUS_MARKS[s]} {STATUS_NAMES[s]}") + 14
            if x > 4 and x + item_w > width:
                x, y = 4.0, y + self.LEGEND_H
            out.append((s, x, y))
            x += item_w
        return out

    def _legend_height(self, width: int) -> int:
        return int(max(y for _, _, y in self._legend_layout(width)) + self.LEGEND_H)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._legend_height(width) + 12 + self.ROW_H * max(1, len(self.data))

    def sizeHint(self) -> QSize:
        return QSize(600, self.heightForWidth(max(self.width(), 600)))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def bar_segments(self) -> list[list[tuple[str, int]]]:
        """Per unit, the (status, count) segments drawn left to right (used by tests)."""
        return [[(s, c[s]) for s in STATUSES if c[s]] for _, c in self.data]

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        fm = p.fontMetrics()
        w = self.width()
        # Legend: colour box, mark and name of each status, wrapped to the width.
        for s, x, y0 in self._legend_layout(w):
            p.fillRect(QRectF(x, y0 + 6, 12, 12), QColor(BAR_COLOURS[s]))
            p.setPen(self.palette().text().color())
            p.drawText(int(x + 16), int(y0 + 17), f"{STATUS_MARKS[s]} {STATUS_NAMES[s]}")
        legend_h = self._legend_height(w)
        if not self.data:
            p.drawText(4, legend_h + 20, "Chưa có nhiệm vụ nào trong phạm vi đã chọn.")
            return
        label_w = min(max(fm.horizontalAdvance(name) for name, _ in self.data) + 12, int(w * 0.35))
        total_max = max(sum(c.values()) for _, c in self.data) or 1
        bar_w = max(40, w - label_w - 60)
        y = legend_h + 8
        for name, counts in self.data:
            p.setPen(self.palette().text().color())
            elided = fm.elidedText(name, Qt.ElideRight, label_w - 8)
            p.drawText(QRectF(0, y, label_w - 6, self.ROW_H - 6), Qt.AlignRight | Qt.AlignVCenter, elided)
            bx = float(label_w)
            for s in STATUSES:
                n = counts[s]
                if not n:
                    continue
                seg = bar_w * n / total_max
                rect = QRectF(bx, y + 2, seg, self.ROW_H - 10)
                p.fillRect(rect, QColor(BAR_COLOURS[s]))
                p.setPen(QPen(QColor("white"), 1))
                p.drawRect(rect)
                if seg > fm.horizontalAdvance(str(n)) + 4:
                    p.setPen(QColor("white") if s in ("overdue", "in_progress") else QColor("black"))
                    p.drawText(rect, Qt.AlignCenter, str(n))
                bx += seg
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(bx + 6, y, 54, self.ROW_H - 6), Qt.AlignLeft | Qt.AlignVCenter, str(sum(counts.values())))
            y += self.ROW_H
        p.end()

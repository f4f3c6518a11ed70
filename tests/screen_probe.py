"""What a user sees in a window, for tests: every text on screen, and what is clipped.

Used by tests/desktop_screens.py (every tab and dialog at 1366×768 and at 125 %) and by the
first-hour tests (issue 20): no ISO dates on screen, no cut-off buttons, labels, tabs,
column headers, and rows tall enough for Vietnamese stacked marks ("Ữ", "Ặ").
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QToolBar,
    QToolButton,
    QWidget,
)

ISO_DATE = re.compile(r"(?<!\d)(19|20)\d\d-[01]\d-[0-3]\d(?!\d)")
# Capitals with a mark above a mark: the tallest Vietnamese letters.
STACKED = "ỮẶỦẪỖ"


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _model_texts(view: QAbstractItemView, limit: int = 60):
    model = view.model()
    if model is None:
        return

    def walk(parent: QModelIndex, depth: int):
        try:
            columns = model.columnCount(parent)
        except TypeError:  # a list model: one column (PySide makes its columnCount private)
            columns = 1
        for r in range(min(model.rowCount(parent), limit)):
            for c in range(columns):
                index = model.index(r, c, parent)
                value = index.data(Qt.DisplayRole)
                if value is not None:
                    yield index, str(value)
            first = model.index(r, 0, parent)
            if depth < 3 and columns and model.rowCount(first):
                yield from walk(first, depth + 1)

    yield from walk(view.rootIndex(), 0)


def visible_texts(root: QWidget) -> list[str]:
    """Texts of the shown widgets under *root*: labels, buttons, fields, items, headers."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not _shown(w):
            continue
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            out.append(w.text())
        elif isinstance(w, QComboBox):
            out.append(w.currentText())
        elif isinstance(w, QTabBar):
            out += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView):
            out += [text for _i, text in _model_texts(w)]
            for header in (getattr(w, "horizontalHeader", None), getattr(w, "header", None)):
                h = header() if header else None
                if h is not None and w.model() is not None:
                    out += [str(w.model().headerData(i, Qt.Horizontal) or "") for i in range(h.count())]
    return out


def iso_dates(root: QWidget) -> list[str]:
    return [t for t in visible_texts(root) if ISO_DATE.search(t or "")]


def stacked_mark_room(font) -> int:
    """The row height a one-line item needs so "Ữ" keeps its marks: the line height plus, on
    both sides (the text is centred), what the marks rise above the font's ascent."""
    fm = QFontMetrics(font)
    over = max(0, -fm.tightBoundingRect(STACKED).top() - fm.ascent())
    return fm.height() + 2 * over


def clipped(root: QWidget) -> list[str]:
    """Descriptions of the shown widgets under *root* whose text does not fit."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not _shown(w):
            continue
        name = f"{type(w).__name__}({w.objectName() or ''})"
        if isinstance(w, (QAbstractButton, QLabel, QComboBox)) and (w.text() if hasattr(w, "text") else True):
            seen = w.visibleRegion().boundingRect()
            if seen.width() < w.width() - 1 and (seen.left() > 0 or seen.right() < w.width() - 1):
                text = w.text() if hasattr(w, "text") else w.currentText()
                out.append(f"{name} «{text[:60]}»: only {seen.width()} of {w.width()} px in view (scrolled sideways)")
                continue
        if isinstance(w, QAbstractButton) and w.text() and not isinstance(w, QToolButton):
            need = w.sizeHint().width()
            if w.width() < need - 1:
                out.append(f"{name} «{w.text()}»: {w.width()} < {need}")
        elif isinstance(w, QToolButton) and w.text() and w.toolButtonStyle() != Qt.ToolButtonIconOnly:
            if w.width() < w.sizeHint().width() - 1:
                out.append(f"{name} «{w.text()}»: {w.width()} < {w.sizeHint().width()}")
        elif isinstance(w, QLabel) and w.text() and not w.wordWrap() and w.pixmap().isNull():
            need = w.sizeHint()
            if w.width() < need.width() - 1 or w.height() < QFontMetrics(w.font()).height():
                out.append(f"{name} «{w.text()[:60]}»: {w.width()}×{w.height()} < {need.width()}×{need.height()}")
        elif isinstance(w, QToolBar) and w.orientation() == Qt.Horizontal:
            ext = w.findChild(QToolButton, "qt_toolbar_ext_button")
            if ext is not None and ext.isVisible():
                hidden = [a.text() for a in w.actions() if a.isVisible() and not w.widgetForAction(a).isVisible()]
                out.append(f"{name} hides {hidden} behind »")
        elif isinstance(w, QTabBar) and w.count():
            need = sum(w.tabSizeHint(i).width() for i in range(w.count()))
            if w.width() < need - 1 and w.shape() in (QTabBar.RoundedNorth, QTabBar.RoundedSouth):
                out.append(f"{name} tabs {[w.tabText(i) for i in range(w.count())]}: {w.width()} < {need}")
        elif isinstance(w, QComboBox) and w.currentText() and len(w.currentText()) <= 40:
            # A short choice («(chưa chọn)», «Quý IV/2026») must show whole; a plan's long title in
            # a narrow picker is elided on purpose (the list that drops down shows it whole).
            need = QFontMetrics(w.font()).horizontalAdvance(w.currentText()) + 28
            if w.width() < need and not w.isEditable():
                out.append(f"{name} «{w.currentText()}»: {w.width()} < {need}")
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Horizontal and w.model() is not None:
            fm = QFontMetrics(w.font())
            for i in range(w.count()):
                if w.isSectionHidden(i) or w.sectionSize(i) == 0:
                    continue
                text = str(w.model().headerData(i, Qt.Horizontal) or "")
                widest = max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)
                if text and w.sectionSize(i) < widest + 8:
                    out.append(f"{name} column «{text}»: {w.sectionSize(i)} < {widest + 8}")
        if isinstance(w, QAbstractItemView) and w.model() is not None and w.model().rowCount(w.rootIndex()):
            index = w.model().index(0, 0, w.rootIndex())
            height = w.visualRect(index).height()
            need = stacked_mark_room(w.font())
            if 0 < height < need:
                out.append(f"{name} rows {height} px < {need} px for «{STACKED}»")
    return out

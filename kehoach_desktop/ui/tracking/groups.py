"""A list of groups that says how many first and reads its rows when a group is opened.

Used by the dashboard's overdue / due-soon lists and by the reminder window: at 100,000
tasks a group may hold 40,000 rows, so a group shows its count ("412 nhiệm vụ quá hạn
trên 90 ngày") and reads a page of rows when it is expanded, then one more page each
time «Xem thêm…» is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

PAGE = 100
MORE = "more"


@dataclass
class Group:
    key: str
    label: str  # the group's line, count included
    count: int
    # fetch(offset, limit) → rows as (columns, (kind, id)); called on the GUI thread when opened.
    fetch: Callable[[int, int], Sequence[tuple[Sequence[str], tuple[str, int]]]]
    expanded: bool = False  # open (and filled) at once: small groups the user must see


class GroupTree(QTreeWidget):
    activated = Signal(str, int)  # kind ("task" / "directive"), id

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self.setHeaderLabels(list(headers))
        self.groups: dict[str, Group] = {}
        self._open_at_once: list[QTreeWidgetItem] = []
        self.itemExpanded.connect(self._expanded)
        self.itemActivated.connect(self._activated)

    def set_groups(self, groups: Sequence[Group]) -> None:
        self.clear()
        self._open_at_once = []
        self.groups = {g.key: g for g in groups}
        for g in groups:
            top = QTreeWidgetItem([g.label])
            top.setData(0, Qt.UserRole, ("group", g.key))
            top.setChildIndicatorPolicy(
                QTreeWidgetItem.ShowIndicator if g.count else QTreeWidgetItem.DontShowIndicatorWhenChildless
            )
            self.addTopLevelItem(top)
            if g.expanded and g.count:
                self._open_at_once.append(top)
        if self.isVisible():
            self._fill_open()

    def showEvent(self, event) -> None:
        """Small groups are shown open: their rows are read when the list is first seen
        (a hidden dashboard reads nothing)."""
        super().showEvent(event)
        self._fill_open()

    def _fill_open(self) -> None:
        pending, self._open_at_once = self._open_at_once, []
        for top in pending:
            data = top.data(0, Qt.UserRole)
            if top.childCount() == 0:
                self._fill(top, data[1])
            top.setExpanded(True)

    def group_item(self, key: str) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, Qt.UserRole) == ("group", key):
                return item
        return None

    def loaded(self, key: str) -> int:
        """Rows of group *key* read so far."""
        item = self.group_item(key)
        if item is None:
            return 0
        return sum(1 for i in range(item.childCount()) if item.child(i).data(0, Qt.UserRole)[0] != MORE)

    def _fill(self, top: QTreeWidgetItem, key: str) -> None:
        group = self.groups[key]
        more = top.child(top.childCount() - 1) if top.childCount() else None
        if more is not None and more.data(0, Qt.UserRole)[0] == MORE:
            top.removeChild(more)
        offset = top.childCount()
        for columns, ident in group.fetch(offset, PAGE):
            child = QTreeWidgetItem([str(c) for c in columns])
            child.setData(0, Qt.UserRole, ident)
            child.setToolTip(0, str(columns[0]))
            top.addChild(child)
        left = group.count - top.childCount()
        if left > 0:
            item = QTreeWidgetItem([f"… Xem thêm {min(left, PAGE)} trong {left} dòng còn lại (Enter)"])
            item.setData(0, Qt.UserRole, (MORE, key))
            top.addChild(item)

    def _expanded(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.UserRole)
        if data and data[0] == "group" and item.childCount() == 0 and self.groups[data[1]].count:
            self._fill(item, data[1])

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        data = item.data(0, Qt.UserRole)
        if not data:
            return
        kind, ident = data
        if kind == MORE:
            self._fill(item.parent(), ident)
        elif kind != "group":
            self.activated.emit(kind, int(ident))

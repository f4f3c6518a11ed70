"""The office's unit list, editable with undo (used by the task panel's pickers)."""

from __future__ import annotations

import pytest

from kehoach_desktop.store import profile, unit_ops, units
from kehoach_desktop.store.commands import UndoStack


def test_add_rename_deactivate_with_undo(db):
    stack = UndoStack(db)
    add = unit_ops.AddUnit("Chi bộ thôn Đông", "CB Đông", "chi bộ")
    stack.push(add)
    assert [r["name"] for r in profile.units(db)] == ["Chi bộ thôn Đông"]
    stack.push(unit_ops.UpdateUnit(db, add.unit_id, {"name": "Chi bộ thôn Đông Hòa"}))
    stack.push(unit_ops.UpdateUnit(db, add.unit_id, {"active": 0}))
    assert profile.units(db) == []  # hidden from pickers
    assert units.all_units(db)[0]["name"] == "Chi bộ thôn Đông Hòa"
    stack.undo()
    stack.undo()
    assert [r["name"] for r in profile.units(db)] == ["Chi bộ thôn Đông"]
    stack.undo()
    assert units.all_units(db) == []


def test_duplicate_or_empty_names_are_refused(db):
    stack = UndoStack(db)
    stack.push(unit_ops.AddUnit("Đoàn Thanh niên xã"))
    other = unit_ops.AddUnit("Hội Phụ nữ xã")
    stack.push(other)
    with pytest.raises(ValueError, match="Đã có"):
        stack.push(unit_ops.UpdateUnit(db, other.unit_id, {"name": "Đoàn Thanh niên xã"}))
    with pytest.raises(ValueError, match="đã có"):
        stack.push(unit_ops.AddUnit("Đoàn Thanh niên xã"))
    with pytest.raises(ValueError):
        unit_ops.AddUnit("   ")

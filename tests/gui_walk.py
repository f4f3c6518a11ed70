"""A seeded random walk through the real main window, as a person works (issue 13).

The walk types Vietnamese into an item's text, the Căn cứ, the Đoạn kết and the task
fields (key events, sometimes the Unikey way), picks units, pauses for less and for more
than the commit interval, moves in the tree with the keyboard, switches the editor's
pages and the window's tabs, undoes and redoes (menu and Ctrl+Z), presses Ctrl+S, and
closes and reopens the window on the same file. After every step it compares what a
separate sqlite3 connection reads from the file with what the screen shows.

What must hold, and when (``Walk.check``):

* Always: the tree shows each item's text as in the file; an editor holding no
  uncommitted typing (item text, Căn cứ, Đoạn kết, each task field) shows exactly the
  file's value; the task panel of an item that is no task in the file says so; the
  plan's task list has a row for exactly the items that are tasks in the file, with
  their lead unit; for text being typed whose stash timer has fired (item text, Căn cứ,
  Đoạn kết, a task's product and deadline wording), the file's crash stash holds exactly
  the text on screen (what a SIGKILL now would offer back).
* At a commit point — after a pause longer than the commit interval, Ctrl+S, undo or
  redo, leaving the plan tab, closing — nothing is left uncommitted: every editor equals
  the file and the file holds no crash stash.
* After a clean close and reopen: no recovery is offered, and the reopened window shows
  what the file holds.

Used by ``tests/test_gui_model_walk.py`` (≥ 200 steps per CI run) and
``benchmarks/gui_soak.py`` (thousands). The seed is printed; ``KEHOACH_WALK_SEED``
replays a walk.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from typing_helpers import type_text

from kehoach_desktop.core.dates import DateError, parse_date
from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.core.templates import get_template
from kehoach_desktop.store import open_database, plan_ops, profile
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.directives import ensure_levels
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.plans import text_commit

COMMIT_MS = 120
STASH_MS = 50
UNITS = ("Văn phòng Đảng ủy", "Ban Xây dựng Đảng", "Đoàn Thanh niên xã", "Ủy ban Mặt trận Tổ quốc xã")
WORDS = (
    "Đảng ủy",
    "học tập",
    "quán triệt",
    "nghị quyết",
    "chi bộ",
    "tuyên truyền",
    "đảng viên",
    "Ữ",
    "Ặ",
    "quý 3/2026",
    "năm 2026",
    "kết luận",
    "Mặt trận Tổ quốc",
    "thường xuyên",
    "báo cáo",
    "(bổ sung)",
    "—",
    ";",
    ",",
)


def seed_from_env(default: int | None = None) -> int:
    value = os.environ.get("KEHOACH_WALK_SEED")
    if value:
        return int(value)
    return default if default is not None else random.SystemRandom().randrange(1, 2**31)


class WalkFailure(AssertionError):
    pass


@dataclass
class FileState:
    nodes: dict[int, str]
    basis: str
    closing: str
    tasks: dict[int, dict]  # node_id → task row (+ "unit_ids")
    stash: dict[str, str]  # autosave target → text


@dataclass
class Walk:
    path: Path
    seed: int
    log: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    offers: list[str] = field(default_factory=list)  # recovery offers seen (must stay empty)
    errors: list[str] = field(default_factory=list)  # error dialogs seen (must stay empty)
    window: object = None
    plan_id: int = 0
    reopen_count: int = 0
    checks: int = 0
    elapsed: float = 0.0

    # -- set-up ---------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._tour: list[str] = []
        self._settings_dir = Path(tempfile.mkdtemp(prefix="walk-settings-"))
        self.reader = sqlite3.connect(self.path)
        # Short intervals (the pauses stay real), and dialogs recorded instead of shown.
        self._saved = (text_commit.COMMIT_MS, text_commit.STASH_MS, messages.confirm, messages.error)
        text_commit.COMMIT_MS = COMMIT_MS
        text_commit.STASH_MS = STASH_MS
        messages.confirm = self._confirm  # a recovery offer is recorded and declined
        messages.error = lambda parent, text, *a, **k: self.errors.append(text)

    @classmethod
    def create(cls, folder: Path, seed: int) -> Walk:
        """A file with the office, four units and one draft plan from the yearly-work template."""
        path = folder / "walk.sqlite3"
        db = open_database(path)
        ensure_levels(db)
        prof = OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình")
        profile.save(db, prof)
        for name in UNITS:
            profile.add_unit(db, name)
        cmd = plan_ops.CreatePlan(get_template("yearly-work"), prof, year=2026, topic="lý luận chính trị")
        UndoStack(db).push(cmd)
        db.close()
        walk = cls(path, seed)
        walk.plan_id = cmd.plan_id
        walk.open()
        return walk

    def _confirm(self, parent, text, *args, **kwargs) -> bool:
        self.offers.append(text)
        return False

    def open(self) -> None:
        from kehoach_desktop.ui.context import AppContext
        from kehoach_desktop.ui.main_window import MainWindow

        db = open_database(self.path)
        settings = QSettings(str(self._settings_dir / "settings.ini"), QSettings.IniFormat)
        # The overdue reminders window (another feature) would pop up 1.2 s after each start and
        # take the keyboard in the middle of a step: this office turned it off.
        settings.setValue("tracking/remind_on_start", False)
        win = MainWindow(AppContext(db), settings=settings)
        win.resize(1366, 740)
        win.show()
        win.activateWindow()
        QTest.qWaitForWindowActive(win, 1000)
        QTest.qWait(20)  # the start-up recovery offer runs on the first event-loop turns
        win.show_tab("plans")
        panel = win.plans_panel
        panel.list.setCurrentRow(0)  # the person picks the plan in the list
        panel.editor.tree.setFocus()
        self.window = win
        QApplication.processEvents()

    def close(self) -> None:
        win = self.window
        db = win.ctx.db
        win.close()
        QApplication.processEvents()
        db.close()
        win.deleteLater()
        QApplication.processEvents()
        self.window = None

    def finish(self) -> None:
        try:
            if self.window is not None:
                self.close()
            self.reader.close()
        finally:
            text_commit.COMMIT_MS, text_commit.STASH_MS, messages.confirm, messages.error = self._saved

    # -- the screen ---------------------------------------------------------------------------------
    @property
    def editor(self):
        return self.window.plans_panel.editor

    def _say(self, what: str) -> None:
        self.log.append(what)
        del self.log[:-40]

    def _phrase(self, multiline: bool) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(1, 4))]
        text = " " + " ".join(words)
        if multiline and self.rng.random() < 0.1:
            text += "\n"
        return text

    def _type_into(self, widget, multiline: bool) -> None:
        widget.setFocus(Qt.OtherFocusReason)
        if isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            where = self.rng.random()
            cursor.movePosition(QTextCursor.End if where < 0.7 else QTextCursor.Start)
            widget.setTextCursor(cursor)
        else:
            widget.end(False)
        if self.rng.random() < 0.15:  # a few backspaces first (a correction)
            for _ in range(self.rng.randint(1, 4)):
                QTest.keyClick(widget, Qt.Key_Backspace)
        type_text(widget, self._phrase(multiline), unikey=self.rng.random() < 0.5)

    # -- actions (each one thing a person does) ------------------------------------------------------
    def act_type_item(self) -> bool:
        ed = self.editor
        if ed.current_node_id() is None:
            return False
        ed.tabs.setCurrentIndex(0)
        self._type_into(ed.node_text, multiline=True)
        return False

    def act_type_basis(self) -> bool:
        ed = self.editor
        ed.show_page(ed.header_tab)
        self._type_into(ed.header_tab.basis, multiline=True)
        return False

    def act_type_closing(self) -> bool:
        ed = self.editor
        ed.show_page(ed.header_tab)
        self._type_into(ed.header_tab.closing, multiline=True)
        return False

    def act_type_task_field(self) -> bool:
        ed = self.editor
        if ed.current_node_id() is None:
            return False
        ed.tabs.setCurrentIndex(0)
        task = ed.task_panel
        self._type_into(self.rng.choice((task.product, task.deadline_text)), multiline=False)
        return False

    def act_type_date(self) -> bool:
        ed = self.editor
        if ed.current_node_id() is None:
            return False
        ed.tabs.setCurrentIndex(0)
        task = ed.task_panel
        edit = self.rng.choice((task.start, task.end))
        edit.setFocus(Qt.OtherFocusReason)
        edit.selectAll()
        day = self.rng.randint(1, 28)
        type_text(edit, f"{day:02d}/{self.rng.randint(1, 12):02d}/2026")
        return False

    def act_pick_unit(self) -> bool:
        ed = self.editor
        if ed.current_node_id() is None:
            return False
        ed.tabs.setCurrentIndex(0)
        task = ed.task_panel
        combo = self.rng.choice((task.lead, task.kind))
        combo.setFocus(Qt.OtherFocusReason)
        QTest.keyClick(combo, self.rng.choice((Qt.Key_Down, Qt.Key_Up)))  # a pick: saved at once
        return False

    def act_tick_helper(self) -> bool:
        ed = self.editor
        task = ed.task_panel
        if ed.current_node_id() is None or task.helpers.count() == 0:
            return False
        ed.tabs.setCurrentIndex(0)
        item = task.helpers.item(self.rng.randrange(task.helpers.count()))
        item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)
        return False

    def act_pause_short(self) -> bool:
        QTest.qWait(max(1, min(STASH_MS, COMMIT_MS) // 3))
        return False

    def act_pause_stash(self) -> bool:
        """Longer than the stash interval, shorter than the commit interval."""
        QTest.qWait((STASH_MS + COMMIT_MS) // 2)
        return False

    def act_pause_long(self) -> bool:
        QTest.qWait(COMMIT_MS * 2 + 40)
        return True

    def act_move_in_tree(self) -> bool:
        ed = self.editor
        ed.tree.setFocus(Qt.OtherFocusReason)
        for _ in range(self.rng.randint(1, 4)):
            QTest.keyClick(ed.tree, self.rng.choice((Qt.Key_Down, Qt.Key_Down, Qt.Key_Up, Qt.Key_Home)))
        return False

    def act_pick_in_task_list(self) -> bool:
        ed = self.editor
        lst = ed.task_list
        if lst.rowCount() == 0:
            return False
        row = self.rng.randrange(lst.rowCount())
        rect = lst.visualItemRect(lst.item(row, 1))
        if not rect.isValid() or rect.isEmpty():
            return False
        QTest.mouseClick(lst.viewport(), Qt.LeftButton, pos=rect.center())
        return False

    def act_switch_page(self) -> bool:
        ed = self.editor
        ed.tabs.setCurrentIndex(self.rng.randrange(ed.tabs.count()))
        return False

    def act_switch_window_tab(self) -> bool:
        win = self.window
        key = self.rng.choice(("registry", "tracking"))
        win.show_tab(key)
        QApplication.processEvents()
        win.show_tab("plans")
        self.editor.tree.setFocus()
        return True  # the plan editor was hidden: everything typed in it is committed

    def _undo_redo(self, redo: bool) -> bool:
        """Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z where the cursor is, or Sửa → Hoàn tác / Làm lại. The
        window's undo commits what is being typed first, so it is a commit point, unless there
        was nothing to undo (the action is disabled). In the item text, Căn cứ and Đoạn kết the
        keys step the plan's history too, always committing first; a one-line field keeps its
        own undo."""
        win = self.window
        action = win.redo_action if redo else win.undo_action
        enabled = action.isEnabled()
        focus = QApplication.focusWidget()
        if self.rng.random() < 0.5 and focus is not None and win.isAncestorOf(focus):
            if redo:
                key = self.rng.choice(
                    ((Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier), (Qt.Key_Y, Qt.ControlModifier))
                )
            else:
                key = (Qt.Key_Z, Qt.ControlModifier)
            QTest.keyClick(focus, *key)
            ed = self.editor
            if focus in (ed.node_text, ed.header_tab.basis, ed.header_tab.closing):
                return True
            return enabled and not isinstance(focus, (QPlainTextEdit, QLineEdit))
        action.trigger()
        return enabled

    def act_undo(self) -> bool:
        return self._undo_redo(redo=False)

    def act_redo(self) -> bool:
        return self._undo_redo(redo=True)

    def act_ctrl_s(self) -> bool:
        win = self.window
        focus = QApplication.focusWidget()
        target = focus if focus is not None and win.isAncestorOf(focus) else win
        win.statusBar().clearMessage()
        QTest.keyClick(target, Qt.Key_S, Qt.ControlModifier)
        message = win.statusBar().currentMessage()
        if not (message.startswith("Đã lưu lúc") or message == "Mọi thay đổi đã được lưu"):
            raise WalkFailure(f"Ctrl+S nói: {message!r}")
        return True

    def act_close_reopen(self) -> bool:
        before = self.screen_texts()
        self.close()
        state = self.read_file()
        if state.stash:
            raise WalkFailure(f"còn bản gõ dở sau khi đóng bình thường: {state.stash}")
        for where, text in before.items():
            stored = self._stored(state, where)
            if stored != text:
                raise WalkFailure(f"sau khi đóng, tệp giữ {where} = {stored!r}, màn hình đã hiện {text!r}")
        offers = len(self.offers)
        self.open()
        self.reopen_count += 1
        if len(self.offers) != offers:
            raise WalkFailure(f"mở lại sau khi đóng bình thường mà vẫn đề nghị khôi phục: {self.offers[-1]!r}")
        return True

    ACTIONS: tuple[tuple[str, int], ...] = (
        ("type_item", 14),
        ("type_basis", 5),
        ("type_closing", 5),
        ("type_task_field", 8),
        ("type_date", 2),
        ("pick_unit", 4),
        ("tick_helper", 3),
        ("pause_short", 10),
        ("pause_stash", 5),
        ("pause_long", 8),
        ("move_in_tree", 10),
        ("pick_in_task_list", 3),
        ("switch_page", 6),
        ("switch_window_tab", 2),
        ("undo", 6),
        ("redo", 3),
        ("ctrl_s", 4),
        ("close_reopen", 1),
    )

    def _dismiss_dialogs(self) -> None:
        """A person closes what popped up (the start-up reminders of overdue tasks) first."""
        from PySide6.QtWidgets import QDialog

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
                self.counts["dismiss_dialog"] = self.counts.get("dismiss_dialog", 0) + 1
        QApplication.processEvents()
        if QApplication.activeWindow() is not self.window:  # back to the main window, as a click does
            self.window.activateWindow()
            QTest.qWaitForWindowActive(self.window, 1000)

    def step(self, number: int) -> None:
        self._dismiss_dialogs()
        names = [a for a, _ in self.ACTIONS]
        weights = [w for _, w in self.ACTIONS]
        if not self._tour:  # every kind of step once, in a random order, then weighted draws
            self._tour = self.rng.sample(names, len(names))
        if number <= len(names):
            name = self._tour[number - 1]
        elif number % 50 == 0:
            name = "close_reopen"  # at least one quit and restart per 50 steps
        else:
            name = self.rng.choices(names, weights)[0]
        focus = QApplication.focusWidget()
        self._say(f"{number}: {name} (con trỏ ở {type(focus).__name__ if focus is not None else '-'})")
        commit_point = getattr(self, f"act_{name}")()
        self.counts[name] = self.counts.get(name, 0) + 1
        QApplication.processEvents()
        self.check(commit_point)
        if self.errors:
            raise WalkFailure(f"hộp báo lỗi hiện ra: {self.errors[-1]!r}")

    def run(self, steps: int, progress: Callable[[int], None] | None = None) -> None:
        for number in range(1, steps + 1):
            try:
                self.step(number)
            except WalkFailure as exc:
                raise WalkFailure(
                    f"seed {self.seed}, bước {number}: {exc}\nCác bước cuối:\n  "
                    + "\n  ".join(self.log)
                    + f"\nCon trỏ ở: {self._focus_chain()}"
                ) from None
            if progress is not None:
                progress(number)

    def _focus_chain(self) -> str:
        widget, chain = QApplication.focusWidget(), []
        while widget is not None:
            chain.append(f"{type(widget).__name__}({widget.objectName()})")
            widget = widget.parentWidget()
        return " < ".join(chain) or "(không có)"

    # -- the file ------------------------------------------------------------------------------------------
    def read_file(self) -> FileState:
        con = self.reader
        nodes = dict(con.execute("SELECT id, text FROM plan_nodes WHERE plan_id = ?", (self.plan_id,)).fetchall())
        basis, closing = con.execute(
            "SELECT basis_text, closing_text FROM plans WHERE id = ?", (self.plan_id,)
        ).fetchone()
        cols = ("id", "node_id", "lead_unit_id", "deadline_kind", "deadline_start", "deadline_end")
        cols += ("deadline_text", "product")
        tasks: dict[int, dict] = {}
        for row in con.execute(f"SELECT {', '.join(cols)} FROM tasks WHERE plan_id = ?", (self.plan_id,)):
            data = dict(zip(cols, row))
            data["unit_ids"] = sorted(
                r[0] for r in con.execute("SELECT unit_id FROM task_units WHERE task_id = ?", (data["id"],))
            )
            tasks[data["node_id"]] = data
        stash = {}
        for (value,) in con.execute("SELECT value FROM meta WHERE key LIKE 'autosave/%'"):
            data = json.loads(value)
            stash[data["target"]] = data["text"]
        return FileState(nodes, basis or "", closing or "", tasks, stash)

    def _stored(self, state: FileState, where: str) -> str | None:
        kind, _, ref = where.partition(":")
        if kind == "node":
            return state.nodes.get(int(ref))
        return state.basis if ref in ("basis", "basis_text") else state.closing

    def screen_texts(self) -> dict[str, str]:
        """The plan texts the screen shows now: target → text."""
        ed = self.editor
        shown = {f"node:{nid}": item.node.text for nid, item in ed.model.by_id.items()}
        for commit, widget in (
            (ed.node_commit, ed.node_text),
            (ed.header_tab.basis_commit, ed.header_tab.basis),
            (ed.header_tab.closing_commit, ed.header_tab.closing),
        ):
            if commit.target is not None:
                shown[commit.target] = widget.toPlainText()
        return shown

    # -- what must hold ---------------------------------------------------------------------------------------
    def check(self, commit_point: bool) -> None:
        self.checks += 1
        ed = self.editor
        if ed.plan_id != self.plan_id:
            raise WalkFailure(f"kế hoạch đang mở là {ed.plan_id}, không phải {self.plan_id}")
        state = self.read_file()
        for nid, item in ed.model.by_id.items():
            if state.nodes.get(nid) != item.node.text:
                raise WalkFailure(f"cây hiện mục {nid} = {item.node.text!r}, tệp giữ {state.nodes.get(nid)!r}")
        dirty = []
        for commit, widget in (
            (ed.node_commit, ed.node_text),
            (ed.header_tab.basis_commit, ed.header_tab.basis),
            (ed.header_tab.closing_commit, ed.header_tab.closing),
        ):
            if commit.target is None:
                continue
            shown = widget.toPlainText()
            stored = self._stored(state, commit.target)
            if commit.pending:
                dirty.append(commit.target)
                if not commit.stash_timer.isActive() and state.stash.get(commit.target) != shown:
                    raise WalkFailure(
                        f"{commit.target}: đang gõ {shown!r} nhưng bản lưu tạm trong tệp là "
                        f"{state.stash.get(commit.target)!r}"
                    )
            elif stored != shown:
                raise WalkFailure(f"{commit.target}: màn hình {shown!r}, tệp {stored!r}")
        task = ed.task_panel
        if task.dirty:
            dirty.append("task")
            if task.node is not None and not task.stash_timer.isActive():  # its stash has been written
                for name, edit in (("product", task.product), ("deadline_text", task.deadline_text)):
                    target = f"task:{task.node.id}/{name}"
                    if state.stash.get(target) != edit.text().strip():
                        raise WalkFailure(
                            f"{target}: đang gõ {edit.text()!r} nhưng bản lưu tạm là {state.stash.get(target)!r}"
                        )
        elif task.node is not None:
            self._check_task(task, state.tasks.get(task.node.id))
        listed = [(line.node_id, line.unit) for line in ed.task_list.lines]
        names = dict(self.reader.execute("SELECT id, name FROM units").fetchall())
        expected = sorted((nid, names.get(t["lead_unit_id"], "")) for nid, t in state.tasks.items())
        if sorted(listed) != expected:
            raise WalkFailure(f"danh sách nhiệm vụ {sorted(listed)} khác tệp {expected}")
        if commit_point:
            if dirty:
                raise WalkFailure(f"sau điểm lưu vẫn còn phần chưa lưu: {dirty}")
            if state.stash:
                raise WalkFailure(f"sau điểm lưu tệp vẫn giữ bản gõ dở: {state.stash}")

    def _check_task(self, task, stored: dict | None) -> None:
        if task.state is None:
            if stored is not None:
                raise WalkFailure(f"mục {task.node.id}: màn hình nói chưa là nhiệm vụ, tệp có nhiệm vụ")
            return
        if stored is None:
            raise WalkFailure(f"mục {task.node.id}: màn hình hiện nhiệm vụ, tệp không có")

        def day(edit) -> str | None:
            text = edit.text().strip()
            try:
                return parse_date(text).isoformat() if text else None
            except DateError:
                return "?" + text

        helpers = sorted(
            task.helpers.item(i).data(Qt.UserRole + 1)
            for i in range(task.helpers.count())
            if task.helpers.item(i).checkState() == Qt.Checked
        )
        shown = {
            "lead_unit_id": task.lead.currentData(),
            "deadline_kind": task.kind.currentData() or "",
            "deadline_start": day(task.start),
            "deadline_end": day(task.end),
            "deadline_text": task.deadline_text.text().strip(),
            "product": task.product.text().strip(),
            "unit_ids": helpers,
        }
        filed = {
            "lead_unit_id": stored["lead_unit_id"],
            "deadline_kind": stored["deadline_kind"] or "",
            "deadline_start": stored["deadline_start"],
            "deadline_end": stored["deadline_end"],
            "deadline_text": stored["deadline_text"] or "",
            "product": stored["product"] or "",
            "unit_ids": stored["unit_ids"],
        }
        if shown != filed:
            diff = {k: (shown[k], filed[k]) for k in shown if shown[k] != filed[k]}
            raise WalkFailure(f"nhiệm vụ của mục {task.node.id}: màn hình ≠ tệp {diff}")


def run_walk(steps: int, seed: int, folder: Path | None = None, progress=None) -> Walk:
    """Create a file, walk *steps* steps, close cleanly; returns the walk (counts, checks)."""
    folder = folder or Path(tempfile.mkdtemp(prefix="walk-"))
    walk = Walk.create(folder, seed)
    started = time.perf_counter()
    try:
        walk.run(steps, progress)
        walk.act_close_reopen()  # the last step: a clean quit offers nothing at the next start
        walk.check(commit_point=True)
    finally:
        walk.elapsed = time.perf_counter() - started
        walk.finish()
    return walk

"""The real GUI process with a person typing into it, for the SIGKILL harness (issue 13).

Not part of the program: a script that starts the program the way ``kehoach --db X``
does (``app.run_gui``: lock, safe open, main window), then, on a Qt timer inside that
process, types Vietnamese into the open plan through key events — an item's text, the
Căn cứ, the Đoạn kết — with pauses shorter and longer than the commit interval, moving
between items now and then. After every burst it appends what the screen shows to a log
(one JSON line: wall time, target, text; written through to the kernel, so it survives
the kill). The harness kills the process with SIGKILL at a random moment.

    python3 tests/gui_typist.py type    --db F --log L --seed N
    python3 tests/gui_typist.py recover --db F --answer accept|decline --report R

``recover`` starts the program on the file the way a person restarts it and answers the
recovery offer (which it records, with its wording, in the report), then quits normally.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # typing_helpers

WORDS = (
    "Đảng ủy",
    "học tập",
    "quán triệt",
    "nghị quyết",
    "chi bộ",
    "tuyên truyền",
    "đảng viên",
    "Ữ Ặ",
    "quý 3/2026",
    "kết luận",
    "Mặt trận Tổ quốc",
    "báo cáo",
    ",",
    ".",
)


def _main_window():
    from PySide6.QtWidgets import QApplication

    from kehoach_desktop.ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


class Typist:
    def __init__(self, log_path: Path, seed: int):
        from PySide6.QtCore import QTimer

        self.rng = random.Random(seed)
        self.log = open(log_path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (lives with the process)
        self.window = None
        self.widget = None
        self.target = ""
        self.timer = QTimer(singleShot=True)
        self.timer.timeout.connect(self.tick)

    def write(self, event: str, **data) -> None:
        self.log.write(json.dumps({"t": time.time(), "event": event, **data}, ensure_ascii=False) + "\n")
        self.log.flush()
        os.fsync(self.log.fileno())  # the line is in the kernel before the next keystroke

    def start(self) -> None:
        window = _main_window()
        if window is None:  # not up yet (start-up under load)
            self.timer.start(100)
            return
        self.window = window
        window.show_tab("plans")
        panel = window.plans_panel
        if panel.editor.plan_id is None:
            from kehoach_desktop.store import plans

            panel.open_plan(plans.list_rows(window.ctx.db)[0]["id"])
        self.choose_target()
        self.write("ready", pid=os.getpid())
        self.timer.start(30)

    def choose_target(self) -> None:
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QLineEdit

        editor = self.window.plans_panel.editor
        where = self.rng.random()
        if where < 0.72:
            ids = list(editor.model.by_id)
            node_id = self.rng.choice(ids)
            editor.select_node(node_id)
            editor.tabs.setCurrentIndex(0)
            if where < 0.6:
                self.widget, self.target = editor.node_text, f"node:{node_id}"
            else:  # the task's «Sản phẩm» of that item (typing makes it a task)
                self.widget, self.target = editor.task_panel.product, f"task:{node_id}/product"
        else:
            editor.show_page(editor.header_tab)
            tab = editor.header_tab
            if where < 0.86:
                self.widget, self.target = tab.basis, tab.basis_commit.target
            else:
                self.widget, self.target = tab.closing, tab.closing_commit.target
        self.widget.setFocus()
        if isinstance(self.widget, QLineEdit):
            self.widget.end(False)
        else:
            self.widget.moveCursor(QTextCursor.End)
        self.write("target", target=self.target, text=self.shown())

    def shown(self) -> str:
        """The text as saved would be: a line field is stored trimmed."""
        from PySide6.QtWidgets import QLineEdit

        if isinstance(self.widget, QLineEdit):
            return self.widget.text().strip()
        return self.widget.toPlainText()

    def tick(self) -> None:
        if self.window is None:
            self.start()
            return
        from typing_helpers import type_text

        roll = self.rng.random()
        if roll < 0.04:
            self.choose_target()  # moving on commits what was typed
        type_text(self.widget, " " + self.rng.choice(WORDS), unikey=self.rng.random() < 0.5)
        self.write("typed", target=self.target, text=self.shown())
        pause = self.rng.random()
        if pause < 0.06:
            self.timer.start(self.rng.randint(2600, 3600))  # longer than the commit interval
        elif pause < 0.2:
            self.timer.start(self.rng.randint(300, 1200))  # a short hesitation
        else:
            self.timer.start(self.rng.randint(40, 160))  # typing on


def type_mode(args) -> int:
    from PySide6.QtCore import QTimer

    typist = Typist(Path(args.log), args.seed)
    QTimer.singleShot(300, typist.start)
    return _run_gui(args.db)


def recover_mode(args) -> int:
    from PySide6.QtCore import QTimer

    from kehoach_desktop.ui import messages

    offers: list[str] = []

    def confirm(parent, text, *a, **k) -> bool:
        offers.append(text)
        return args.answer == "accept"

    messages.confirm = confirm  # the recovery offer's box, answered as the person would

    def done() -> None:
        window = _main_window()
        if window is None:
            QTimer.singleShot(100, done)
            return
        Path(args.report).write_text(json.dumps({"offers": offers}, ensure_ascii=False), encoding="utf-8")
        window.close()  # a normal quit

    QTimer.singleShot(800, done)  # after the offer (first event-loop turns)
    return _run_gui(args.db)


def _run_gui(db: str) -> int:
    from kehoach_desktop.app import run_gui

    return run_gui(argparse.Namespace(db=db, smoke=False, portable=False))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("type")
    t.add_argument("--db", required=True)
    t.add_argument("--log", required=True)
    t.add_argument("--seed", type=int, default=1)
    r = sub.add_parser("recover")
    r.add_argument("--db", required=True)
    r.add_argument("--answer", choices=("accept", "decline"), required=True)
    r.add_argument("--report", required=True)
    args = ap.parse_args(argv)
    # The application object first (as run_gui makes it), so the timers below have a loop.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    _app = QApplication(sys.argv[:1])
    return type_mode(args) if args.mode == "type" else recover_mode(args)


if __name__ == "__main__":
    sys.exit(main())

"""Sending progress up while nothing is recorded (seen on the walk): the file would tell
the plan above that every task is «Chưa triển khai». The window asks first, saying how
many tasks have no progress and what will be sent; the CLI refuses unless told."""

from __future__ import annotations

import pytest
from exchange_support import implement, lower_office, upper_office

from kehoach_desktop.cli import main
from kehoach_desktop.exchange import plan_bundle, progress_up, receive
from kehoach_desktop.store.commands import UndoStack


@pytest.fixture
def received(tmp_path):
    up, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    low = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    cmd = receive.ReceiveBundle(receive.open_bundle(low, bundle), None)
    UndoStack(low).push(cmd)
    up.close()
    yield low, cmd.result.directive_id
    low.close()


def test_outlook_counts_the_tasks_without_progress(received):
    low, directive = received
    empty = progress_up.outlook(low, implement(low, directive))
    assert empty.nothing_recorded and empty.tasks == empty.unrecorded > 0
    said = empty.describe()
    assert "Chưa ghi tiến độ cho nhiệm vụ nào" in said and f"{empty.tasks} nhiệm vụ «Chưa triển khai»" in said
    some = progress_up.outlook(low, implement(low, directive, statuses={0: "done"}))
    assert not some.nothing_recorded and some.unrecorded == some.tasks - 1
    assert f"{some.tasks - 1}/{some.tasks} nhiệm vụ" in some.describe()


def test_cli_refuses_to_send_nothing_unless_told(received, tmp_path, capsys):
    low, directive = received
    ours = implement(low, directive)
    db = str(low.path)
    out = tmp_path / "tiendo.khtiendo"
    args = ["progress", "export-up", "--db", db, "--plan", str(ours), "-o", str(out)]
    assert main(args) != 0
    err = capsys.readouterr().err
    assert "Chưa ghi tiến độ cho nhiệm vụ nào" in err and "--allow-no-progress" in err
    assert not out.exists()
    assert main([*args, "--allow-no-progress"]) == 0
    assert out.exists() and "Chưa triển khai" in capsys.readouterr().out


def test_window_asks_before_sending_nothing(received, open_window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from kehoach_desktop.ui import messages
    from kehoach_desktop.ui.exchange import TAB_KEY

    low, directive = received
    ours = implement(low, directive)
    asked: list[str] = []
    reply = {"yes": False}

    def confirm(parent, text, **kw):
        asked.append(text)
        return reply["yes"]

    monkeypatch.setattr(messages, "confirm", confirm)
    told: list[str] = []
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": told.append(text))
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": pytest.fail(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "t.khtiendo"), ""))
    panel = open_window(low, TAB_KEY).tab(TAB_KEY)
    assert panel.send_progress_up(ours) is None and not (tmp_path / "t.khtiendo").exists()
    assert len(asked) == 1 and "Chưa ghi tiến độ cho nhiệm vụ nào" in asked[0] and "«Chưa triển khai»" in asked[0]
    reply["yes"] = True
    assert panel.send_progress_up(ours) == tmp_path / "t.khtiendo"
    # With progress recorded nothing is asked.
    asked.clear()
    assert panel.send_progress_up(implement(low, directive, statuses={0: "done"})) == tmp_path / "t.khtiendo"
    assert not asked
    assert "nhiệm vụ thực hiện kế hoạch" in told[-1] and "chưa ghi tiến độ" in told[-1]  # the rest still said

"""Issue 17 in the window: clickable findings with their fix, the bodies editor, the
relations of a document, and the whole-database sweep."""

from __future__ import annotations

import datetime as dt

from test_checks_2026 import seeded  # noqa: F401 - the seeded plan fixture

from kehoach_desktop.store import bodies, relations
from kehoach_desktop.store.directive_ops import AddRelation, UpdateBody
from kehoach_desktop.ui.context import AppContext


def test_findings_show_the_fix_and_a_click_selects_the_recipient(qtbot, seeded):  # noqa: F811
    from kehoach_desktop.ui.plans.editor import PlanEditor

    ctx = AppContext(seeded["db"])
    editor = PlanEditor(ctx)
    qtbot.addWidget(editor)
    editor.load(seeded["id"])
    editor.run_check()
    items = [editor.checks_tab.list.item(i) for i in range(editor.checks_tab.list.count())]
    ended = next(i for i in items if "Ban Tuyên giáo Huyện ủy" in i.text())
    assert "Cách sửa:" in ended.text()
    editor.checks_tab._go(ended)
    assert editor.recipients_tab.table.currentRow() == 0
    spelling = next(i for i in items if "nghành" in i.text())
    assert "ngành" in spelling.text()
    editor.checks_tab._go(spelling)
    assert editor.current_node_id() == seeded["places"]["spelling"]


def test_bodies_dialog_edits_with_undo(qtbot, db):
    from kehoach_desktop.ui.registry.bodies_dialog import BodiesDialog

    ctx = AppContext(db)
    dlg = BodiesDialog(ctx)
    qtbot.addWidget(dlg)
    names = [dlg.table.item(r, 1).text() for r in range(dlg.table.rowCount())]
    assert any(n.startswith("Ban Tuyên giáo và Dân vận Tỉnh ủy") for n in names)
    merged = next(b for b in bodies.rows(db) if b["code"] == "BTGTU")
    assert merged["valid_to"] == "2025-02-28" and merged["successor"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    ctx.push(UpdateBody(merged["id"], {"valid_to": dt.date(2025, 2, 9)}))  # this province merged earlier
    dlg.refresh()
    assert next(b for b in bodies.rows(db) if b["code"] == "BTGTU")["valid_to"] == "2025-02-09"
    ctx.undo_stack.undo()
    assert next(b for b in bodies.rows(db) if b["code"] == "BTGTU")["valid_to"] == "2025-02-28"


def test_registry_form_lists_and_adds_relations(qtbot, seeded):  # noqa: F811
    from kehoach_desktop.ui.registry.form import DirectiveForm

    db = seeded["db"]
    ctx = AppContext(db)
    form = DirectiveForm(ctx, None, seeded["ids"]["66-QĐ/TW"])
    texts = [form.relations.list.item(i).text() for i in range(form.relations.list.count())]
    assert texts and "399-QĐ/TW" in texts[0] and "thay thế" in texts[0]
    ctx.push(AddRelation(None, "expires", "", seeded["ids"]["73-HD/BTGTU"]))
    assert any(r["kind"] == "expires" for r in relations.for_directive(db, seeded["ids"]["73-HD/BTGTU"]))
    form.dialog.close()


def test_sweep_dialog_lists_the_findings(qtbot, seeded):  # noqa: F811
    from kehoach_desktop.store import directives
    from kehoach_desktop.store.sweep import check_all
    from kehoach_desktop.ui.plans.sweep_dialog import SweepDialog

    db = seeded["db"]
    directives.add(db, {"doc_type": "Quy định", "number": "66-QD/TW", "issued_on": dt.date(2017, 2, 6)})
    opened = []
    dlg = SweepDialog(AppContext(db), None, lambda pid, place: opened.append((pid, place)), opened.append)
    qtbot.addWidget(dlg)
    dlg.show_findings(check_all(db))
    texts = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert any("66-QD/TW" in t and "66-QĐ/TW" in t for t in texts)
    item = next(dlg.list.item(i) for i in range(dlg.list.count()) if "16/12/2023" in dlg.list.item(i).text())
    dlg._go(item)
    assert opened


def test_registry_details_show_the_relations(qtbot, seeded):  # noqa: F811
    from kehoach_desktop.ui.registry.panel import RegistryPanel

    ctx = AppContext(seeded["db"])
    panel = RegistryPanel(ctx)
    qtbot.addWidget(panel)
    panel.select(seeded["ids"]["66-QĐ/TW"])
    panel.show_details(panel.current_view().currentIndex())
    text = panel.details.toPlainText()
    assert "Hiệu lực, quan hệ" in text and "399-QĐ/TW" in text


def test_the_editor_loads_the_check_data_on_a_worker_once(qtbot, db, monkeypatch):
    """The first check of a session is as fast as the next: once the editor is up, a worker
    loads the check modules, the syllable list and the domain tables — once per process."""
    import threading

    from kehoach_desktop.store import plans
    from kehoach_desktop.ui.plans import checks_tab
    from kehoach_desktop.ui.plans.editor import PlanEditor

    calls: list[str] = []
    done = threading.Event()
    monkeypatch.setattr(checks_tab, "_warm_up", None)
    monkeypatch.setattr(checks_tab, "WARM_UP_DELAY_MS", 10)
    monkeypatch.setattr(plans, "prepare_check", lambda: (calls.append(threading.current_thread().name), done.set()))
    editor = PlanEditor(AppContext(db))
    qtbot.addWidget(editor)
    qtbot.waitUntil(done.is_set, timeout=5000)
    assert calls == ["check-warm-up"]  # on the worker, not the GUI thread
    second = PlanEditor(AppContext(db))
    qtbot.addWidget(second)
    qtbot.wait(50)
    assert calls == ["check-warm-up"]  # once per process


def test_an_opened_plan_is_read_once_on_a_worker_before_the_first_check(qtbot, seeded, monkeypatch):  # noqa: F811
    """A moment after a plan opens, a worker checks it on a connection of its own (the
    findings are dropped; every text's results are then known), once per plan."""
    import threading

    from kehoach_desktop.store import plans
    from kehoach_desktop.ui.plans import checks_tab
    from kehoach_desktop.ui.plans.editor import PlanEditor

    ctx = AppContext(seeded["db"])
    real = plans.check
    calls: list[tuple[str, int, bool]] = []
    done = threading.Event()

    def spy(db, plan_id):
        found = real(db, plan_id)
        calls.append((threading.current_thread().name, plan_id, db is ctx.db))
        done.set()
        return found

    monkeypatch.setattr(checks_tab, "WARM_UP_DELAY_MS", 10)
    monkeypatch.setattr(checks_tab, "_warmed_plans", set())
    monkeypatch.setattr(plans, "check", spy)
    editor = PlanEditor(ctx)
    qtbot.addWidget(editor)
    editor.load(seeded["id"])
    qtbot.waitUntil(done.is_set, timeout=10000)
    assert calls == [("check-warm-up-plan", seeded["id"], False)]  # a worker, its own connection
    editor.load(None)
    editor.load(seeded["id"])
    qtbot.wait(100)
    assert len(calls) == 1  # once per plan
    assert editor.checks_tab.findings == []  # nothing shown: the user has not asked yet

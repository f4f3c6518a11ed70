"""Plans go down and progress comes back up as files (issue 18).

Given two offices with their own databases, when the upper one sends its issued plan,
then the lower one registers it with its structure and chain and answers with a
receipt; its progress rolls up per upstream task and the upper one sees the matrix.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from exchange_support import implement, lower_office, upper_office

from kehoach_desktop.exchange import consolidate, container, plan_bundle, progress_up, receive, report
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.tracking.status import DONE_ON_TIME, IN_PROGRESS, NOT_STARTED


@pytest.fixture
def offices(tmp_path):
    up, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    a = lower_office(tmp_path / "a.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    b = lower_office(tmp_path / "b.sqlite3", "ĐẢNG ỦY XÃ CẨM XUYÊN")
    yield up, plan_id, a, b
    for db in (up, a, b):
        db.close()


def _receive(db, bundle, due=None):
    preview = receive.open_bundle(db, bundle)
    cmd = receive.ReceiveBundle(preview, due)
    stack = UndoStack(db)
    stack.push(cmd)
    return preview, cmd, stack


def test_bundle_carries_the_whole_plan_with_hashes(offices, tmp_path):
    up, plan_id, *_ = offices
    out = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        plan = json.loads(zf.read("plan.json"))
        assert zf.read("plan.pdf").startswith(b"%PDF-")
    assert names == {"manifest.json", "plan.json", "plan.pdf"}
    assert manifest["format"] == container.FORMAT and manifest["version"] == container.FORMAT_VERSION
    assert manifest["kind"] == "plan" and manifest["sender"]["name"] == up.scalar(
        "SELECT issuer_body FROM plans WHERE id = ?", (plan_id,)
    )
    assert {m["name"] for m in manifest["members"]} == {"plan.json", "plan.pdf"}
    tasks = up.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (plan_id,))
    assert len(plan["tasks"]) == tasks > 0
    assert all(t["lead_unit"] and t["deadline"]["kind"] for t in plan["tasks"])
    # The căn cứ chain travels: the plan's cited documents and what they implement.
    cited = up.scalar("SELECT COUNT(*) FROM plan_basis WHERE plan_id = ?", (plan_id,))
    assert len(plan["cited"]) == cited > 0 and len(plan["basis_documents"]) >= cited
    # The same plan keeps its uid in every copy sent.
    again = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi2.khgoi")
    assert container.read(again).manifest["plan"]["uid"] == manifest["plan"]["uid"]


def test_only_an_issued_plan_is_sent(offices, tmp_path):
    up, *_ = offices
    draft = up.scalar("SELECT id FROM plans WHERE status = 'draft' LIMIT 1")
    with pytest.raises(plan_bundle.BundleError, match="đã ban hành"):
        plan_bundle.export_bundle(up, draft, tmp_path / "x.khgoi")
    assert not (tmp_path / "x.khgoi").exists()


def test_receiving_registers_the_plan_ready_for_cu_the_hoa(offices, tmp_path):
    import datetime as dt

    up, plan_id, a, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi", implement_due=dt.date(2027, 1, 15))
    _preview, cmd, _ = _receive(a, bundle)
    row = a.one("SELECT * FROM directives WHERE id = ?", (cmd.result.directive_id,))
    assert row["number"] == up.scalar("SELECT number FROM plans WHERE id = ?", (plan_id,))
    assert row["implement_due"] == "2027-01-15"
    assert row["issuer"].startswith("Ban Thường vụ Đảng ủy xã")  # normal case, as a căn cứ writes it
    assert row["attachment_id"] is not None  # the signed PDF is kept
    structure = json.loads(row["structure_json"])
    assert structure["tasks"] and all(t["key"].startswith("n") for t in structure["tasks"])
    assert structure["sections"][0]["key"] and structure["sections"][0]["heading"]
    # Chain: the received plan implements what it cites, all registered.
    parents = a.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (row["id"],))
    assert len(parents) == up.scalar("SELECT COUNT(*) FROM plan_basis WHERE plan_id = ?", (plan_id,))
    # Receiving the same bundle again creates nothing new.
    count = a.scalar("SELECT COUNT(*) FROM directives")
    _receive(a, bundle)
    assert a.scalar("SELECT COUNT(*) FROM directives") == count


def test_undo_of_receiving_removes_what_it_added(offices, tmp_path):
    up, plan_id, a, _ = offices
    before = a.scalar("SELECT COUNT(*) FROM directives")
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    _, _cmd, stack = _receive(a, bundle)
    assert a.scalar("SELECT COUNT(*) FROM directives") > before
    stack.undo()
    assert a.scalar("SELECT COUNT(*) FROM directives") == before
    assert a.scalar("SELECT COUNT(*) FROM exchange_received") == 0


def _rewrite(src, dst, change):
    """Copy an exchange zip, letting *change* edit the members (a tampering sender)."""
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dst


def test_a_tampered_bundle_is_refused_and_nothing_written(offices, tmp_path):
    up, plan_id, a, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")

    def edit(m):
        m["plan.json"] = m["plan.json"].replace("Tổ chức".encode(), "Hủy bỏ".encode(), 1)

    bad = _rewrite(bundle, tmp_path / "sua.khgoi", edit)
    before = a.scalar("SELECT COUNT(*) FROM directives")
    with pytest.raises(container.ExchangeError, match="không khớp mã kiểm tra") as err:
        receive.open_bundle(a, bad)
    assert err.value.reason == "tampered"
    assert a.scalar("SELECT COUNT(*) FROM directives") == before


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda m: m.__setitem__("../../evil.json", b"{}"), "names"),
        (lambda m: m.__setitem__("C:\\x.json", b"{}"), "names"),
        (lambda m: m.update({f"p{i}.json": b"{}" for i in range(10)}), "bomb"),
        (lambda m: m.__setitem__("manifest.json", b"[" * 100000 + b"]" * 100000), "corrupt"),
        (lambda m: m.__setitem__("manifest.json", b"\xff\xfe not json"), "corrupt"),
        (lambda m: m.pop("manifest.json"), "wrong_type"),
    ],
)
def test_hostile_exchange_files_are_refused_in_vietnamese(offices, tmp_path, change, reason):
    up, plan_id, a, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    bad = _rewrite(bundle, tmp_path / "bad.khgoi", change)
    with pytest.raises(container.ExchangeError) as err:
        receive.open_bundle(a, bad)
    assert err.value.reason == reason
    assert "Tệp «bad.khgoi»" in str(err.value)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = tmp_path / "bom.khgoi"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b"{}")
        zf.writestr("plan.json", b" " * (40 * 1024 * 1024))  # 40 MB of spaces, a few KB packed
    with pytest.raises(container.ExchangeError) as err:
        container.read(path)
    assert err.value.reason == "bomb"


def test_a_file_from_a_newer_format_is_refused_with_what_to_do(offices, tmp_path):
    up, plan_id, a, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")

    def newer(m):
        man = json.loads(m["manifest.json"])
        man["version"] = container.FORMAT_VERSION + 1
        m["manifest.json"] = json.dumps(man).encode()

    with pytest.raises(container.ExchangeError, match="phiên bản KeHoach mới hơn") as err:
        receive.open_bundle(a, _rewrite(bundle, tmp_path / "moi.khgoi", newer))
    assert err.value.reason == "too_new" and "cập nhật chương trình" in str(err.value)


def test_not_a_zip_at_all(tmp_path):
    path = tmp_path / "anh.khgoi"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    with pytest.raises(container.ExchangeError, match="không phải tệp trao đổi") as err:
        container.read(path)
    assert err.value.reason == "wrong_type"


def test_a_bundle_addressed_to_another_office_is_warned_about(offices, tmp_path):
    up, plan_id, a, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi", addressees=["Đảng ủy xã Kỳ Anh"])
    preview = receive.open_bundle(a, bundle)
    assert any("không có trong danh sách" in w for w in preview.warnings)
    mine = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi2.khgoi", addressees=["Đảng ủy xã Thạch Hà"])
    assert receive.open_bundle(a, mine).warnings == []
    # A group that takes us in is no other office (the walk: «Các chi bộ trực thuộc (để thực hiện)» made a
    # chi bộ's window warn and `kehoach bundle import` refuse without --force).
    for group in ("Các đảng ủy xã, phường", "Các chi bộ trực thuộc (để thực hiện)", "- Các cấp ủy cơ sở;"):
        to_all = plan_bundle.export_bundle(
            up, plan_id, tmp_path / "goi3.khgoi", addressees=["Đảng ủy xã Kỳ Anh", group]
        )
        assert receive.open_bundle(a, to_all).warnings == [], group


def test_a_secret_plan_asks_first_and_carries_its_mark(offices, tmp_path):
    up, plan_id, a, _ = offices
    # Issued plans are immutable; a secret one is made by issuing a secret copy.
    from kehoach_desktop.store import plans as plan_store

    secret = plan_store.copy_plan(up, plan_id, {"security": "mật"})
    plan_store.issue(up, secret, "77-KH/ĐU")
    with pytest.raises(plan_bundle.SecretNotConfirmed, match="MẬT"):
        plan_bundle.export_bundle(up, secret, tmp_path / "mat.khgoi")
    out = plan_bundle.export_bundle(up, secret, tmp_path / "mat.khgoi", secret_confirmed=True)
    assert container.read(out).manifest["plan"]["security"] == "mật"
    preview = receive.open_bundle(a, out)
    assert any("MẬT" in w for w in preview.warnings)
    _, cmd, _ = _receive(a, out)
    assert a.scalar("SELECT security FROM directives WHERE id = ?", (cmd.result.directive_id,)) == "mật"


def test_own_bundle_is_not_received_back(offices, tmp_path):
    up, plan_id, *_ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    with pytest.raises(receive.BundleRefused, match="chính cơ quan mình"):
        receive.open_bundle(up, bundle)


def _round_trip(up, plan_id, lower, tmp_path, name, statuses):
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    preview, cmd, _ = _receive(lower, bundle)
    receipt = receive.write_receipt(lower, preview, cmd.result, tmp_path / f"{name}.khnhan")
    ours = implement(lower, cmd.result.directive_id, statuses=statuses)
    progress = progress_up.export_up(lower, ours, tmp_path / f"{name}.khtiendo")
    return receipt, progress, cmd.result.directive_id, ours


def test_progress_rolls_up_per_upstream_task(offices, tmp_path):
    up, plan_id, a, _ = offices
    _, progress, *_ = _round_trip(up, plan_id, a, tmp_path, "a", {0: "done", 1: "started"})
    pkg = container.read(progress, "progress")
    items = {i["key"]: i for i in pkg.json("progress.json")["items"]}
    keys = [t["key"] for t in json.loads(container.read(tmp_path / "goi.khgoi").members["plan.json"])["tasks"]]
    assert list(items) == keys
    assert items[keys[0]]["status"] == DONE_ON_TIME and items[keys[0]]["completed_on"]
    assert items[keys[1]]["status"] == IN_PROGRESS and "nhiệm vụ 2" in items[keys[1]]["result"]
    assert items[keys[2]]["status"] == NOT_STARTED and items[keys[2]]["task_count"] == 1
    assert pkg.manifest["lower_plan"]["title"] == "Thực hiện kế hoạch của cấp trên"


def test_roll_up_rules():
    from kehoach_desktop.tracking.status import DONE_LATE, OVERDUE

    assert progress_up.roll_up([DONE_ON_TIME, DONE_ON_TIME]) == DONE_ON_TIME
    assert progress_up.roll_up([DONE_ON_TIME, DONE_LATE]) == DONE_LATE
    assert progress_up.roll_up([DONE_ON_TIME, OVERDUE, IN_PROGRESS]) == OVERDUE
    assert progress_up.roll_up([DONE_ON_TIME, NOT_STARTED]) == IN_PROGRESS
    assert progress_up.roll_up([NOT_STARTED]) == NOT_STARTED
    assert progress_up.roll_up([]) == progress_up.NO_TASK


def test_consolidation_is_idempotent_undoable_and_fills_the_matrix(offices, tmp_path):
    up, plan_id, a, b = offices
    folder = tmp_path / "nhan"
    folder.mkdir()
    _receipt_a, _progress_a, *_ = _round_trip(up, plan_id, a, folder, "a", {0: "done"})
    receipt_b, *_ = _round_trip(up, plan_id, b, tmp_path, "b", {})
    receipt_b.rename(folder / receipt_b.name)  # b received but has not reported yet
    pv = consolidate.preview(up, [folder])
    assert [o.action for o in pv.outcomes] == [consolidate.NEW] * 3 and not pv.refused
    stack = UndoStack(up)
    stack.push(consolidate.ApplyConsolidation(pv))
    m = consolidate.matrix(up, plan_id)
    names = {o.name: o for o in m.offices}
    assert set(names) == {"ĐẢNG ỦY XÃ THẠCH HÀ", "ĐẢNG ỦY XÃ CẨM XUYÊN"}
    assert [o.name for o in m.not_reported] == ["ĐẢNG ỦY XÃ CẨM XUYÊN"] and not m.not_received
    first_key = m.tasks[0][0]
    assert m.cells[(first_key, names["ĐẢNG ỦY XÃ THẠCH HÀ"].office_id)][0] == DONE_ON_TIME
    # Again: nothing changes.
    again = consolidate.preview(up, [folder])
    assert {o.action for o in again.outcomes} == {consolidate.SAME} and again.changes == 0
    # Undo takes it all back.
    stack.undo()
    assert up.scalar("SELECT COUNT(*) FROM exchange_reports") == 0
    assert up.scalar("SELECT COUNT(*) FROM exchange_receipts") == 0
    stack.redo()
    assert up.scalar("SELECT COUNT(*) FROM exchange_reports") == 1


def test_a_newer_file_replaces_an_older_one_and_an_older_one_is_ignored(offices, tmp_path):
    up, plan_id, a, _ = offices
    _, old, _directive_id, ours = _round_trip(up, plan_id, a, tmp_path, "a", {})
    UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, [old])))
    # Later the commune finishes a task and sends again.
    import datetime as dt

    from kehoach_desktop.tracking import progress as progress_store
    from kehoach_desktop.tracking.periods import containing

    task = a.scalar("SELECT id FROM tasks WHERE plan_id = ? ORDER BY position, id LIMIT 1", (ours,))
    progress_store.record(
        a, task, containing(dt.date.today(), "quarter"), progress_store.Report(completed_on=dt.date.today())
    )
    newer = tmp_path / "moi.khtiendo"
    progress_up.export_up(a, ours, newer)
    _bump_created(newer, "2099-01-01T00:00:00")
    pv = consolidate.preview(up, [newer])
    assert pv.outcomes[0].action == consolidate.REPLACE
    UndoStack(up).push(consolidate.ApplyConsolidation(pv))
    first_key = consolidate.matrix(up, plan_id).tasks[0][0]
    assert up.scalar("SELECT status FROM exchange_progress WHERE item_key = ?", (first_key,)) == DONE_ON_TIME
    # The older file now changes nothing.
    assert consolidate.preview(up, [old]).outcomes[0].action == consolidate.OLDER
    assert up.scalar("SELECT COUNT(*) FROM exchange_reports") == 1


def _bump_created(path, stamp):
    """Re-sign a file as written at *stamp* (the manifest hash covers the members only)."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    man = json.loads(members["manifest.json"])
    man["created_at"] = stamp
    members["manifest.json"] = json.dumps(man, ensure_ascii=False).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    path.write_bytes(buf.getvalue())


def test_a_refused_file_writes_nothing_and_names_itself(offices, tmp_path):
    up, plan_id, a, b = offices
    _, progress_a, *_ = _round_trip(up, plan_id, a, tmp_path, "a", {0: "done"})
    # A progress file for a plan this office never sent: another province's file.
    other, other_plan = upper_office(tmp_path / "tinh-khac.sqlite3")
    foreign_bundle = plan_bundle.export_bundle(other, other_plan, tmp_path / "khac.khgoi")
    _, cmd, _ = _receive(b, foreign_bundle)
    ours_b = implement(b, cmd.result.directive_id)
    foreign = progress_up.export_up(b, ours_b, tmp_path / "khac.khtiendo")
    broken = tmp_path / "hong.khtiendo"
    broken.write_bytes(b"PK\x03\x04 not really")
    pv = consolidate.preview(up, [progress_a, foreign, broken])
    actions = {o.name: o for o in pv.outcomes}
    assert actions["a.khtiendo"].action == consolidate.NEW
    assert actions["khac.khtiendo"].action == consolidate.REFUSED
    assert "không do cơ quan mình gửi" in actions["khac.khtiendo"].message
    assert actions["hong.khtiendo"].action == consolidate.REFUSED
    assert pv.changes == 1
    other.close()


def test_summary_report_drafts_in_the_official_layout(offices, tmp_path):
    from kehoach_desktop.export import ExportOptions, render_pdf

    up, plan_id, a, b = offices
    files = []
    for db, name, st in ((a, "a", {0: "done", 1: "done"}), (b, "b", {0: "started"})):
        receipt, progress, *_ = _round_trip(up, plan_id, db, tmp_path, name, st)
        files += [receipt, progress]
    UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, files)))
    doc = report.build_summary(up, plan_id)
    text = doc.all_text()
    assert doc.doc_type == "Báo cáo" and "2/2 cơ quan, đơn vị đã tiếp nhận" in text
    assert "2/2 đã báo cáo" in text
    first = consolidate.matrix(up, plan_id).tasks[0][1].rstrip(".;:")
    line = next(line for line in text.splitlines() if line.startswith(f"{first}:"))
    # b's «started» is judged by our deadline: in time until it, overdue after (the walk)
    import datetime as dt

    due = up.scalar(
        "SELECT COALESCE(deadline_end, deadline_start) FROM tasks WHERE plan_id = ? ORDER BY position, id LIMIT 1",
        (plan_id,),
    )
    late = due is not None and dt.date.today() > dt.date.fromisoformat(due)
    assert "1 hoàn thành đúng hạn" in line
    assert ("1 quá hạn chưa hoàn thành" if late else "1 đang thực hiện (trong hạn)") in line
    out = render_pdf(doc, tmp_path / "bao-cao.pdf", options=ExportOptions(secret_confirmed=True))
    assert out.path.read_bytes().startswith(b"%PDF-")
    draft = report.save_summary(up, doc)
    assert up.scalar("SELECT doc_type FROM plans WHERE id = ?", (draft,)) == "Báo cáo"


def test_command_line_round_trip(offices, tmp_path, capsys):
    from kehoach_desktop.cli import main

    up, plan_id, a, _ = offices
    up_path, a_path = str(up.path), str(a.path)
    up.close()
    a.close()
    assert (
        main(
            [
                "bundle",
                "export",
                "--db",
                up_path,
                "--plan",
                str(plan_id),
                "-o",
                str(tmp_path / "g.khgoi"),
                "--due",
                "15/01/2027",
            ]
        )
        == 0
    )
    assert (
        main(["bundle", "import", str(tmp_path / "g.khgoi"), "--db", a_path, "--receipt", str(tmp_path), "--json"]) == 0
    )
    imported = json.loads(capsys.readouterr().out.split("\n", 1)[1])["files"][0]
    assert imported["ok"] and imported["directive_id"] and imported["receipt"]
    assert "trước đây" not in imported["message"]
    receipts = list(tmp_path.glob("*.khnhan"))
    assert len(receipts) == 1
    # The same bundle again (the walk: it said «Đã nhận vào sổ văn bản.» as if new): says it was received before.
    assert main(["bundle", "import", str(tmp_path / "g.khgoi"), "--db", a_path, "--receipt", str(tmp_path)]) == 0
    again = capsys.readouterr().out
    assert "đã được nhận trước đây" in again and "không tạo bản trùng" in again
    assert main(["progress", "consolidate", str(tmp_path), "--db", up_path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changes"] == 1 and data["files"][0]["kind"] == "receipt"
    assert main(["progress", "consolidate", "--db", up_path, str(tmp_path), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == 0
    assert main(["progress", "matrix", "--db", up_path, "--plan", str(plan_id), "--json"]) == 0
    m = json.loads(capsys.readouterr().out)
    assert len(m["offices"]) == 1 and m["offices"][0]["received_at"]
    # A tampered file: refused with exit 1 and a Vietnamese message, never a traceback.
    (tmp_path / "x.khnhan").write_bytes(b"garbage")
    assert main(["progress", "consolidate", "--db", up_path, str(tmp_path / "x.khnhan")]) == 1
    assert "không phải tệp trao đổi" in capsys.readouterr().err


def test_every_file_written_follows_the_documented_json_schema(offices, tmp_path):
    """docs/schemas/*.json describe the format so another program can read and write it."""
    from pathlib import Path

    import jsonschema

    schemas = Path(__file__).resolve().parent.parent / "docs" / "schemas"

    def schema(name):
        return json.loads((schemas / f"exchange-{name}.schema.json").read_text(encoding="utf-8"))

    up, plan_id, a, _ = offices
    receipt, progress, *_ = _round_trip(up, plan_id, a, tmp_path, "a", {0: "done", 1: "started"})
    for path in (tmp_path / "goi.khgoi", receipt, progress):
        pkg = container.read(path)
        jsonschema.validate(pkg.manifest, schema("manifest"))
        if pkg.kind == "plan":
            jsonschema.validate(pkg.json("plan.json"), schema("plan"))
        if pkg.kind == "progress":
            jsonschema.validate(pkg.json("progress.json"), schema("progress"))
    # And the schema is not a rubber stamp: a wrong status is rejected by it too.
    bad = {"items": [{"key": "n1", "status": "xong"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema("progress"))


def test_received_plan_is_derived_in_one_action_and_its_progress_travels_up(offices, tmp_path):
    """The whole road with the real Cụ thể hóa: no item retyped, progress keyed to the sender's tasks."""
    from kehoach_desktop.store import derive

    up, plan_id, a, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    _, cmd, _ = _receive(a, bundle)
    derivation = derive.start(a, cmd.result.directive_id, all_items=True)
    make = derive.DerivePlan(derivation)
    UndoStack(a).push(make)
    links = a.all(
        "SELECT nu.item_key FROM node_upstream nu JOIN plan_nodes n ON n.id = nu.node_id WHERE n.plan_id = ?",
        (make.plan_id,),
    )
    sent_keys = [t["key"] for t in json.loads(container.read(bundle).members["plan.json"])["tasks"]]
    assert set(sent_keys) <= {r[0] for r in links}  # every upstream task is mirrored by an item of ours
    out = progress_up.export_up(a, make.plan_id, tmp_path / "a.khtiendo")
    items = container.read(out).json("progress.json")["items"]
    assert [i["key"] for i in items][: len(sent_keys)] == sent_keys
    assert all(i["task_count"] >= 1 for i in items if i["key"] in sent_keys)
    pv = consolidate.preview(up, [out])
    assert pv.changes == 1 and not pv.refused


@pytest.mark.parametrize(
    "caps, normal",
    [
        ("ĐẢNG ỦY XÃ THẠCH HÀ", "Đảng ủy xã Thạch Hà"),
        ("BAN THƯỜNG VỤ TỈNH ỦY HÀ TĨNH", "Ban Thường vụ Tỉnh ủy Hà Tĩnh"),
        ("BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("ỦY BAN NHÂN DÂN PHƯỜNG SÔNG TRÍ", "Ủy ban nhân dân phường Sông Trí"),
        ("Đảng ủy xã A", "Đảng ủy xã A"),  # already in normal case: kept
    ],
)
def test_body_names_in_running_text(caps, normal):
    from kehoach_desktop.exchange.naming import normal_case

    assert normal_case(caps) == normal


def test_the_matrix_names_who_it_was_sent_to_and_has_not_answered(offices, tmp_path):
    up, plan_id, a, _ = offices
    sent_to = ["Đảng ủy xã Thạch Hà (để thực hiện)", "Đảng ủy xã Kỳ Anh", "Các chi bộ trực thuộc"]
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi", addressees=sent_to)
    preview, cmd, _ = _receive(a, bundle)
    receipt = receive.write_receipt(a, preview, cmd.result, tmp_path / "a.khnhan")
    UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, [receipt])))
    m = consolidate.matrix(up, plan_id)
    names = [o.name for o in m.offices]
    assert names == ["ĐẢNG ỦY XÃ THẠCH HÀ", "Đảng ủy xã Kỳ Anh"]  # "Các chi bộ…" is everyone, not one office
    assert [o.name for o in m.not_received] == ["Đảng ủy xã Kỳ Anh"]
    assert [o.name for o in m.not_reported] == names


def test_file_names_keep_vietnamese_and_lose_what_windows_refuses():
    from kehoach_desktop.exchange import progress_up as up

    assert plan_bundle.default_file_name("05-KH/ĐU", "Thực hiện: học tập") == (
        "Gói kế hoạch 05-KH-ĐU - Thực hiện- học tập.khgoi"
    )
    import datetime as dt

    name = up.default_file_name("ĐẢNG ỦY XÃ THẠCH HÀ", "05-KH/ĐU", dt.date(2026, 12, 2))
    assert name == "Tiến độ 05-KH-ĐU - ĐẢNG ỦY XÃ THẠCH HÀ - 02-12-2026.khtiendo"


def test_the_matrix_judges_lateness_by_our_own_deadline(offices, tmp_path):
    """The walk: a lower office whose own plan was still a draft reported every task «chưa triển
    khai» (a draft's tasks are never overdue there); the upper office's matrix and Báo cáo tổng
    hợp then said «Không có nhiệm vụ quá hạn ở cấp dưới» although our task's deadline (31/3)
    had long passed. Not started or in progress after our deadline is overdue, here."""
    import datetime as dt

    from kehoach_desktop.tracking.status import OVERDUE

    up, plan_id, a, _ = offices
    _, progress, *_ = _round_trip(up, plan_id, a, tmp_path, "a", {0: "done", 1: "started"})
    UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, [progress])))
    dues = {
        (f"n{r[0]}" if r[0] is not None else f"t{r[1]}"): dt.date.fromisoformat(r[2])
        for r in up.all(
            "SELECT node_id, id, COALESCE(deadline_end, deadline_start) FROM tasks WHERE plan_id = ? "
            "AND deadline_kind IN ('date', 'range', 'period') AND COALESCE(deadline_end, deadline_start) IS NOT NULL",
            (plan_id,),
        )
    }
    office = consolidate.matrix(up, plan_id).offices[0].office_id
    keys = [k for k, _t, _u in consolidate.matrix(up, plan_id).tasks]
    started, not_started = keys[1], keys[2]
    for key in (started, not_started):
        if key not in dues:
            continue
        before = consolidate.matrix(up, plan_id, today=dues[key])
        after = consolidate.matrix(up, plan_id, today=dues[key] + dt.timedelta(days=1))
        assert before.cells[(key, office)][0] != OVERDUE
        assert after.cells[(key, office)][0] == OVERDUE
    assert any(k in dues for k in (started, not_started))
    done = consolidate.matrix(up, plan_id, today=dt.date.today() + dt.timedelta(days=3650))
    assert done.cells[(keys[0], office)][0] == DONE_ON_TIME  # done stays done

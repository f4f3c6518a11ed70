"""Exchange files as the world sends them (outside test of issue 18): the same bundle twice,
an amended copy, an older copy after a newer one, files zipped again or renamed by a mail
client, names from a Mac. Nothing registered earlier may be lost by undoing a later step."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from exchange_support import lower_office, upper_office

from kehoach_desktop.exchange import container, plan_bundle, receive
from kehoach_desktop.store.commands import UndoStack


@pytest.fixture
def offices(tmp_path):
    up, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    a = lower_office(tmp_path / "a.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    yield up, plan_id, a
    for db in (up, a):
        db.close()


def _zip(path, members: dict[str, bytes], utf8: bool = True):
    """A zip as a person makes it around received files (Windows «Send to», a Mac's Archive Utility)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, (2026, 12, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def _sent_and_answered(up, plan_id, tmp_path):
    """The plan sent down to two communes; each answers with a receipt and a progress file."""
    from exchange_support import implement

    from kehoach_desktop.exchange import progress_up

    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    files = {}
    for name in ("ĐẢNG ỦY XÃ CẨM XUYÊN", "ĐẢNG ỦY XÃ KỲ ANH"):
        db = lower_office(tmp_path / f"{len(files)}.sqlite3", name)
        preview = receive.open_bundle(db, bundle)
        cmd = receive.ReceiveBundle(preview)
        UndoStack(db).push(cmd)
        stem = f"Tiến độ - {name.title()}"
        receipt = receive.write_receipt(db, preview, cmd.result, tmp_path / f"{stem}.khnhan")
        ours = implement(db, cmd.result.directive_id, statuses={0: "done"})
        progress = progress_up.export_up(db, ours, tmp_path / f"{stem}.khtiendo")
        files[receipt.name] = receipt.read_bytes()
        files[progress.name] = progress.read_bytes()
        db.close()
    return bundle, files


def _restamp(path, stamp):
    """The same file as if written at *stamp* (another export of the same plan)."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["created_at"] = stamp
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    path.write_bytes(buf.getvalue())
    return path


def _registered(db, directive_id):
    row = db.one("SELECT structure_json, implement_due FROM directives WHERE id = ?", (directive_id,))
    link = db.one("SELECT uid, directive_id FROM exchange_received")
    return row["structure_json"], row["implement_due"], None if link is None else tuple(link)


def test_undoing_a_second_receipt_of_the_same_bundle_keeps_the_first(offices, tmp_path):
    up, plan_id, a = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi", implement_due=dt.date(2027, 1, 15))
    stack = UndoStack(a)
    first = receive.ReceiveBundle(receive.open_bundle(a, bundle))
    stack.push(first)
    assert first.result is not None
    before = _registered(a, first.result.directive_id)
    count = a.scalar("SELECT COUNT(*) FROM directives")
    assert before[0] and before[2] is not None
    # The same file arrives again (Zalo and e-mail both), is received again, then undone.
    stack.push(receive.ReceiveBundle(receive.open_bundle(a, bundle)))
    stack.undo()
    assert _registered(a, first.result.directive_id) == before
    assert a.scalar("SELECT COUNT(*) FROM directives") == count
    # Derive still finds the received structure and its link (nothing was wiped).
    assert json.loads(before[0])["tasks"]


def test_a_newer_copy_updates_the_received_plan_and_an_older_one_changes_nothing(offices, tmp_path):
    up, plan_id, a = offices
    old = _restamp(
        plan_bundle.export_bundle(up, plan_id, tmp_path / "cu.khgoi", implement_due=dt.date(2027, 1, 15)),
        "2026-11-01T08:00:00",
    )
    new = _restamp(
        plan_bundle.export_bundle(up, plan_id, tmp_path / "moi.khgoi", implement_due=dt.date(2027, 2, 28)),
        "2026-11-20T08:00:00",
    )
    stack = UndoStack(a)
    stack.push(receive.ReceiveBundle(receive.open_bundle(a, old)))
    directive_id = a.scalar("SELECT directive_id FROM exchange_received")
    # The amended copy (a later hạn cụ thể hóa) replaces what the first said.
    again = receive.open_bundle(a, new)
    assert again.already_directive == directive_id and again.older_than_received is None
    stack.push(receive.ReceiveBundle(again))
    assert a.scalar("SELECT implement_due FROM directives WHERE id = ?", (directive_id,)) == "2027-02-28"
    # The older copy, arriving late (a forwarded e-mail), is said to be older and changes nothing.
    late = receive.open_bundle(a, old)
    assert late.older_than_received == "2026-11-20T08:00:00"
    assert any("cũ hơn" in w for w in late.warnings)
    stack.push(receive.ReceiveBundle(late))
    assert a.scalar("SELECT implement_due FROM directives WHERE id = ?", (directive_id,)) == "2027-02-28"
    stack.undo()
    stack.undo()  # back to the first copy
    assert a.scalar("SELECT implement_due FROM directives WHERE id = ?", (directive_id,)) == "2027-01-15"


def test_a_plan_registered_by_hand_keeps_what_it_had_after_undo(offices, tmp_path):
    """The secretary typed the plan into the registry from paper first; the bundle then adds its
    structure, and undoing the receipt puts the hand-made entry back as it was."""
    from kehoach_desktop.store import directives

    up, plan_id, a = offices
    number = up.scalar("SELECT number FROM plans WHERE id = ?", (plan_id,))
    own = json.dumps({"sections": [{"label": "I", "heading": "GÕ TAY"}]}, ensure_ascii=False)
    did = directives.add(a, {"doc_type": "Kế hoạch", "number": number, "summary": "Bản giấy", "structure_json": own})
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    stack = UndoStack(a)
    stack.push(receive.ReceiveBundle(receive.open_bundle(a, bundle)))
    assert a.scalar("SELECT directive_id FROM exchange_received") == did
    assert a.scalar("SELECT structure_json FROM directives WHERE id = ?", (did,)) != own
    stack.undo()
    assert a.scalar("SELECT structure_json FROM directives WHERE id = ?", (did,)) == own
    assert a.scalar("SELECT summary FROM directives WHERE id = ?", (did,)) == "Bản giấy"
    assert a.scalar("SELECT COUNT(*) FROM exchange_received") == 0


def test_the_container_stays_readable_whatever_the_name(offices, tmp_path):
    up, plan_id, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    for name in ("goi.khgoi.zip", "goi(1).khgoi", "goi", "GOI.KHGOI"):
        copy = tmp_path / name
        copy.write_bytes(bundle.read_bytes())
        assert container.read(copy).kind == "plan"


def test_a_bundle_zipped_again_on_a_mac_is_received(offices, tmp_path):
    """Zipped by Archive Utility: NFD names, a __MACOSX folder with «._» resource forks."""
    import unicodedata

    up, plan_id, a = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    inner = unicodedata.normalize("NFD", "Kế hoạch 05-KH-ĐU.khgoi")
    wrapped = _zip(
        tmp_path / unicodedata.normalize("NFD", "Gửi các xã.zip"),
        {inner: bundle.read_bytes(), f"__MACOSX/._{inner}": b"\x00\x05\x16\x07" + b"\x00" * 60},
    )
    pkg = container.read(wrapped)
    assert pkg.kind == "plan"
    assert pkg.source == "Gửi các xã.zip › Kế hoạch 05-KH-ĐU.khgoi"  # NFC, both names
    stack = UndoStack(a)
    stack.push(receive.ReceiveBundle(receive.open_bundle(a, wrapped)))
    assert a.scalar("SELECT COUNT(*) FROM exchange_received") == 1


def test_progress_files_of_several_communes_in_one_zip_are_each_consolidated(offices, tmp_path):
    from kehoach_desktop.exchange import consolidate

    up, plan_id, _ = offices
    _bundle, files = _sent_and_answered(up, plan_id, tmp_path)
    gom = _zip(tmp_path / "bao-cao-cac-xa.zip", files)
    pv = consolidate.preview(up, [gom])
    assert sorted(o.name for o in pv.outcomes) == sorted(f"bao-cao-cac-xa.zip › {n}" for n in files)
    assert not pv.refused and pv.changes == 4
    UndoStack(up).push(consolidate.ApplyConsolidation(pv))
    assert up.scalar("SELECT COUNT(*) FROM exchange_reports") == 2
    # The same zip again, or its files one by one, changes nothing.
    assert consolidate.preview(up, [gom]).changes == 0
    # A folder holding the zip is read the same way.
    folder = tmp_path / "nhan"
    folder.mkdir()
    (folder / gom.name).write_bytes(gom.read_bytes())
    assert len(consolidate.preview(up, [folder]).outcomes) == 4


def test_a_zip_holding_no_exchange_file_says_what_it_holds(tmp_path):
    other = _zip(tmp_path / "tai-lieu.zip", {"Bao cao.docx": b"PK\x03\x04 not really", "anh.jpg": b"\xff\xd8"})
    with pytest.raises(container.ExchangeError) as err:
        container.read(other)
    assert "tai-lieu.zip" in str(err.value) and "không có tệp trao đổi" in str(err.value)


def test_a_zip_of_several_bundles_asks_to_choose_one(offices, tmp_path):
    up, plan_id, _ = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    two = _zip(tmp_path / "hai-goi.zip", {"a.khgoi": bundle.read_bytes(), "b.khgoi": bundle.read_bytes()})
    with pytest.raises(container.ExchangeError) as err:
        container.read(two, "plan")
    assert "2 tệp trao đổi" in str(err.value) and "nhận từng gói kế hoạch" in str(err.value)
    assert "Tổng hợp" not in str(err.value)  # that road takes receipts and progress files, not plans


def test_the_command_line_takes_zipped_files(offices, tmp_path, capsys):
    from kehoach_desktop.cli import main

    up, plan_id, a = offices
    bundle, files = _sent_and_answered(up, plan_id, tmp_path)
    up_path, a_path = up.path, a.path
    up.close()
    a.close()
    goi = _zip(tmp_path / "goi.zip", {"goi.khgoi": bundle.read_bytes()})
    assert main(["--db", str(a_path), "bundle", "import", str(goi), "--receipt", str(tmp_path)]) == 0
    gom = _zip(tmp_path / "gom.zip", files)
    assert main(["--db", str(up_path), "progress", "consolidate", str(gom)]) == 0
    out = capsys.readouterr().out
    assert "Đã ghi 4 tệp; 0 tệp không nhận." in out
    # «bundle import» takes such a zip too, and names every file in it, not only the first.
    receipts = _zip(tmp_path / "tiep-nhan.zip", {n: d for n, d in files.items() if n.endswith(".khnhan")})
    assert main(["--db", str(up_path), "bundle", "import", str(receipts)]) == 0
    out = capsys.readouterr().out
    assert out.count("tiep-nhan.zip › ") == 2 and "Đã nhận, không đổi" in out


def test_a_file_cut_short_on_the_way_is_called_damaged_not_foreign(offices, tmp_path):
    """A USB stick pulled out early, a download not finished: ask for the file again."""
    up, plan_id, a = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    cut = tmp_path / "goi-thieu.khgoi"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    with pytest.raises(container.ExchangeError) as err:
        receive.open_bundle(a, cut)
    assert err.value.reason == "corrupt"
    assert "chưa chép hết" in str(err.value) and "gửi lại" in str(err.value)


def test_a_commune_that_became_a_ward_is_not_shown_again_as_silent(offices, tmp_path):
    """2025 reorganisation: «Đảng ủy xã Thạch Hà» (as the plan was addressed) now signs as
    «Đảng ủy phường Thạch Hà». It received and reported: no column may say it has not."""
    from exchange_support import implement

    from kehoach_desktop.exchange import consolidate, progress_up
    from kehoach_desktop.store import profile as profile_store

    up, plan_id, a = offices
    bundle = plan_bundle.export_bundle(
        up, plan_id, tmp_path / "goi.khgoi", addressees=["Đảng ủy xã Thạch Hà (để thực hiện)", "Đảng ủy xã Cẩm Xuyên"]
    )
    cmd = receive.ReceiveBundle(receive.open_bundle(a, bundle))
    UndoStack(a).push(cmd)
    ours = implement(a, cmd.result.directive_id, statuses={0: "done"})
    profile = profile_store.load(a)
    profile.issuer_body = "ĐẢNG ỦY PHƯỜNG THẠCH HÀ"
    profile_store.save(a, profile)
    report = progress_up.export_up(a, ours, tmp_path / "tien-do.khtiendo")
    UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, [report])))
    m = consolidate.matrix(up, plan_id)
    assert [o.name for o in m.offices] == ["ĐẢNG ỦY PHƯỜNG THẠCH HÀ", "Đảng ủy xã Cẩm Xuyên"]
    assert [o.name for o in m.not_reported] == ["Đảng ủy xã Cẩm Xuyên"]


def test_a_plan_with_the_number_of_an_older_term_is_registered_as_a_new_document(offices, tmp_path):
    """Numbers start again every term: «05-KH/ĐU» of 2021 is in the registry; the 2026 plan with
    the same number must not overwrite it, nor be linked to it."""
    from kehoach_desktop.store import directives

    up, plan_id, a = offices
    number = up.scalar("SELECT number FROM plans WHERE id = ?", (plan_id,))
    old = directives.add(
        a,
        {
            "doc_type": "Kế hoạch",
            "number": number,
            "issued_on": dt.date(2021, 3, 1),
            "summary": "Kế hoạch nhiệm kỳ trước",
        },
    )
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "goi.khgoi")
    stack = UndoStack(a)
    cmd = receive.ReceiveBundle(receive.open_bundle(a, bundle))
    stack.push(cmd)
    assert cmd.result.directive_id != old
    row = a.one("SELECT summary, structure_json, issued_on FROM directives WHERE id = ?", (old,))
    assert tuple(row) == ("Kế hoạch nhiệm kỳ trước", None, "2021-03-01")
    stack.undo()
    assert a.scalar("SELECT summary FROM directives WHERE id = ?", (old,)) == "Kế hoạch nhiệm kỳ trước"


def test_a_folder_takes_files_a_mail_client_renamed(offices, tmp_path):
    """Saved from webmail as «ATT00001.bin» or «tien-do.khtiendo.dat»: found by what they hold."""
    from kehoach_desktop.exchange import consolidate

    up, plan_id, _ = offices
    _bundle, files = _sent_and_answered(up, plan_id, tmp_path)
    folder = tmp_path / "thu-dien-tu"
    folder.mkdir()
    for i, data in enumerate(files.values()):
        (folder / (f"ATT0000{i}.bin" if i % 2 else f"tep-{i}.khtiendo.dat")).write_bytes(data)
    (folder / "Báo cáo.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # not ours: left out
    (folder / "ghi-chu.txt").write_text("không phải tệp trao đổi", encoding="utf-8")
    pv = consolidate.preview(up, [folder])
    assert len(pv.outcomes) == 4 and not pv.refused and pv.changes == 4


def test_a_chi_bo_cu_the_hoa_takes_its_own_tasks_not_the_communes(tmp_path):
    """The walk: the commune derived its plan from the province's, issued it and sent it to «Các chi
    bộ trực thuộc»; the chi bộ's Cụ thể hóa ticked every task — the commune office's own work
    (lead «Văn phòng Đảng ủy») included — and added the commune's report to the province a second
    time as a «report the upstream asks of us». The bundle says who leads each task."""
    from conftest import FIXTURES
    from test_derive_gui import _office

    from kehoach_desktop.importer import parse_file
    from kehoach_desktop.importer.persist import save_as_directive
    from kehoach_desktop.store import derive as derive_store
    from kehoach_desktop.store import plans as plan_store

    xa = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ HÒA BÌNH")
    _office(xa)  # Văn phòng Đảng ủy, Ban Tuyên giáo Đảng ủy, Các chi bộ trực thuộc, Ủy ban nhân dân xã
    upstream = save_as_directive(xa, parse_file(FIXTURES / "derive" / "ke-hoach-tinh-uy-45.txt"))
    cmd = derive_store.DerivePlan(derive_store.start(xa, upstream, today=dt.date(2027, 3, 15)))
    UndoStack(xa).push(cmd)
    leads = dict(
        xa.all(
            "SELECT t.title, u.name FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.plan_id = ?",
            (cmd.plan_id,),
        )
    )
    ours = {title.rstrip(". ") for title, unit in leads.items() if unit == "Các chi bộ trực thuộc"}
    assert ours and len(ours) < len(leads)  # some tasks are the chi bộ's, the rest the commune's
    plan_store.issue(xa, cmd.plan_id, "07-KH/ĐU", dt.date(2027, 3, 20))
    bundle = plan_bundle.export_bundle(xa, cmd.plan_id, tmp_path / "goi.khgoi")

    chi_bo = lower_office(tmp_path / "chibo.sqlite3", "CHI BỘ THÔN 1")
    preview = receive.open_bundle(chi_bo, bundle)
    UndoStack(chi_bo).push(receive.ReceiveBundle(preview, None))
    did = chi_bo.scalar("SELECT id FROM directives WHERE number = '07-KH/ĐU'")
    d = derive_store.start(chi_bo, did, today=dt.date(2027, 3, 25))
    chosen = {i.up.text.rstrip(". ") for i in d.task_items() if i.selected}
    assert chosen == ours, chosen
    for item in d.task_items():
        if not item.selected:
            assert item.who.reason.startswith("Cấp trên giao «") and "chủ trì" in item.who.reason  # why left out
    # The commune's report to the province is not the chi bộ's; the chi bộ reports to the commune, once
    # (``r.to`` named no attribute: the check held only while no report was proposed at all).
    assert [r.recipient for r in d.reports if r.selected and "Tỉnh ủy" in r.recipient] == []
    assert [r.recipient for r in d.reports if r.selected] in ([], ["Ban Thường vụ Đảng ủy xã Hòa Bình"])
    for db in (xa, chi_bo):
        db.close()

"""Three levels, each its own database (outside walk of mission point 6): the Tỉnh ủy sends its plan
down, a commune receives it, makes its own plan and sends that plan back up for information and
to its chi bộ below. What arrives from below is a lower office's plan to follow, not a plan from
above to cụ thể hóa; odd files and full disks end with a message saying what to do."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_support import lower_office, upper_office

from kehoach_desktop.exchange import plan_bundle, receive
from kehoach_desktop.store import derive
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.plans import issuing
from kehoach_desktop.tracking import reminders


@pytest.fixture
def offices(tmp_path):
    up, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    commune = lower_office(tmp_path / "xa.sqlite3", "ĐẢNG ỦY XÃ THẠCH HÀ")
    yield up, plan_id, commune
    for db in (up, commune):
        db.close()


def _receive(db, bundle, due=None):
    preview = receive.open_bundle(db, bundle)
    cmd = receive.ReceiveBundle(preview, due)
    UndoStack(db).push(cmd)
    return preview, cmd


def _commune_plan_sent_up(up, plan_id, commune, tmp_path):
    """The commune receives the plan, derives and issues its own, and writes its bundle (with a hạn
    cụ thể hóa for its chi bộ) — the copy it also sends up to the Tỉnh ủy for information."""
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi")
    _, cmd = _receive(commune, bundle)
    make = derive.DerivePlan(derive.start(commune, cmd.result.directive_id, all_items=True))
    UndoStack(commune).push(make)
    issuing.issue(commune, make.plan_id, None, dt.date.today())
    due = dt.date.today() + dt.timedelta(days=10)
    return plan_bundle.export_bundle(
        commune, make.plan_id, tmp_path / "xa.khgoi", implement_due=due, addressees=["Chi bộ Thôn 1"]
    )


def test_a_commune_plan_sent_up_is_kept_to_follow_not_to_cu_the_hoa(offices, tmp_path):
    up, plan_id, commune = offices
    ours = up.one("SELECT number, plan_date FROM plans WHERE id = ?", (plan_id,))
    registry_before = up.scalar("SELECT COUNT(*) FROM directives")
    sent_up = _commune_plan_sent_up(up, plan_id, commune, tmp_path)

    preview, cmd = _receive(up, sent_up)

    assert preview.from_below and preview.implements_ours == [ours["number"]]
    assert any("không cần cụ thể hóa" in line for line in preview.summary_lines())
    assert preview.warnings == []  # addressed to the commune's chi bộ, and ours to follow all the same
    # Our own plan is not registered as a document from above (the walk: «49-KH/TU — Ban Thường vụ
    # Tỉnh ủy» appeared in the Tỉnh ủy's own registry of upstream documents).
    assert up.all("SELECT id FROM directives WHERE number = ? AND issued_on = ?", tuple(ours)) == []
    assert cmd.result.created_ids == [cmd.result.directive_id]
    assert up.scalar("SELECT COUNT(*) FROM directives") == registry_before + 1
    # The commune's hạn cụ thể hóa is for its chi bộ: the Tỉnh ủy is never reminded to cụ thể hóa it.
    assert up.scalar("SELECT implement_due FROM directives WHERE id = ?", (cmd.result.directive_id,)) is None
    today = dt.date.today()
    assert reminders.directives_awaiting_plan(up, 30, today) == []


def test_the_command_line_says_a_plan_from_below_is_to_follow(offices, tmp_path, capsys):
    from kehoach_desktop.cli import main

    up, plan_id, commune = offices
    sent_up = _commune_plan_sent_up(up, plan_id, commune, tmp_path)
    path = up.path
    up.close()
    # Addressed to the commune's chi bộ: the copy sent up is taken without --force.
    code = main(["--db", str(path), "bundle", "import", str(sent_up), "--receipt", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "để theo dõi" in out and "dùng «Cụ thể hóa…»" not in out
    assert "gửi lại nơi gửi" in out and "gửi lại cấp trên" not in out


def test_a_plan_from_above_still_asks_to_cu_the_hoa(offices, tmp_path):
    up, plan_id, commune = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi", implement_due=dt.date(2027, 1, 31))
    preview = receive.open_bundle(commune, bundle)
    assert not preview.from_below and preview.implement_due == dt.date(2027, 1, 31)
    assert not any("không cần cụ thể hóa" in line for line in preview.summary_lines())


def test_a_full_disk_leaves_no_half_written_file_and_keeps_the_earlier_one(offices, tmp_path, monkeypatch):
    import errno
    import zipfile

    from kehoach_desktop.core import oserrors

    up, plan_id, _ = offices
    out = tmp_path / "usb" / "tinh.khgoi"
    out.parent.mkdir()
    earlier = plan_bundle.export_bundle(up, plan_id, out).read_bytes()
    real = zipfile.ZipFile.writestr

    def full(self, name, data, *a, **kw):
        if name != "manifest.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, name, data, *a, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    with pytest.raises(OSError) as caught:
        plan_bundle.export_bundle(up, plan_id, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["tinh.khgoi"]  # no «tinh.khgoi.tmp»
    assert out.read_bytes() == earlier
    assert "Ổ đĩa đã đầy" in oserrors.describe(caught.value, out)


def _office_zip(path, members):
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "name, members, said",
    [
        ("Báo cáo.docx", {"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"}, "là văn bản Word"),
        ("tiendo.khtiendo", {"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"}, "là văn bản Word"),
        ("Báo cáo.khgoi", {"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<w/>"}, "Nhập bảng Excel"),
        ("ban-dich.khnhan", {"mimetype": "application/vnd.oasis", "content.xml": "<w/>"}, "văn bản OpenDocument"),
    ],
)
def test_an_office_document_sent_instead_is_named_for_what_it_is(offices, tmp_path, name, members, said):
    """The walk: a .docx given to «bundle import» was called «Tệp nén … trong đó có [Content_Types].xml»."""
    from kehoach_desktop.exchange import consolidate, container

    up, _, commune = offices
    path = _office_zip(tmp_path / name, members)
    with pytest.raises(container.ExchangeError) as caught:
        receive.open_bundle(commune, path)
    assert said in str(caught.value) and "Tệp nén" not in str(caught.value)
    pv = consolidate.preview(up, [path])
    assert [o.action for o in pv.outcomes] == [consolidate.REFUSED] and said in pv.outcomes[0].message


def test_an_empty_file_and_a_pdf_say_what_they_are(offices, tmp_path):
    from kehoach_desktop.exchange import container

    _, _, commune = offices
    empty = tmp_path / "tiendo.khtiendo"
    empty.write_bytes(b"")
    pdf = tmp_path / "kh.khgoi"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(container.ExchangeError, match="trống \\(0 byte\\)"):
        container.read(empty)
    with pytest.raises(container.ExchangeError, match="là tệp PDF"):
        receive.open_bundle(commune, pdf)


def test_a_receipt_that_cannot_be_written_says_how_to_get_it(offices, tmp_path, capsys):
    """The plan is received; the receipt's folder is not writable (a read-only USB, a full disk):
    the message says to receive the bundle again, which writes the receipt and adds nothing."""
    from kehoach_desktop.cli import main

    up, plan_id, commune = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi")
    path = commune.path
    commune.close()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    assert main(["--db", str(path), "bundle", "import", str(bundle), "--receipt", str(blocked / "r.khnhan")]) == 0
    err = capsys.readouterr().err
    assert "Chưa ghi được giấy báo tiếp nhận" in err and "nhận lại gói này (không tạo bản trùng)" in err
    assert "--receipt" in err
    good = tmp_path / "usb"
    good.mkdir()
    assert main(["--db", str(path), "bundle", "import", str(bundle), "--receipt", str(good)]) == 0
    assert [p.suffix for p in good.iterdir()] == [".khnhan"]
    from kehoach_desktop.store import open_database

    db = open_database(path)
    try:
        assert db.scalar("SELECT COUNT(*) FROM exchange_received") == 1
        assert db.scalar("SELECT COUNT(*) FROM directives WHERE number = ?", (bundle_number(bundle),)) == 1
    finally:
        db.close()


def bundle_number(bundle):
    from kehoach_desktop.exchange import container

    return container.read(bundle).manifest["plan"]["number"]


def test_a_plan_sent_again_from_a_new_database_takes_the_progress(offices, tmp_path):
    """The Tỉnh ủy's computer was replaced: the same plan (number, date) is sent again from a new
    database, with a new id. The commune's progress goes to that copy; it was refused before with
    «thực hiện nhiều kế hoạch cấp trên: 49-KH/TU; 49-KH/TU. Hãy chọn một», and --upstream could not choose."""
    from exchange_support import implement

    from kehoach_desktop.exchange import consolidate, container, progress_up

    old_up, plan_id, commune = offices
    _, first = _receive(commune, plan_bundle.export_bundle(old_up, plan_id, tmp_path / "cu.khgoi"))
    commune.execute("UPDATE exchange_received SET received_at = '2026-01-05T08:00:00'")
    ours = implement(commune, first.result.directive_id, statuses={0: "done"})
    new_up, new_plan = upper_office(tmp_path / "tinh-moi.sqlite3")
    try:
        _, again = _receive(commune, plan_bundle.export_bundle(new_up, new_plan, tmp_path / "moi.khgoi"))
        assert again.result.directive_id == first.result.directive_id  # one registry entry
        [upstream] = progress_up.upstreams_of_plan(commune, ours)
        assert upstream.uid == container.read(tmp_path / "moi.khgoi").manifest["plan"]["uid"]
        out = progress_up.export_up(commune, ours, tmp_path / "tiendo.khtiendo")
        assert container.read(out).manifest["upstream"]["uid"] == upstream.uid
        pv = consolidate.preview(new_up, [out])
        assert pv.changes == 1 and not pv.refused
    finally:
        new_up.close()


def test_progress_for_our_plan_sent_from_another_database_says_to_send_it_again(offices, tmp_path):
    """A report on our plan number that this database never sent (the walk: «không do cơ quan mình gửi
    xuống», though it is ours): the message says to send the bundle again from here."""
    from exchange_support import implement

    from kehoach_desktop.exchange import consolidate, progress_up

    old_up, plan_id, commune = offices
    _, got = _receive(commune, plan_bundle.export_bundle(old_up, plan_id, tmp_path / "cu.khgoi"))
    out = progress_up.export_up(commune, implement(commune, got.result.directive_id), tmp_path / "t.khtiendo")
    new_up, _ = upper_office(tmp_path / "tinh-moi.sqlite3")
    try:
        pv = consolidate.preview(new_up, [out])
        [outcome] = pv.outcomes
        assert outcome.action == consolidate.REFUSED
        assert "cơ quan mình có kế hoạch số này" in outcome.message
        assert "hãy gửi lại gói kế hoạch" in outcome.message and "gửi nhầm cơ quan" in outcome.message
    finally:
        new_up.close()


def test_a_receipt_folder_not_made_yet_is_made(offices, tmp_path, capsys):
    from kehoach_desktop.cli import main

    up, plan_id, commune = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi")
    path = commune.path
    commune.close()
    folder = tmp_path / "gui-len"
    assert main(["--db", str(path), "bundle", "import", str(bundle), "--receipt", str(folder)]) == 0
    [receipt] = folder.iterdir()  # not a file «gui-len» without its suffix
    assert receipt.suffix == ".khnhan" and str(receipt) in capsys.readouterr().out


def test_a_folder_says_which_plan_bundles_it_leaves_out(offices, tmp_path, capsys):
    """The commune's e-mail saved to one folder: its progress file and its own plan sent up. The
    consolidation takes the first and says what to do with the second; our own bundle kept there
    is not mentioned."""
    from kehoach_desktop.cli import main
    from kehoach_desktop.exchange import consolidate, progress_up

    up, plan_id, commune = offices
    sent_up = _commune_plan_sent_up(up, plan_id, commune, tmp_path)
    ours = commune.scalar("SELECT id FROM plans WHERE status = 'issued'")
    inbox = tmp_path / "thu-xa"
    inbox.mkdir()
    progress_up.export_up(commune, ours, inbox / "tiendo.khtiendo")
    sent_up.rename(inbox / "Kế hoạch 01-KH-ĐU.khgoi")
    (tmp_path / "tinh.khgoi").rename(inbox / "tinh.khgoi")  # ours, kept beside
    pv = consolidate.preview(up, [inbox])
    assert pv.changes == 1 and pv.bundles_left == ["Kế hoạch 01-KH-ĐU.khgoi"]
    assert "«Nhận gói kế hoạch…»" in pv.note and "tinh.khgoi" not in pv.note
    path = up.path
    up.close()
    assert main(["--db", str(path), "progress", "consolidate", str(inbox)]) == 0
    assert "Kế hoạch 01-KH-ĐU.khgoi" in capsys.readouterr().out
    assert main(["--db", str(path), "bundle", "import", str(inbox / "Kế hoạch 01-KH-ĐU.khgoi")]) == 0
    capsys.readouterr()
    # The receipt for the commune was written into the same folder: ours, passed over without a refusal
    # (it was «không do cơ quan mình gửi xuống … hãy kiểm tra lại tệp», exit code 3).
    assert any(p.suffix == ".khnhan" for p in inbox.iterdir())
    assert main(["--db", str(path), "progress", "consolidate", str(inbox)]) == 0
    out = capsys.readouterr().out
    assert ".khgoi" not in out  # received now: no more said about it
    assert "Tệp của cơ quan mình, bỏ qua" in out


def test_the_summary_names_the_communes_in_running_text_case(offices, tmp_path):
    """The walk's Báo cáo tổng hợp read «Các cơ quan, đơn vị đã ban hành kế hoạch cụ thể hóa: ĐẢNG ỦY PHƯỜNG
    BẮC HỒNG LĨNH (Kế hoạch số 01-KH/ĐU)» and listed overdue offices in capitals too."""
    from exchange_support import implement

    from kehoach_desktop.exchange import consolidate, progress_up, report

    up, plan_id, commune = offices
    _, got = _receive(commune, plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi"))
    ours = implement(commune, got.result.directive_id)
    commune.execute("UPDATE tasks SET deadline_end = ? WHERE plan_id = ?", ("2020-01-31", ours))  # overdue
    commune.execute("UPDATE plans SET issuer_code = 'ĐU' WHERE id = ?", (ours,))
    issuing.issue(commune, ours, None, dt.date.today())
    out = progress_up.export_up(commune, ours, tmp_path / "t.khtiendo")
    UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, [out])))
    text = report.build_summary(up, plan_id).all_text()
    assert "ĐẢNG ỦY XÃ THẠCH HÀ" not in text
    assert "Đảng ủy xã Thạch Hà (Kế hoạch số" in text
    assert text.count("Đảng ủy xã Thạch Hà") >= 2  # also among the overdue


def test_the_summary_says_whose_figures_are_from_an_earlier_period(offices, tmp_path):
    """A commune that last reported in June is counted with June's figures: the Báo cáo tổng hợp says so."""
    from exchange_support import implement

    from kehoach_desktop.exchange import consolidate, progress_up, report

    up, plan_id, commune = offices
    _, got = _receive(commune, plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi"))
    out = progress_up.export_up(commune, implement(commune, got.result.directive_id), tmp_path / "t.khtiendo")
    UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, [out])))
    today = dt.date(2026, 12, 3)
    up.execute("UPDATE exchange_reports SET created_at = '2026-06-30T16:00:00'")
    text = report.build_summary(up, plan_id, today=today).all_text()
    assert "Chưa báo cáo trong kỳ Quý IV/2026, số liệu lấy theo báo cáo gần nhất" in text
    assert "Đảng ủy xã Thạch Hà (báo cáo ngày 30/06/2026)" in text
    up.execute("UPDATE exchange_reports SET created_at = '2026-11-30T16:00:00'")
    assert "số liệu lấy theo báo cáo gần nhất" not in report.build_summary(up, plan_id, today=today).all_text()


def test_two_communes_bundles_sent_up_have_different_names():
    """Both communes' plans implementing 49-KH/TU are «01-KH/ĐU Thực hiện Kế hoạch số 49-KH/TU …»."""
    title = "Thực hiện Kế hoạch số 49-KH/TU, ngày 15/9/2026 của Ban Thường vụ Tỉnh ủy về chuyển đổi số"
    a = plan_bundle.default_file_name("01-KH/ĐU", title, "ĐẢNG ỦY XÃ THẠCH HÀ")
    b = plan_bundle.default_file_name("01-KH/ĐU", title, "ĐẢNG ỦY PHƯỜNG BẮC HỒNG LĨNH")
    assert a != b
    assert a.startswith("Gói kế hoạch 01-KH-ĐU - ĐẢNG ỦY XÃ THẠCH HÀ - Thực hiện Kế hoạch số 49-KH-TU")
    assert a.endswith(".khgoi") and len(a) <= 120 + len(".khgoi")


def test_receipts_for_two_communes_plans_do_not_overwrite_each_other(offices, tmp_path, capsys):
    """The Tỉnh ủy receives both communes' plans (each «01-KH/ĐU») from one folder: two receipts."""
    from kehoach_desktop.cli import main

    up, plan_id, commune = offices
    other = lower_office(tmp_path / "phuong.sqlite3", "ĐẢNG ỦY PHƯỜNG BẮC HỒNG LĨNH")
    inbox = tmp_path / "thu"
    inbox.mkdir()
    for db, name in ((commune, "a"), (other, "b")):
        (tmp_path / name).mkdir()
        _commune_plan_sent_up(up, plan_id, db, tmp_path / name).rename(inbox / f"{name}.khgoi")
    other.close()
    path = up.path
    up.close()
    assert main(["--db", str(path), "bundle", "import", str(inbox / "a.khgoi"), str(inbox / "b.khgoi")]) == 0
    receipts = sorted(p.name for p in inbox.iterdir() if p.suffix == ".khnhan")
    assert len(receipts) == 2, receipts
    assert any("ĐẢNG ỦY XÃ THẠCH HÀ" in r for r in receipts)


def test_a_chi_bo_file_sent_two_levels_up_says_where_it_belongs(offices, tmp_path):
    """The chi bộ's progress on the commune's plan reaches the Tỉnh ủy: it says the commune is its place."""
    from exchange_support import implement

    from kehoach_desktop.exchange import consolidate, progress_up

    up, plan_id, commune = offices
    sent_up = _commune_plan_sent_up(up, plan_id, commune, tmp_path)
    ours = commune.scalar("SELECT id FROM plans WHERE status = 'issued'")
    # The Tỉnh ủy knows the commune from its progress file.
    UndoStack(up).push(
        consolidate.ApplyConsolidation(
            consolidate.preview(up, [progress_up.export_up(commune, ours, tmp_path / "xa.khtiendo")])
        )
    )
    chi_bo = lower_office(tmp_path / "chibo.sqlite3", "CHI BỘ THÔN 1")
    try:
        _, got = _receive(chi_bo, sent_up)
        out = progress_up.export_up(chi_bo, implement(chi_bo, got.result.directive_id), tmp_path / "cb.khtiendo")
    finally:
        chi_bo.close()
    [outcome] = consolidate.preview(up, [out]).outcomes
    assert outcome.action == consolidate.REFUSED
    assert "của Chi bộ thôn 1" in outcome.message and "cần gửi cho Đảng ủy xã Thạch Hà" in outcome.message


def test_the_signed_scan_sent_after_the_printed_copy_replaces_it_and_undo_puts_it_back(offices, tmp_path):
    """The Tỉnh ủy sends the plan as printed, then the signed, sealed scan: the commune's registry entry
    kept the first PDF («đã cập nhật văn bản đã có trong sổ», the scan dropped)."""
    from kehoach_desktop.exchange import container
    from kehoach_desktop.store import directives

    up, plan_id, commune = offices
    _, first = _receive(commune, plan_bundle.export_bundle(up, plan_id, tmp_path / "in.khgoi"))
    did = first.result.directive_id
    printed = directives.attachment(
        commune, commune.scalar("SELECT attachment_id FROM directives WHERE id = ?", (did,))
    )
    scan = tmp_path / "ban-quet.pdf"
    scan.write_bytes(b"%PDF-1.4\n% ban quet co chu ky, dau\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    import time

    time.sleep(1.1)  # a later copy (created_at has seconds)
    signed = plan_bundle.export_bundle(up, plan_id, tmp_path / "quet.khgoi", signed_pdf=scan)
    assert container.read(signed).members["plan.pdf"] == scan.read_bytes()
    stack = UndoStack(commune)
    cmd = receive.ReceiveBundle(receive.open_bundle(commune, signed))
    stack.push(cmd)
    assert cmd.result.directive_id == did

    def attached():
        return directives.attachment(
            commune, commune.scalar("SELECT attachment_id FROM directives WHERE id = ?", (did,))
        )

    assert attached()[1] == scan.read_bytes()
    stack.undo()
    assert attached() == printed


PLAN_TEXT = """ĐẢNG BỘ TỈNH HÀ TĨNH
TỈNH ỦY
*
Số 49-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Tĩnh, ngày 15 tháng 9 năm 2026

KẾ HOẠCH
thực hiện chuyển đổi số trong các cơ quan đảng năm 2026-2027

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, đảng viên về chuyển đổi số.

II. NHIỆM VỤ, GIẢI PHÁP
1. Tổ chức quán triệt Nghị quyết số 57-NQ/TW đến toàn thể cán bộ, đảng viên; hoàn thành trước ngày 30/11/2027.
2. Số hóa hồ sơ, tài liệu lưu trữ của cấp ủy; hoàn thành trước ngày 31/3/2027.

III. TỔ CHỨC THỰC HIỆN
1. Các đảng ủy xã, phường: xây dựng kế hoạch cụ thể hóa, tổ chức thực hiện, báo cáo kết quả về Tỉnh ủy.

Nơi nhận:
- Các đảng ủy xã, phường,
- Lưu Văn phòng Tỉnh ủy.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC
Trần Văn Bình
"""


def test_a_plan_made_from_the_paper_copy_reports_on_the_bundle_s_tasks(tmp_path):
    """The commune registered the Tỉnh ủy's plan from the paper (or .docx) and made its own plan from it;
    the bundle came later. Its progress went up keyed «II.1», and the Tỉnh ủy saw «chưa giao nhiệm vụ»
    for every task though the commune had done the first one (seen on the walk)."""
    from kehoach_desktop.cli import main
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.exchange import consolidate, progress_up
    from kehoach_desktop.exchange.progress_up import NO_TASK
    from kehoach_desktop.store import open_database
    from kehoach_desktop.store import profile as profile_store
    from kehoach_desktop.tracking import progress as progress_store
    from kehoach_desktop.tracking.periods import containing
    from kehoach_desktop.tracking.status import DONE_ON_TIME

    text = tmp_path / "kh-49.txt"
    text.write_text(PLAN_TEXT, encoding="utf-8")
    up_path, commune_path = tmp_path / "tinh.sqlite3", tmp_path / "xa.sqlite3"
    assert main(["--db", str(up_path), "import", "--as-plan", "--status", "ban-hanh", str(text)]) == 0
    up = open_database(up_path)
    profile_store.save(up, OfficeProfile(superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH", issuer_body="TỈNH ỦY", issuer_code="TU"))
    plan_id = up.scalar("SELECT id FROM plans")
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi")
    lower_office(commune_path, "ĐẢNG ỦY XÃ THẠCH HÀ").close()
    assert main(["--db", str(commune_path), "import", "--as-directive", str(text)]) == 0
    commune = open_database(commune_path)
    try:
        directive = commune.scalar("SELECT id FROM directives WHERE number = '49-KH/TU'")
        make = derive.DerivePlan(derive.start(commune, directive, all_items=True))
        UndoStack(commune).push(make)
        first = commune.scalar("SELECT id FROM tasks WHERE plan_id = ? ORDER BY position, id", (make.plan_id,))
        today = dt.date.today()
        progress_store.record(commune, first, containing(today, "quarter"), progress_store.Report(completed_on=today))
        _, got = _receive(commune, bundle)
        assert got.result.directive_id == directive  # the entry registered from the paper, not a second one
        import time

        time.sleep(1.1)  # the plan sent again later (a newer copy): the old keys still lead to its tasks
        _receive(commune, plan_bundle.export_bundle(up, plan_id, tmp_path / "lai.khgoi"))
        out = progress_up.export_up(commune, make.plan_id, tmp_path / "tiendo.khtiendo")
    finally:
        commune.close()
    try:
        UndoStack(up).push(consolidate.ApplyConsolidation(consolidate.preview(up, [out])))
        m = consolidate.matrix(up, plan_id)
        [office] = m.offices
        statuses = [m.cells.get((key, office.office_id), ("", ""))[0] for key, _, _ in m.tasks]
        assert statuses[0] == DONE_ON_TIME
        assert NO_TASK not in statuses[:2]
    finally:
        up.close()


@pytest.mark.parametrize("all_items", [False, True])
def test_a_chi_bo_reports_to_the_commune_that_sent_the_plan_once(tmp_path, all_items):
    """The Tỉnh ủy's plan, cụ thể hóa by the commune and sent to its chi bộ: the chi bộ's draft had two
    «Báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy …» tasks (the commune's report item and its Văn
    phòng's duty). A chi bộ reports to the Đảng ủy xã that sent it the plan, once."""
    from conftest import FIXTURES

    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.importer import parse_file
    from kehoach_desktop.importer.persist import save_as_directive
    from kehoach_desktop.store import open_database, profile
    from kehoach_desktop.store.directives import ensure_levels
    from tests.office_docs import build_docx

    xa = open_database(tmp_path / "xa.sqlite3")
    chi_bo = lower_office(tmp_path / "chibo.sqlite3", "CHI BỘ THÔN 1")
    try:
        ensure_levels(xa)
        profile.save(
            xa,
            OfficeProfile(
                superior_body="ĐẢNG BỘ TỈNH TUYÊN QUANG",
                issuer_body="ĐẢNG ỦY XÃ HÙNG LỢI",
                issuer_code="ĐU",
                place="Hùng Lợi",
                signer_title="BÍ THƯ",
                signer_name="Ma Văn Thắng",
            ),
        )
        for name in ("Văn phòng Đảng ủy", "Ban Tuyên giáo và Dân vận Đảng ủy", "Các chi bộ trực thuộc"):
            profile.add_unit(xa, name)
        source = build_docx(FIXTURES / "derive" / "ke-hoach-tinh-uy-86-2026.txt", tmp_path / "86-KH-TU.docx")
        make = derive.DerivePlan(derive.start(xa, save_as_directive(xa, parse_file(source))))
        UndoStack(xa).push(make)
        issuing.issue(xa, make.plan_id, None, dt.date.today())
        bundle = plan_bundle.export_bundle(xa, make.plan_id, tmp_path / "xa.khgoi", addressees=["Chi bộ Thôn 1"])
        _, got = _receive(chi_bo, bundle)
        d = derive.start(chi_bo, got.result.directive_id, all_items=all_items)
        texts = [r.text for r in d.reports if r.selected]
        tasks = [t.title for _node, t in d.build().tasks if "báo cáo" in t.title.lower()]
    finally:
        xa.close()
        chi_bo.close()
    assert len(texts) == 1 and texts[0].startswith("Báo cáo kết quả thực hiện về Ban Thường vụ Đảng ủy xã Hùng Lợi")
    assert not any("Tỉnh ủy" in t for t in tasks) and len(tasks) == 1


def test_bundle_export_refuses_a_due_date_already_past(offices, tmp_path, capsys):
    """«bundle export --due» with a day already past wrote the bundle without a word: the lower level
    received a plan overdue on arrival. It is refused, saying what to do; nothing is written."""
    from kehoach_desktop.cli import main
    from kehoach_desktop.core.dates import format_short

    up, plan_id, _ = offices
    path = up.path
    up.close()
    out = tmp_path / "tinh.khgoi"
    args = ["--db", str(path), "bundle", "export", "--plan", str(plan_id), "-o", str(out)]
    today = dt.date.today()
    past = format_short(today - dt.timedelta(days=2))
    assert main([*args, "--due", past]) != 0
    err = capsys.readouterr().err
    assert f"Hạn cụ thể hóa {past} đã qua (hôm nay là {format_short(today)})" in err and "bỏ --due" in err
    assert not out.exists()
    assert main([*args, "--due", format_short(today)]) == 0 and out.exists()


def test_progress_up_reports_for_the_period_chosen(offices, tmp_path, capsys):
    """«progress export-up» always reported as of today: the period (tháng, quý, 6 tháng, năm, as the
    tracking reads them) is chosen; the file says which and counts as of its end."""
    from exchange_support import implement

    from kehoach_desktop.cli import main
    from kehoach_desktop.exchange import container, progress_up
    from kehoach_desktop.tracking.periods import containing

    up, plan_id, commune = offices
    bundle = plan_bundle.export_bundle(up, plan_id, tmp_path / "tinh.khgoi")
    _, got = _receive(commune, bundle)
    ours = implement(commune, got.result.directive_id, statuses={0: "done"})
    path = commune.path
    commune.close()
    today = dt.date.today()
    quarter = containing(today, "quarter")
    args = ["--db", str(path), "progress", "export-up", "--plan", str(ours)]
    assert main([*args, "-o", str(tmp_path / "q.khtiendo"), "--period", quarter.label]) == 0
    assert quarter.label in capsys.readouterr().out
    manifest = container.read(tmp_path / "q.khtiendo").manifest
    assert manifest["period"] == {"code": quarter.code, "label": quarter.label}
    assert manifest["as_of"] == min(today, quarter.end).isoformat()
    # Without --period: the year so far, as the window's «Kỳ báo cáo» proposes.
    assert main([*args, "-o", str(tmp_path / "y.khtiendo")]) == 0
    year = progress_up.default_period(today)
    assert container.read(tmp_path / "y.khtiendo").manifest["period"]["code"] == year.code == str(today.year)
    # An earlier year: nothing was done by its end; a period not begun yet is refused.
    last = f"Năm {today.year - 1}"
    # (nothing recorded by then: the command asks for --allow-no-progress, as for any such file)
    assert main([*args, "-o", str(tmp_path / "old.khtiendo"), "--period", last]) != 0
    assert "Chưa ghi tiến độ" in capsys.readouterr().err
    assert main([*args, "-o", str(tmp_path / "old.khtiendo"), "--period", last, "--allow-no-progress"]) == 0
    items = container.read(tmp_path / "old.khtiendo").json(progress_up.PROGRESS_MEMBER)["items"]
    assert container.read(tmp_path / "old.khtiendo").manifest["as_of"] == f"{today.year - 1}-12-31"
    assert items and not any(i["completed_on"] for i in items)
    capsys.readouterr()
    assert main([*args, "-o", str(tmp_path / "next.khtiendo"), "--period", f"Năm {today.year + 1}"]) != 0
    assert "chưa bắt đầu" in capsys.readouterr().err
    assert main([*args, "-o", str(tmp_path / "x.khtiendo"), "--period", "quý 9"]) != 0
    assert "Không đọc được kỳ báo cáo" in capsys.readouterr().err

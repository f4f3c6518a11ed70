"""Builders for the tracking tests: a small issued plan with units, tasks and deadlines.

Written for these tests (modelled on the task lists of real plans), not copied
from any sample.
"""

from __future__ import annotations

import datetime as dt

from kehoach_desktop.store import plans, profile
from kehoach_desktop.store.plans import add_task

UNITS = [
    ("Ban Xây dựng Đảng", "BXDĐ"),
    ("Đoàn Thanh niên xã", "ĐTN"),
    ("Hội Liên hiệp Phụ nữ xã", "HPN"),
    ("Văn phòng Đảng ủy", "VPĐU"),
]


def make_plan(
    db,
    *,
    number: str = "12-KH/ĐU",
    security: str = "thường",
    issued: bool = True,
    title: str = "Thực hiện công tác lý luận chính trị năm 2026",
) -> dict:
    """A plan with 6 tasks over 3 units; returns ids by name."""
    units = {short: profile.add_unit(db, name, short) for name, short in UNITS}
    plan_id = plans.create(
        db,
        {
            "number": number,
            "title": title,
            "year": 2026,
            "date": dt.date(2026, 1, 10),
            "issuer_body": "ĐẢNG ỦY XÃ HÒA BÌNH",
            "issuer_code": "ĐU",
            "security": security,
        },
    )
    t = {}
    t["hoi_nghi"] = add_task(
        db,
        plan_id,
        "Tổ chức hội nghị học tập, quán triệt nghị quyết cho cán bộ chủ chốt",
        units["BXDĐ"],
        deadline_kind="date",
        end=dt.date(2026, 3, 31),
        deadline_text="trước ngày 31/3/2026",
        cooperating=[units["VPĐU"]],
    )
    t["sinh_hoat"] = add_task(
        db,
        plan_id,
        "Các chi bộ sinh hoạt chuyên đề hằng quý",
        units["BXDĐ"],
        deadline_kind="periodic",
        deadline_text="hằng quý",
    )
    t["thanh_nien"] = add_task(
        db,
        plan_id,
        "Tuyên truyền trong đoàn viên thanh niên về chủ đề năm",
        units["ĐTN"],
        deadline_kind="period",
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 6, 30),
        deadline_text="Quý II/2026",
    )
    t["guong_tot"] = add_task(
        db,
        plan_id,
        "Tuyên truyền gương người tốt, việc tốt",
        units["ĐTN"],
        deadline_kind="ongoing",
        deadline_text="thường xuyên",
    )
    t["phu_nu"] = add_task(
        db,
        plan_id,
        "Học tập chuyên đề cho hội viên phụ nữ",
        units["HPN"],
        deadline_kind="range",
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 4, 30),
        deadline_text="từ tháng 02 đến tháng 4/2026",
        cooperating=[units["ĐTN"]],
    )
    t["so_ket"] = add_task(
        db, plan_id, "Sơ kết 6 tháng việc thực hiện kế hoạch", None, deadline_kind="date", end=dt.date(2026, 7, 15)
    )
    if issued:
        db.execute("UPDATE plans SET status = 'issued' WHERE id = ?", (plan_id,))
    return {"plan": plan_id, "units": units, "tasks": t}


def snapshot(db) -> list[tuple]:
    """Everything an import could touch, for 'nothing changed' assertions."""
    return (
        db.all("SELECT * FROM progress ORDER BY id"),
        db.scalar("SELECT COUNT(*) FROM audit_log"),
        db.all("SELECT * FROM tasks ORDER BY id"),
    )

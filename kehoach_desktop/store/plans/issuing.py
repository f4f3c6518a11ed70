"""Issuing: the next number per type within the committee's term, the date, the lock."""

from __future__ import annotations

import datetime as dt

from ...core.dates import to_iso
from ..db import Database, now_iso
from .header import PlanLocked, get_row, reindex

TERM_START_KEY = "term_start"


def term_start(db: Database) -> dt.date | None:
    """First day of the committee's current term (numbers restart from 01 then)."""
    value = db.get_meta(TERM_START_KEY)
    return dt.date.fromisoformat(value) if value else None


def set_term_start(db: Database, day: dt.date | None) -> None:
    db.set_meta(TERM_START_KEY, to_iso(day))


def next_serial(db: Database, type_code: str, issuer_code: str) -> int:
    """Next free serial for this type and issuer within the current term."""
    start = term_start(db)
    row = db.scalar(
        "SELECT MAX(serial) FROM plans WHERE status = 'issued' AND type_code = ? AND issuer_code = ? "
        "AND (? IS NULL OR plan_date >= ?)",
        (type_code, issuer_code, to_iso(start), to_iso(start)),
    )
    return int(row or 0) + 1


def format_plan_number(serial: int, type_code: str, issuer_code: str) -> str:
    return f"{serial:02d}-{type_code}/{issuer_code}"


def number_taken(db: Database, number: str, plan_id: int) -> bool:
    return bool(
        db.scalar("SELECT COUNT(*) FROM plans WHERE number = ? AND status = 'issued' AND id <> ?", (number, plan_id))
    )


def issue(db: Database, plan_id: int, number: str | None = None, day: dt.date | None = None) -> str:
    """Number, date and lock the plan. Returns the number given."""
    from ...core.numbers import canonical, try_parse

    with db.transaction():
        row = get_row(db, plan_id)
        if row["status"] == "issued":
            raise PlanLocked("Kế hoạch này đã ban hành rồi.")
        if not (row["issuer_code"] or "").strip():
            raise ValueError(
                "Chưa có ký hiệu cơ quan ban hành (ví dụ ĐU) trong phần đầu kế hoạch; hãy điền rồi ban hành."
            )
        if number:
            number = canonical(number)
            parsed = try_parse(number)
            if parsed is None:
                raise ValueError(f"Số «{number}» không đúng dạng số-KH/CƠQUAN, ví dụ 12-KH/ĐU.")
            serial = parsed.serial
        else:
            serial = next_serial(db, row["type_code"], row["issuer_code"])
            number = format_plan_number(serial, row["type_code"], row["issuer_code"])
        if number_taken(db, number, plan_id):
            raise ValueError(f"Số {number} đã dùng cho một kế hoạch đã ban hành khác; hãy chọn số khác.")
        day = day or dt.date.today()
        db.execute(
            "UPDATE plans SET status = 'issued', number = ?, serial = ?, plan_date = ?, year = COALESCE(year, ?), "
            "issued_at = ?, updated_at = ? WHERE id = ?",
            (number, serial, to_iso(day), day.year, now_iso(), now_iso(), plan_id),
        )
        db.audit("plan", plan_id, "issue", {"number": number, "date": to_iso(day)})
        reindex(db, plan_id)
    return number

"""What the exchange tab lists (kept here so no widget holds SQL)."""

from __future__ import annotations

import datetime as dt

from ..core.dates import from_iso
from ..store.db import Database


def issued_plans(db: Database) -> list[tuple[int, str, str]]:
    """(id, number, title) of the plans that may be sent down, newest first."""
    return [
        (r[0], r[1] or "", r[2])
        for r in db.all("SELECT id, number, title FROM plans WHERE status = 'issued' ORDER BY plan_date DESC, id DESC")
    ]


def plans_implementing_received(db: Database) -> list[tuple[int, str, str]]:
    """Our plans that implement a plan received as a bundle (by item links or căn cứ)."""
    return [
        (r[0], r[1] or "", r[2])
        for r in db.all(
            "SELECT p.id, p.number, p.title FROM plans p WHERE p.id IN ("
            " SELECT n.plan_id FROM node_upstream nu JOIN plan_nodes n ON n.id = nu.node_id"
            " JOIN exchange_received r ON r.directive_id = nu.directive_id"
            " UNION SELECT b.plan_id FROM plan_basis b JOIN exchange_received r ON r.directive_id = b.directive_id)"
            " ORDER BY p.id DESC"
        )
    ]


def sent_due(db: Database, plan_id: int) -> dt.date | None:
    """The hạn cụ thể hóa given with the plan when it was last sent."""
    return from_iso(db.scalar("SELECT implement_due FROM exchange_sent WHERE plan_id = ?", (plan_id,)))

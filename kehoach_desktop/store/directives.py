"""The registry of upstream directive documents and their implementation links."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.dates import format_short, from_iso, to_iso
from ..core.models import SECURITY_LEVELS, Directive
from ..core.text import clean, fold, sort_key
from . import search as search_index
from .db import Database, is_open_database_file, now_iso, row_id

if TYPE_CHECKING:  # core.citations and core.numbers (their patterns) load when a document is written, not at start-up
    from ..core.citations import Citation

# Attachments larger than this stay out of the database (bounded file size).
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024

FIELDS = (
    "doc_type",
    "number",
    "issued_on",
    "issuer",
    "summary",
    "level_id",
    "security",
    "implement_due",
    "notes",
    "attachment_id",
    "structure_json",
)


class RegistryError(ValueError):
    """A change the registry refuses; the message is for the user."""


# -- levels ----------------------------------------------------------------------
def ensure_levels(db: Database) -> None:
    """The levels of resources/domain/levels.json (Trung ương / Tỉnh / Xã, the old Huyện
    marked as ended) and the table of bodies with their validity (issue 17)."""
    from ..core.domain import level_specs
    from .bodies import ensure_bodies

    with db.transaction():
        for pos, spec in enumerate(level_specs()):
            db.execute("INSERT OR IGNORE INTO levels(name, position) VALUES (?, ?)", (spec.name, pos))
            if spec.valid_to:
                db.execute(
                    "UPDATE levels SET valid_to = ?, note = ? WHERE name = ? AND valid_to IS NULL",
                    (to_iso(spec.valid_to), spec.note, spec.name),
                )
        ensure_bodies(db)
        normalise_issuers(db)


ISSUERS_KEY = "issuers_normal_case"


def normalise_issuers(db: Database) -> int:
    """Once per database: issuers an older import stored as the header prints them
    («ĐẢNG ỦY XÃ THẠCH LẠC») are written in normal case («Đảng ủy xã Thạch Lạc»), as the
    importer now stores them (issue 17) — one issuing body, one node in the level tree.
    Returns how many documents changed."""
    if db.get_meta(ISSUERS_KEY, False):
        return 0
    from ..core.basis import natural_case  # (with the citation reader) only when there is work

    changed = 0
    with db.transaction():
        # SQLite's upper() knows only ASCII: a cheap first sieve, Python judges the rest.
        for did, issuer in db.all("SELECT id, issuer FROM directives WHERE issuer <> '' AND issuer = upper(issuer)"):
            normal = natural_case(issuer)
            if normal != issuer:
                db.execute("UPDATE directives SET issuer = ? WHERE id = ?", (normal, did))
                changed += 1
        db.set_meta(ISSUERS_KEY, True)
    return changed


def level_id(db: Database, name: str | None) -> int | None:
    if not name:
        return None
    name = clean(name).strip()
    found = db.scalar("SELECT id FROM levels WHERE name = ?", (name,))
    if found is not None:
        return int(found)
    with db.transaction():
        pos = db.scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM levels")
        cur = db.execute("INSERT INTO levels(name, position) VALUES (?, ?)", (name, pos))
        return row_id(cur)


def levels(db: Database) -> list[tuple[int, str]]:
    return [(r["id"], r["name"]) for r in db.all("SELECT id, name FROM levels ORDER BY position, id")]


def rename_level(db: Database, lid: int, name: str) -> None:
    with db.transaction():
        db.execute("UPDATE levels SET name = ? WHERE id = ?", (clean(name).strip(), lid))


# -- normalising input ----------------------------------------------------------
def _normalise(db: Database, data: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("level", "level_id", "parent_ids", "attachment_path"):
            continue
        if key not in FIELDS:
            raise RegistryError(f"Trường «{key}» không có trong sổ văn bản.")
        if isinstance(value, str):
            value = clean(value).strip()
        row[key] = value
    if row.get("number"):
        from ..core import numbers

        row["number"] = numbers.canonical(row["number"])
    for key in ("issued_on", "implement_due"):
        if key in row:
            value = row[key]
            row[key] = to_iso(value) if isinstance(value, dt.date) else (value or None)
    if "security" in row and row["security"] not in SECURITY_LEVELS:
        raise RegistryError(f"Độ mật «{row['security']}» không hợp lệ; chọn một trong: {', '.join(SECURITY_LEVELS)}.")
    if "level" in data:
        row["level_id"] = level_id(db, data["level"])
    elif "level_id" in data:
        row["level_id"] = data["level_id"]
    if "doc_type" in row and not row["doc_type"]:
        raise RegistryError("Chưa chọn loại văn bản.")
    return row


def _sort_key_for(row: dict[str, Any]) -> str:
    from ..core import numbers

    parsed = numbers.try_parse(row.get("number") or "")
    serial = f"{parsed.serial:06d}" if parsed else "999999"
    return sort_key(row.get("doc_type", "")) + "#" + (row.get("issued_on") or "") + serial


# -- create / update / delete ---------------------------------------------------
def add(db: Database, data: dict[str, Any], *, directive_id: int | None = None) -> int:
    """Register a document; returns its id. ``parent_ids`` lists what it implements."""
    row = _normalise(db, data)
    if not row.get("doc_type"):
        raise RegistryError("Chưa chọn loại văn bản.")
    if "level_id" not in row and row.get("number"):
        from ..core import numbers

        parsed = numbers.try_parse(row["number"])
        if parsed:
            from ..core.citations import level_for_body

            row["level_id"] = level_id(db, level_for_body(parsed.body))
    stamp = now_iso()
    row.setdefault("created_at", stamp)
    row["updated_at"] = stamp
    row["sort_key"] = _sort_key_for(row)
    if directive_id is not None:
        row["id"] = directive_id
    with db.transaction():
        if data.get("attachment_path"):
            row["attachment_id"] = store_attachment(db, Path(data["attachment_path"]))
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = db.execute(f"INSERT INTO directives({cols}) VALUES ({marks})", list(row.values()))
        new_id = row_id(cur)
        set_parents(db, new_id, data.get("parent_ids") or [])
        search_index.index_directive(db, new_id)
        if row.get("number"):  # relations recorded by number before this document was registered
            db.execute(
                "UPDATE directive_relations SET target_id = ? WHERE target_id IS NULL AND target_number = ?",
                (new_id, row["number"]),
            )
        db.audit("directive", new_id, "add", {"number": row.get("number", "")})
    return new_id


def update(db: Database, directive_id: int, changes: dict[str, Any]) -> None:
    row = _normalise(db, changes)
    with db.transaction():
        current = get_row(db, directive_id)
        if current is None:
            raise RegistryError("Văn bản này không còn trong sổ (có thể đã bị xóa).")
        if changes.get("attachment_path"):
            row["attachment_id"] = store_attachment(db, Path(changes["attachment_path"]))
        if row:
            merged = {**dict(current), **row}
            row["sort_key"] = _sort_key_for(merged)
            row["updated_at"] = now_iso()
            sets = ", ".join(f"{k} = ?" for k in row)
            db.execute(f"UPDATE directives SET {sets} WHERE id = ?", [*row.values(), directive_id])
        if "parent_ids" in changes:
            set_parents(db, directive_id, changes["parent_ids"] or [])
        search_index.index_directive(db, directive_id)
        db.audit("directive", directive_id, "update", {k: v for k, v in row.items() if k != "sort_key"})


def snapshot(db: Database, directive_id: int) -> dict[str, Any]:
    """Everything needed to restore a document after deletion (undo)."""
    row = get_row(db, directive_id)
    if row is None:
        raise RegistryError("Văn bản này không còn trong sổ.")
    return {
        "row": dict(row),
        "parents": [
            r[0] for r in db.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (directive_id,))
        ],
        "children": [
            r[0] for r in db.all("SELECT directive_id FROM directive_links WHERE parent_id = ?", (directive_id,))
        ],
        "plans": [
            tuple(r) for r in db.all("SELECT plan_id, position FROM plan_basis WHERE directive_id = ?", (directive_id,))
        ],
        "relations": [
            dict(r)
            for r in db.all(
                "SELECT * FROM directive_relations WHERE directive_id = ? OR target_id = ?",
                (directive_id, directive_id),
            )
        ],
    }


def dependants(db: Database, directive_id: int) -> dict[str, list[str]]:
    """What would lose a link if this document were deleted (asked before deleting)."""
    docs = [
        f"{r['doc_type']} {r['number']}".strip()
        for r in db.all(
            "SELECT d.doc_type, d.number FROM directive_links l JOIN directives d ON d.id = l.directive_id "
            "WHERE l.parent_id = ?",
            (directive_id,),
        )
    ]
    plans = [
        (r["number"] or f"Dự thảo «{r['title']}»")
        for r in db.all(
            "SELECT p.number, p.title FROM plan_basis b JOIN plans p ON p.id = b.plan_id WHERE b.directive_id = ?",
            (directive_id,),
        )
    ]
    return {"directives": docs, "plans": plans}


def issued_plans_citing(db: Database, directive_id: int) -> list[str]:
    """Numbers of issued plans whose căn cứ links this document (it must stay)."""
    return [
        r[0]
        for r in db.all(
            "SELECT p.number FROM plan_basis b JOIN plans p ON p.id = b.plan_id "
            "WHERE b.directive_id = ? AND p.status = 'issued' ORDER BY p.plan_date",
            (directive_id,),
        )
    ]


def delete(db: Database, directive_id: int) -> dict[str, Any]:
    """Delete a document and every link to it; returns the snapshot for undo."""
    with db.transaction():
        snap = snapshot(db, directive_id)
        issued = issued_plans_citing(db, directive_id)
        if issued:
            raise RegistryError(
                f"Không xóa được: văn bản này là căn cứ của Kế hoạch đã ban hành {', '.join(issued)}. "
                "Kế hoạch đã ban hành phải giữ nguyên căn cứ."
            )
        db.execute("DELETE FROM directives WHERE id = ?", (directive_id,))
        search_index.unindex_directive(db, directive_id)
        db.audit("directive", directive_id, "delete", {"number": snap["row"]["number"]})
    return snap


def restore(db: Database, snap: dict[str, Any]) -> int:
    """Undo a deletion: the row with its id, its links both ways, its plan links."""
    row = snap["row"]
    did = row["id"]
    with db.transaction():
        cols = ", ".join(row)
        db.execute(f"INSERT INTO directives({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        for pid in snap["parents"]:
            db.execute(
                "INSERT OR IGNORE INTO directive_links(directive_id, parent_id) "
                "SELECT ?, id FROM directives WHERE id = ?",
                (did, pid),
            )
        for cid in snap["children"]:
            db.execute(
                "INSERT OR IGNORE INTO directive_links(directive_id, parent_id) "
                "SELECT id, ? FROM directives WHERE id = ?",
                (did, cid),
            )
        for plan_id, position in snap["plans"]:
            db.execute(
                "INSERT OR IGNORE INTO plan_basis(plan_id, directive_id, position) "
                "SELECT id, ?, ? FROM plans WHERE id = ?",
                (did, position, plan_id),
            )
        _insert_relations(db, snap.get("relations", []))
        search_index.index_directive(db, did)
        db.audit("directive", did, "restore", {"number": row["number"]})
    return did


def put_back(db: Database, snap: dict[str, Any]) -> None:
    """A document that is still registered back as *snap* holds it: its fields, the documents
    it implements and its relations (undo and redo of an import that updated it; the documents
    implementing it and the plans citing it are not what an update changes)."""
    row = dict(snap["row"])
    did = row.pop("id")
    with db.transaction():
        if get_row(db, did) is None:
            raise RegistryError("Văn bản này không còn trong sổ (có thể đã bị xóa).")
        db.execute(f"UPDATE directives SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?", [*row.values(), did])
        set_parents(db, did, snap["parents"])
        db.execute("DELETE FROM directive_relations WHERE directive_id = ? OR target_id = ?", (did, did))
        _insert_relations(db, snap.get("relations", []))
        search_index.index_directive(db, did)
        db.audit("directive", did, "put_back", {"number": row["number"]})


def _insert_relations(db: Database, relations: list[dict[str, Any]]) -> None:
    for rel in relations:
        db.execute(
            f"INSERT OR IGNORE INTO directive_relations({', '.join(rel)}) VALUES ({', '.join('?' for _ in rel)})",
            list(rel.values()),
        )


def set_parents(db: Database, directive_id: int, parent_ids: Iterable[int]) -> None:
    wanted = [int(p) for p in dict.fromkeys(parent_ids) if int(p) != directive_id]
    with db.transaction():
        for pid in wanted:
            if _is_ancestor(db, directive_id, pid):
                raise RegistryError("Không thể liên kết vòng: văn bản cấp trên lại thực hiện văn bản cấp dưới của nó.")
        db.execute("DELETE FROM directive_links WHERE directive_id = ?", (directive_id,))
        db.conn.executemany(
            "INSERT INTO directive_links(directive_id, parent_id) VALUES (?, ?)",
            [(directive_id, pid) for pid in wanted],
        )


def _is_ancestor(db: Database, ancestor: int, node: int) -> bool:
    """True when *ancestor* is reachable upward from *node* (would make a cycle)."""
    row = db.one(
        "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT l.parent_id FROM directive_links l JOIN up ON l.directive_id = up.id) "
        "SELECT 1 FROM up WHERE id = ? LIMIT 1",
        (node, ancestor),
    )
    return row is not None


# -- attachments ----------------------------------------------------------------
def store_attachment(db: Database, path: Path) -> int:
    """Keep the original file inside the database so the data stays one file."""
    if is_open_database_file(path):  # reading it would drop SQLite's locks on it (issue 13)
        raise RegistryError(
            f"«{path.name}» là tệp dữ liệu chương trình đang mở, không đính kèm được. Hãy chọn tệp khác."
        )
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise RegistryError(
            f"Tệp đính kèm «{path.name}» quá lớn ({size // (1024 * 1024)} MB); giới hạn là 50 MB. "
            "Hãy quét lại với độ phân giải thấp hơn hoặc nén PDF."
        )
    import hashlib  # with mimetypes: loaded when a file is attached, not at start-up (issue 19)
    import mimetypes

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    existing = db.scalar("SELECT id FROM attachments WHERE sha256 = ?", (digest,))
    if existing is not None:
        return int(existing)
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with db.transaction():
        cur = db.execute(
            "INSERT INTO attachments(filename, mime, size, sha256, data, added_at) VALUES (?,?,?,?,?,?)",
            (clean(path.name), mime, size, digest, data, now_iso()),
        )
        return row_id(cur)


def attachment(db: Database, attachment_id: int) -> tuple[str, bytes] | None:
    row = db.one("SELECT filename, data FROM attachments WHERE id = ?", (attachment_id,))
    return None if row is None else (row["filename"], bytes(row["data"]))


# -- reading ----------------------------------------------------------------------
def get_row(db: Database, directive_id: int):
    return db.one("SELECT * FROM directives WHERE id = ?", (directive_id,))


def get(db: Database, directive_id: int) -> Directive | None:
    row = db.one(
        "SELECT d.*, l.name AS level_name, a.filename AS attachment_name FROM directives d "
        "LEFT JOIN levels l ON l.id = d.level_id LEFT JOIN attachments a ON a.id = d.attachment_id "
        "WHERE d.id = ?",
        (directive_id,),
    )
    if row is None:
        return None
    parents = [r[0] for r in db.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (directive_id,))]
    return Directive(
        id=row["id"],
        doc_type=row["doc_type"],
        number=row["number"],
        issued_on=from_iso(row["issued_on"]),
        issuer=row["issuer"],
        summary=row["summary"],
        level=row["level_name"] or "",
        security=row["security"],
        implement_due=from_iso(row["implement_due"]),
        notes=row["notes"],
        parent_ids=parents,
        attachment_name=row["attachment_name"] or "",
    )


def to_json(d: Directive) -> dict[str, Any]:
    return {
        "id": d.id,
        "type": d.doc_type,
        "number": d.number,
        "date": to_iso(d.issued_on),
        "issuer": d.issuer,
        "summary": d.summary,
        "level": d.level,
        "security": d.security,
        "implement_due": to_iso(d.implement_due),
        "notes": d.notes,
        "implements": d.parent_ids,
        "attachment": d.attachment_name or None,
    }


def list_rows(db: Database) -> list:
    """All documents, light columns only, in tree order (level, issuer, sort key)."""
    return db.all(
        "SELECT d.id, d.doc_type, d.number, d.issued_on, d.issuer, d.summary, d.security, "
        "d.implement_due, COALESCE(l.name, '') AS level, COALESCE(l.position, 999) AS level_pos "
        "FROM directives d LEFT JOIN levels l ON l.id = d.level_id "
        "ORDER BY level_pos, d.issuer, d.sort_key, d.id"
    )


def find_by_number(db: Database, number: str) -> list:
    from ..core import numbers

    return db.all("SELECT * FROM directives WHERE number = ?", (numbers.canonical(number),))


_YEAR_IN_NUMBER_RE = re.compile(r"/(?:19|20)\d\d/")


def same_document(rows: list, date: dt.date | None) -> list:
    """Of *rows* (registry entries with one number), those that are the document dated *date*:
    undated ones and those of the same year. Party numbers restart with each term and every
    province's Tỉnh ủy writes «/TU», so «45-KH/TU» of 2022 and of 2027 are two documents; the
    same year with another day is the same one with a date to check (a typo)."""
    if date is None or any(_YEAR_IN_NUMBER_RE.search(r["number"] or "") for r in rows):
        return list(rows)  # «116/2018/NQ-HĐND» names its year: one document, whatever the date says
    out = []
    for r in rows:
        registered = from_iso(r["issued_on"]) if r["issued_on"] else None
        if registered is None or registered.year == date.year:
            out.append(r)
    return out


def find_document(db: Database, number: str, date: dt.date | None) -> list:
    """The registry entries of the document numbered *number* dated *date* (see :func:`same_document`)."""
    return same_document(find_by_number(db, number), date)


def conflicts(db: Database, cite: Citation) -> list[str]:
    """Warnings when the cited number is registered with another date or issuer."""
    warnings = []
    for row in find_by_number(db, cite.number):
        if cite.date and row["issued_on"] and row["issued_on"] != to_iso(cite.date):
            warnings.append(
                f"Số {cite.number} đã có trong sổ với ngày {format_short(from_iso(row['issued_on']))}, "
                f"khác ngày {format_short(cite.date)} vừa nhập."
            )
        if cite.issuer and row["issuer"] and fold(row["issuer"]) != fold(cite.issuer):
            warnings.append(
                f"Số {cite.number} đã có trong sổ với cơ quan ban hành «{row['issuer']}», "
                f"khác «{cite.issuer}» vừa nhập."
            )
        if not warnings:
            warnings.append(f"Số {cite.number} đã có trong sổ (cùng ngày và cơ quan ban hành).")
    return warnings


def from_citation(cite: Citation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "doc_type": cite.doc_type,
        "number": cite.number,
        "issued_on": cite.date,
        "issuer": cite.issuer,
        "summary": cite.subject,
    }
    from ..core import numbers

    parsed = numbers.try_parse(cite.number)
    if parsed:
        from ..core.citations import level_for

        data["level"] = level_for(parsed.body, cite.issuer)  # "… của UBND tỉnh": Tỉnh (issue 16)
    return data


def count(db: Database) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM directives"))


# -- queries the views use (no SQL in widgets) ---------------------------------------------
def issuers(db: Database) -> list[str]:
    """Every issuing body written in the registry, for the form's list."""
    return [r[0] for r in db.all("SELECT DISTINCT issuer FROM directives WHERE issuer <> '' ORDER BY issuer")]


def recent_rows(db: Database, limit: int = 100) -> list:
    return db.all("SELECT * FROM directives ORDER BY issued_on DESC, id DESC LIMIT ?", (limit,))


def find_level(db: Database, name: str) -> int | None:
    """The level named so, or None (no new level is made)."""
    return db.scalar("SELECT id FROM levels WHERE name = ?", (name,))


# Whether a document no longer applies (issue 17: the trees grey it out): the newest
# "thay thế" (preferred), "bãi bỏ" or "hết hiệu lực" in force on a given day, as
# "kind<US>acting document's type and number<US>its date" — one correlated lookup on the
# index directive_relations_target inside the trees' own page queries, '' when none.
ENDED_SQL = (
    "COALESCE((SELECT r.kind || char(31) || COALESCE(trim(s.doc_type || ' ' || s.number), '') "
    "|| char(31) || COALESCE(s.issued_on, '') "
    "FROM directive_relations r LEFT JOIN directives s ON s.id = r.directive_id "
    "WHERE r.target_id = d.id AND r.kind IN ('replaces', 'repeals', 'expires') "
    "AND (r.effective_on IS NULL OR r.effective_on <= ?) "
    "ORDER BY r.kind <> 'replaces', r.id DESC LIMIT 1), '')"
)


def ended_state(value: str) -> tuple[str, str, str]:
    """(kind, acting document "Quy định 399-QĐ/TW", its ISO date) of an :data:`ENDED_SQL`
    column; ("", "", "") for a document still in force."""
    if not value:
        return ("", "", "")
    kind, _, rest = value.partition("\x1f")
    by, _, day = rest.partition("\x1f")
    return (kind, by, day)


def tree_rows(db: Database, ids: Iterable[int] | None = None, today: dt.date | None = None) -> list[tuple]:
    """Every document (or the documents *ids*: search hits) as a plain tuple (id, doc_type,
    number, issued_on, issuer, summary, security, level name, ended), in the registry tree's
    order — no Row objects: a big registry builds its tree from these off the GUI thread.
    *ended* is :data:`ENDED_SQL` on *today* (read it with :func:`ended_state`)."""
    cur = db.conn.cursor()
    cur.row_factory = None
    where = ""
    if ids is not None:
        where = f"WHERE d.id IN ({','.join(str(int(i)) for i in ids) or 'NULL'}) "
    return cur.execute(
        "SELECT d.id, d.doc_type, d.number, d.issued_on, d.issuer, d.summary, d.security, "
        f"COALESCE(l.name, ''), {ENDED_SQL} "
        f"FROM directives d LEFT JOIN levels l ON l.id = d.level_id {where}"
        "ORDER BY COALESCE(l.position, 999), d.issuer, d.sort_key, d.id",
        ((today or dt.date.today()).isoformat(),),
    ).fetchall()


def tree_outline(db: Database) -> list[tuple]:
    """(level id, level name, issuer, documents) per issuing body, in the tree's order: one
    GROUP BY read from the ``directives_group`` index (issue 19: the tree's first screen),
    the levels joined to its few groups rather than to every document."""
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute(
        "SELECT g.level_id, COALESCE(l.name, ''), g.issuer, g.n "
        "FROM (SELECT level_id, issuer, count(*) AS n FROM directives GROUP BY level_id, issuer) g "
        "LEFT JOIN levels l ON l.id = g.level_id ORDER BY COALESCE(l.position, 999), 2, g.level_id, g.issuer"
    ).fetchall()


def tree_page(
    db: Database,
    level_id: int | None,
    issuer: str | None,
    after: tuple | None,
    limit: int,
    today: dt.date | None = None,
) -> list[tuple]:
    """The next *limit* documents of one issuing body after (sort_key, id) *after*, as
    (id, doc_type, number, issued_on, issuer, summary, security, '', sort_key, ended), in
    the index's order (no sorting); *ended* as in :func:`tree_rows`."""
    cur = db.conn.cursor()
    cur.row_factory = None
    more = "AND (d.sort_key, d.id) > (?, ?) " if after is not None else ""
    return cur.execute(
        "SELECT d.id, d.doc_type, d.number, d.issued_on, d.issuer, d.summary, d.security, '', d.sort_key, "
        f"{ENDED_SQL} FROM directives d WHERE d.level_id IS ? AND d.issuer IS ? "
        f"{more}ORDER BY d.sort_key, d.id LIMIT ?",
        [(today or dt.date.today()).isoformat(), level_id, issuer, *(after or ()), limit],
    ).fetchall()


def tree_place(db: Database, directive_id: int) -> tuple | None:
    """(level id, issuer) of a document: where it hangs in the level tree."""
    row = db.one("SELECT level_id, issuer FROM directives WHERE id = ?", (directive_id,))
    return None if row is None else (row[0], row[1])


def link_pairs(db: Database) -> list[tuple[int, int]]:
    """(document, the document it implements) for every implementation link."""
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute("SELECT directive_id, parent_id FROM directive_links").fetchall()


def chain_heads(db: Database) -> list:
    """Documents at the head of some plan's implementation chain (cited by a plan's căn cứ,
    or implemented by one that is): the tracking tab's document filter."""
    return db.all(
        "WITH RECURSIVE up(id) AS (SELECT directive_id FROM plan_basis UNION "
        "SELECT l.parent_id FROM directive_links l JOIN up ON l.directive_id = up.id) "
        "SELECT d.id, d.doc_type, d.number FROM directives d JOIN up ON up.id = d.id "
        "ORDER BY d.sort_key"
    )


# -- the implementation-chain tree, a page or a node at a time (issue 19) -------------------
# Rows: (id, doc_type, number, issued_on, issuer, summary, security, '', ended, more, day) —
# the first nine as :func:`tree_rows` (*ended* on the day given); *more*: something hangs
# under it (a document implementing it, a plan citing it); *day*: the date it is ordered by
# ('' when unknown). The first parameter of each query is that day (:data:`ENDED_SQL`).
_CHAIN_SELECT = (
    "SELECT d.id, d.doc_type, d.number, d.issued_on, d.issuer, d.summary, d.security, '', "
    f"{ENDED_SQL}, (EXISTS (SELECT 1 FROM directive_links c WHERE c.parent_id = d.id) "
    "OR EXISTS (SELECT 1 FROM plan_basis b WHERE b.directive_id = d.id)) AS more, "
    "COALESCE(d.issued_on, '') AS day FROM directives d "
)


def _day(today: dt.date | None) -> str:
    return (today or dt.date.today()).isoformat()


def chain_roots(
    db: Database, after: tuple[str, int] | None = None, limit: int = 500, today: dt.date | None = None
) -> list[tuple]:
    """The chain tree's first level: documents that implement none, newest first, the next
    *limit* after (day, id) *after* — read backwards along ``directives_issued``, so a page
    costs its rows, not the registry."""
    cur = db.conn.cursor()
    cur.row_factory = None
    more = "AND (COALESCE(d.issued_on, ''), d.id) < (?, ?) " if after is not None else ""
    return cur.execute(
        _CHAIN_SELECT + "WHERE NOT EXISTS (SELECT 1 FROM directive_links l WHERE l.directive_id = d.id) "
        f"{more}ORDER BY COALESCE(d.issued_on, '') DESC, d.id DESC LIMIT ?",
        [_day(today), *(after or ()), limit],
    ).fetchall()


def chain_rows(db: Database, ids: Iterable[int], today: dt.date | None = None) -> list[tuple]:
    """The documents *ids* (search hits: the first level of a filtered chain tree), newest first."""
    marks = ",".join(str(int(i)) for i in ids) or "NULL"
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute(
        _CHAIN_SELECT + f"WHERE d.id IN ({marks}) ORDER BY COALESCE(d.issued_on, '') DESC, d.id DESC",
        (_day(today),),
    ).fetchall()


def chain_children(db: Database, directive_id: int, today: dt.date | None = None) -> list[tuple]:
    """The documents implementing *directive_id*, oldest first (what opens under it)."""
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute(
        _CHAIN_SELECT + "JOIN directive_links l ON l.directive_id = d.id WHERE l.parent_id = ? "
        "ORDER BY COALESCE(d.issued_on, ''), d.id",
        (_day(today), directive_id),
    ).fetchall()


def chain_path(db: Database, directive_id: int) -> list[int]:
    """Where a document shows in the chain tree: the ids from a first-level document down to it,
    along its newest ancestors ([] when it is gone)."""
    path = [directive_id]
    seen = {directive_id}
    while True:
        row = db.one(
            "SELECT d.id FROM directive_links l JOIN directives d ON d.id = l.parent_id "
            "WHERE l.directive_id = ? ORDER BY COALESCE(d.issued_on, '') DESC, d.id DESC LIMIT 1",
            (path[0],),
        )
        if row is None or row[0] in seen:
            break
        path.insert(0, row[0])
        seen.add(row[0])
    return path if db.one("SELECT 1 FROM directives WHERE id = ?", (directive_id,)) else []

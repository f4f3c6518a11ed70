"""Benchmark databases at three scales, built from the sample plans' own text.

small  — one commune: 200 documents, 20 plans, 500 tasks;
large  — 10,000 documents, 1,000 plans, 100,000 tasks, 1,000,000 words of section text;
huge   — 10× large (storage and search paths only).

Numbers, dates, issuers, years and units vary the way a real registry does
(Party and State numbering, per-body serials, implementation chains from TW down
to the commune). Rows are written in bulk with the same computed columns the store
writes (sort keys, folded search text), so every store function reads them as its
own. Built files are cached in ``benchmarks/results/cache`` (git-ignored) and
copied before any benchmark that writes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kehoach_desktop.core.citations import level_for_body
from kehoach_desktop.core.deadlines import find_deadline
from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.core.numbers import TYPE_CODES
from kehoach_desktop.core.text import fold, nfc
from kehoach_desktop.store import open_database, profile
from kehoach_desktop.store.db import Database
from kehoach_desktop.store.directives import _sort_key_for, ensure_levels, level_id
from kehoach_desktop.store.schema import SCHEMA_VERSION

from .corpus import Corpus, load_corpus

GENERATOR_VERSION = 5  # bump when the shape of the data changes (invalidates the cache)
RESULTS_DIR = Path(__file__).resolve().parent / "results"
CACHE_DIR = RESULTS_DIR / "cache"
WORDS_PER_PAGE = 480  # measured: the party profile sets ~480 words of plan text per A4 page


@dataclass(frozen=True)
class Scale:
    name: str
    documents: int
    plans: int
    tasks: int
    words: int  # section text over all plans


SCALES = {
    "small": Scale("small", 200, 20, 500, 60_000),
    # A tenth of large: with it, the tracking queries show how they grow (issue 19: linear or better).
    "medium": Scale("medium", 1_000, 100, 10_000, 100_000),
    "large": Scale("large", 10_000, 1_000, 100_000, 1_000_000),
    "huge": Scale("huge", 100_000, 10_000, 1_000_000, 10_000_000),
    # The registry at 100,000 documents without the huge scale's plans (tree fill, type-ahead).
    "docs": Scale("docs", 100_000, 2, 200, 40_000),
}

# Issuing bodies: (code, issuer name, doc types it issues, weight).
BODIES = [
    ("TW", "Ban Chấp hành Trung ương", ("Nghị quyết", "Kết luận", "Quy định"), 2),
    ("TW", "Bộ Chính trị", ("Nghị quyết", "Kết luận", "Chỉ thị", "Quy định"), 3),
    ("TW", "Ban Bí thư", ("Chỉ thị", "Kết luận", "Quy định", "Thông báo"), 2),
    ("BTGTW", "Ban Tuyên giáo Trung ương", ("Hướng dẫn", "Kế hoạch", "Công văn"), 2),
    ("BTCTW", "Ban Tổ chức Trung ương", ("Hướng dẫn", "Công văn"), 1),
    ("UBKTTW", "Ủy ban Kiểm tra Trung ương", ("Hướng dẫn", "Thông báo"), 1),
    ("TU", "Ban Thường vụ Tỉnh ủy", ("Kế hoạch", "Chỉ thị", "Nghị quyết", "Chương trình", "Kết luận"), 5),
    ("BTGTU", "Ban Tuyên giáo Tỉnh ủy", ("Hướng dẫn", "Kế hoạch", "Công văn"), 5),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy", ("Hướng dẫn", "Công văn", "Kế hoạch"), 3),
    ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", ("Kế hoạch", "Thông báo"), 2),
    ("VPTU", "Văn phòng Tỉnh ủy", ("Công văn", "Thông báo"), 2),
    ("ĐUK", "Đảng ủy Khối các cơ quan tỉnh", ("Kế hoạch", "Nghị quyết", "Chương trình"), 3),
    ("HU", "Ban Thường vụ Huyện ủy", ("Kế hoạch", "Nghị quyết", "Chỉ thị", "Thông báo"), 4),
    ("ĐU", "Đảng ủy xã", ("Kế hoạch", "Nghị quyết", "Báo cáo"), 4),
    ("UBND", "Ủy ban nhân dân tỉnh", ("Kế hoạch", "Quyết định", "Công văn"), 2),
    ("CP", "Chính phủ", ("Nghị định", "Nghị quyết"), 1),
]
COMMUNES = [
    "Hòa Bình",
    "Tân Lập",
    "Đông Hà",
    "Phú Mỹ",
    "Xuân Lộc",
    "Thạch Kim",
    "Cẩm Thành",
    "Kỳ Anh",
    "Sơn Tây",
    "Đức Thọ",
    "Hương Khê",
    "Nghi Xuân",
    "Thạch Hà",
    "Lộc Hà",
    "Ân Phú",
    "Ích Hậu",
]
UNITS = (
    [
        ("Văn phòng Đảng ủy", "VPĐU", "ban"),
        ("Ban Xây dựng Đảng", "BXDĐ", "ban"),
        ("Ủy ban Kiểm tra Đảng ủy", "UBKT", "ban"),
        ("Trung tâm Chính trị", "TTCT", "ban"),
        ("Ủy ban Mặt trận Tổ quốc xã", "MTTQ", "mặt trận"),
        ("Đoàn Thanh niên xã", "ĐTN", "đoàn thể"),
        ("Hội Liên hiệp Phụ nữ xã", "HPN", "đoàn thể"),
        ("Hội Cựu chiến binh xã", "HCCB", "đoàn thể"),
        ("Hội Nông dân xã", "HND", "đoàn thể"),
        ("Ủy ban nhân dân xã", "UBND", "chính quyền"),
    ]
    + [(f"Chi bộ thôn {c}", f"CB {c}", "chi bộ") for c in COMMUNES]
    + [(f"Chi bộ Trường {k} {c}", f"CB {k[:2]} {c}", "chi bộ") for k in ("Tiểu học", "THCS") for c in COMMUNES[:8]]
)
TITLE_STEMS = [
    "Thực hiện công tác lý luận chính trị năm {y}",
    "Công tác khoa giáo năm {y}",
    "Học tập, quán triệt, tuyên truyền và triển khai thực hiện {s}",
    "Thực hiện {s}",
    "Tổ chức các hoạt động kỷ niệm các ngày lễ lớn năm {y}",
    "Kiểm tra, giám sát của Ban Thường vụ năm {y}",
    "Công tác dân vận năm {y}",
    "Triển khai {s} trong Đảng bộ",
]
DEADLINE_FORMS = [
    "trước ngày {d}/{m}/{y}",
    "(Quý {q}/{y})",
    "từ tháng {m0:02d} đến tháng {m}/{y}",
    "hằng tháng",
    "hàng quý",
    "định kỳ 6 tháng, năm",
    "thường xuyên",
    "(có kế hoạch riêng)",
    "trong tháng {m}/{y}",
    "hoàn thành trước ngày {d}/{m}/{y}",
    "năm {y}",
]
ORG_PREFIXES = [
    "Văn phòng Đảng ủy: ",
    "Ban Xây dựng Đảng: ",
    "Ủy ban Kiểm tra Đảng ủy: ",
    "Ủy ban Mặt trận Tổ quốc và các đoàn thể: ",
    "Các chi bộ trực thuộc: ",
]
OFFICE = OfficeProfile(
    superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
    issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
    issuer_code="ĐU",
    place="Hòa Bình",
    signer_authority="T/M BAN THƯỜNG VỤ",
    signer_title="PHÓ BÍ THƯ",
    signer_name="Trần Minh An",
)


class Generator:
    """Deterministic builder (seeded) of documents, plans and tasks from a corpus."""

    def __init__(self, db: Database, corpus: Corpus | None = None, seed: int = 20240101):
        self.db = db
        self.corpus = corpus or load_corpus()
        self.rng = random.Random(seed)
        self.serials: dict[tuple[str, str, int], int] = {}
        self.stamp = dt.datetime(2026, 1, 5, 8, 0).isoformat(timespec="seconds")
        self.levels: dict[str, int | None] = {}
        self.unit_ids: list[int] = []

    # -- text ------------------------------------------------------------------
    def _year_text(self, text: str, year: int) -> str:
        """The sample's years moved to *year*, as a secretary's copy of last year's file."""
        out = []
        for word in text.split(" "):
            if len(word) >= 4 and word[:4].isdigit() and word[:2] == "20":
                word = str(year - (2024 - int(word[:4])) if int(word[:4]) < 2024 else year) + word[4:]
            out.append(word)
        return " ".join(out)

    def paragraph(self, year: int, bullet: bool = False) -> str:
        pool = self.corpus.bullets if bullet else self.corpus.paragraphs
        text = self.rng.choice(pool)
        if self.rng.random() < 0.3:  # splice two halves: more distinct text than the samples hold
            other = self.rng.choice(pool).split(" ")
            text = " ".join(text.split(" ")[: max(6, len(text.split()) // 2)] + other[len(other) // 2 :])
        if bullet and self.rng.random() < 0.35:
            text = text.rstrip(".;") + " " + self.deadline_phrase(year) + "."
        return self._year_text(text, year)

    def deadline_phrase(self, year: int) -> str:
        m = self.rng.randint(2, 12)
        return self.rng.choice(DEADLINE_FORMS).format(
            d=self.rng.randint(1, 28), m=m, m0=m - 1, y=year, q=self.rng.randint(1, 4)
        )

    # -- reference data ------------------------------------------------------------
    def setup(self) -> None:
        ensure_levels(self.db)
        profile.save(self.db, OFFICE)
        for name, short, kind in UNITS:
            self.unit_ids.append(profile.add_unit(self.db, name, short, kind))

    def _level(self, code: str) -> int | None:
        name = level_for_body(code)
        if name not in self.levels:
            self.levels[name] = level_id(self.db, name)
        return self.levels[name]

    def _number(self, doc_type: str, code: str, year: int) -> str:
        tcode = TYPE_CODES.get(doc_type, "CV")
        key = (tcode, code, year if code in ("UBND", "CP") else 0)
        serial = self.serials.get(key, self.rng.randint(1, 40)) + self.rng.randint(1, 3)
        self.serials[key] = serial
        if code == "CP":
            return f"{serial}/{year}/{tcode}-CP"
        if code == "UBND":
            return f"{serial}/{tcode}-UBND"
        return f"{serial}-{tcode}/{code}"

    # -- documents ---------------------------------------------------------------
    def documents(self, count: int) -> list[int]:
        weights = [b[3] for b in BODIES]
        rows, fts, links = [], [], []
        first = int(self.db.scalar("SELECT COALESCE(MAX(id), 0) FROM directives")) + 1
        by_level: dict[str, list[int]] = {"Trung ương": [], "Tỉnh": [], "Huyện": [], "Xã": []}
        start = dt.date(2016, 1, 1).toordinal()
        span = dt.date(2026, 6, 30).toordinal() - start
        ordinals = sorted(start + self.rng.randrange(span) for _ in range(count))
        for i, ordinal in enumerate(ordinals):
            did = first + i
            code, issuer, types, _w = self.rng.choices(BODIES, weights)[0]
            issued = dt.date.fromordinal(ordinal)
            doc_type = self.rng.choice(types)
            if code == "ĐU":
                issuer = f"Đảng ủy xã {self.rng.choice(COMMUNES)}"
            number = self._number(doc_type, code, issued.year)
            summary = self._year_text(self.rng.choice(self.corpus.subjects), issued.year)
            if self.rng.random() < 0.5:
                summary = f"{summary} năm {issued.year}" if "năm" not in summary else summary
            security = "mật" if self.rng.random() < 0.03 else "thường"
            level = level_for_body(code)
            row = {
                "doc_type": doc_type,
                "number": number,
                "issued_on": issued.isoformat(),
                "issuer": issuer,
                "summary": summary,
            }
            notes = "Đã sao gửi các chi bộ." if self.rng.random() < 0.1 else ""
            rows.append(
                (
                    did,
                    doc_type,
                    number,
                    issued.isoformat(),
                    issuer,
                    summary,
                    self._level(code),
                    security,
                    notes,
                    _sort_key_for(row),
                    self.stamp,
                    self.stamp,
                )
            )
            text = " ".join((doc_type, number, issuer, summary, notes))
            fts.append((did, fold(text), nfc(text).lower()))
            # Implementation chain: a provincial plan implements a TW document, and so on down.
            upper = {
                "Tỉnh": by_level["Trung ương"],
                "Huyện": by_level["Tỉnh"] or by_level["Trung ương"],
                "Xã": by_level["Tỉnh"] or by_level["Trung ương"],
            }.get(level)
            if upper and self.rng.random() < 0.7:
                for parent in {self.rng.choice(upper[-400:]) for _ in range(self.rng.randint(1, 2))}:
                    links.append((did, parent))
            by_level.setdefault(level, []).append(did)
        with self.db.transaction():
            self.db.conn.executemany(
                "INSERT INTO directives(id, doc_type, number, issued_on, issuer, summary, level_id, security,"
                " notes, sort_key, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            self.db.conn.executemany("INSERT INTO directive_fts(rowid, folded, plain) VALUES (?,?,?)", fts)
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO directive_links(directive_id, parent_id) VALUES (?,?)", links
            )
        return [r[0] for r in rows]

    # -- plans -------------------------------------------------------------------
    def plan(
        self,
        words: int,
        tasks: int,
        directive_ids: list[int],
        *,
        year: int | None = None,
        title: str | None = None,
        issued: bool | None = None,
    ) -> int:
        """One plan of about *words* words of section text with *tasks* tasks; returns its id."""
        rng = self.rng
        year = year or rng.randint(2019, 2026)
        basis_ids = rng.sample(directive_ids, k=min(len(directive_ids), rng.randint(1, 3))) if directive_ids else []
        basis_rows = [
            self.db.one("SELECT doc_type, number, issued_on, issuer, summary FROM directives WHERE id = ?", (d,))
            for d in basis_ids
        ]
        basis = (
            "Căn cứ "
            + "; ".join(
                f"{r['doc_type']} số {r['number']}, ngày {dt.date.fromisoformat(r['issued_on']).strftime('%d/%m/%Y')}"
                f" của {r['issuer']} về {r['summary']}"
                for r in basis_rows
            )
            + ", Ban Thường vụ Đảng ủy xã ban hành Kế hoạch thực hiện như sau:"
            if basis_rows
            else ""
        )
        subject = rng.choice(self.corpus.subjects)
        title = title or self._year_text(rng.choice(TITLE_STEMS).format(y=year, s=subject), year)
        issued = rng.random() < 0.7 if issued is None else issued
        serial = rng.randint(1, 300)
        plan_date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT INTO plans(title, superior_body, issuer_body, issuer_code, place, year, basis_text,"
                " closing_text, recipients_json, signature_json, numbering_style, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    title,
                    OFFICE.superior_body,
                    OFFICE.issuer_body,
                    OFFICE.issuer_code,
                    OFFICE.place,
                    year,
                    basis,
                    "Nhận được Kế hoạch này, đề nghị các chi bộ, đơn vị triển khai thực hiện nghiêm túc, hiệu quả.",
                    json.dumps(
                        [
                            "Ban Thường vụ Huyện ủy (để báo cáo),",
                            "Các đồng chí đảng ủy viên,",
                            "Các chi bộ trực thuộc,",
                            "Lưu VPĐU.",
                        ],
                        ensure_ascii=False,
                    ),
                    json.dumps(
                        {
                            "authority": OFFICE.signer_authority,
                            "title": OFFICE.signer_title,
                            "name": OFFICE.signer_name,
                        },
                        ensure_ascii=False,
                    ),
                    "party-dot",
                    self.stamp,
                    self.stamp,
                ),
            )
            plan_id = int(cur.lastrowid)
            self.db.conn.executemany(
                "INSERT INTO plan_basis(plan_id, directive_id, position) VALUES (?,?,?)",
                [(plan_id, d, i) for i, d in enumerate(basis_ids)],
            )
            texts, bullet_nodes = self._sections(plan_id, words, year)
            self._tasks(plan_id, tasks, bullet_nodes, year)
            if issued:
                self.db.execute(
                    "UPDATE plans SET status = 'issued', number = ?, serial = ?, plan_date = ?,"
                    " issued_at = ? WHERE id = ?",
                    (f"{serial}-KH/{OFFICE.issuer_code}", serial, plan_date.isoformat(), self.stamp, plan_id),
                )
            number = f"{serial}-KH/{OFFICE.issuer_code}" if issued else ""
            full = " ".join([number, title, basis, *texts])
            self.db.execute(
                "INSERT INTO plan_fts(rowid, folded, plain) VALUES (?,?,?)", (plan_id, fold(full), nfc(full).lower())
            )
        return plan_id

    def _sections(self, plan_id: int, words: int, year: int) -> tuple[list[str], list[tuple[int, str]]]:
        rng = self.rng
        nid = int(self.db.scalar("SELECT COALESCE(MAX(id), 0) FROM plan_nodes")) + 1
        rows: list[tuple] = []
        texts: list[str] = []
        bullets: list[tuple[int, str]] = []
        positions: dict[int | None, int] = {}
        budget = [words]

        def add(parent: int | None, kind: str, text: str, role: str = "") -> int:
            nonlocal nid
            pos = positions.get(parent, 0)
            positions[parent] = pos + 1
            rows.append((nid, plan_id, parent, pos, kind, text, role))
            texts.append(text)
            budget[0] -= len(text.split())
            nid += 1
            if kind == "bullet":
                bullets.append((nid - 1, text))
            return nid - 1

        purpose = add(None, "section", "MỤC ĐÍCH, YÊU CẦU", "purpose")
        for head in ("Mục đích", "Yêu cầu"):
            sub = add(purpose, "section", head)
            for _ in range(rng.randint(1, 2)):
                add(sub, "paragraph", self.paragraph(year))
        content = add(None, "section", "NỘI DUNG", "content")
        organisation_share = max(words // 8, 60)
        while budget[0] > organisation_share:
            sub = add(content, "section", self._year_text(rng.choice(self.corpus.headings), year))
            if rng.random() < 0.4:
                add(sub, "paragraph", self.paragraph(year))
            for _ in range(rng.randint(2, 5)):
                bullet = add(sub, "bullet", self.paragraph(year, bullet=True))
                if rng.random() < 0.1:
                    add(bullet, "bullet", self.paragraph(year, bullet=True))
                if budget[0] <= organisation_share:
                    break
        org = add(None, "section", "TỔ CHỨC THỰC HIỆN", "organisation")
        for prefix in ORG_PREFIXES:
            add(org, "section", prefix + self.paragraph(year))
            if budget[0] <= 0:
                break
        self.db.conn.executemany(
            "INSERT INTO plan_nodes(id, plan_id, parent_id, position, kind, text, role) VALUES (?,?,?,?,?,?,?)", rows
        )
        return texts, bullets

    def _tasks(self, plan_id: int, count: int, bullets: list[tuple[int, str]], year: int) -> None:
        rng = self.rng
        if count <= 0:
            return
        first = int(self.db.scalar("SELECT COALESCE(MAX(id), 0) FROM tasks")) + 1
        rows, coop = [], []
        # Deadlines read once per distinct text (the parser is the slow part at a million tasks).
        memo: dict[str, object] = {}

        def deadline(text: str):
            if text not in memo:
                memo[text] = find_deadline(text, year)
            return memo[text]

        fallback = [self.deadline_phrase(year) for _ in range(24)]
        for i in range(count):
            node_id, text = bullets[i % len(bullets)] if bullets else (None, self.paragraph(year, bullet=True))
            title = " ".join(text.split()[:24])
            found = deadline(text) or deadline(fallback[i % len(fallback)])
            kind = found.kind if found else ""
            start = found.start.isoformat() if found and found.start else None
            end = found.end.isoformat() if found and found.end else None
            rows.append(
                (
                    first + i,
                    plan_id,
                    node_id if i < len(bullets) else None,
                    title,
                    rng.choice(self.unit_ids),
                    kind,
                    start,
                    end,
                    found.text if found else "",
                    "Báo cáo kết quả" if rng.random() < 0.3 else "",
                    i,
                    self.stamp,
                    self.stamp,
                )
            )
            for unit in {rng.choice(self.unit_ids) for _ in range(rng.randint(0, 2))}:
                coop.append((first + i, unit))
        self.db.conn.executemany(
            "INSERT INTO tasks(id, plan_id, node_id, title, title_folded, lead_unit_id, deadline_kind, deadline_start,"
            " deadline_end, deadline_text, deadline_every, product, position, created_at, updated_at)"
            " VALUES (?1,?2,?3,?4,kehoach_fold(?4),?5,?6,?7,?8,?9,"
            " CASE ?6 WHEN 'periodic' THEN kehoach_every(?9) ELSE '' END,?10,?11,?12,?13)",
            rows,
        )
        self.db.conn.executemany("INSERT OR IGNORE INTO task_units(task_id, unit_id) VALUES (?,?)", coop)
        self._progress(first, rows, year)

    def _progress(self, first: int, rows: list[tuple], year: int) -> None:
        """Reports as units send them back: about 45 % of tasks have one or two quarterly
        reports (in progress, some done with a completion date), so the tracking views
        judge real progress rows and not only deadlines."""
        rng = self.rng
        out = []
        for row in rows:
            if rng.random() >= 0.45:
                continue
            for _ in range(rng.randint(1, 2)):
                report_year = min(max(year, 2019), 2026)
                quarter = rng.randint(1, 4)
                done = rng.random() < 0.4
                completed = dt.date(report_year, 3 * quarter - rng.randint(0, 2), rng.randint(1, 28)) if done else None
                out.append(
                    (
                        row[0],
                        "quarter",
                        report_year,
                        quarter,
                        "done" if done else "in_progress",
                        "Đã triển khai đến các chi bộ" if rng.random() < 0.6 else "",
                        100 if done else rng.choice((None, 20, 50, 80)),
                        completed.isoformat() if completed else None,
                        f"{rng.randint(1, 200)}-KH/ĐU" if rng.random() < 0.2 else "",
                        "excel",
                        self.stamp,
                    )
                )
        self.db.conn.executemany(
            "INSERT INTO progress(task_id, period_kind, period_year, period_index, state, result, percent,"
            " completed_on, evidence, source, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            out,
        )


def words_for_pages(pages: int) -> int:
    return pages * WORDS_PER_PAGE


def build(path: Path, scale: Scale, progress=print) -> dict:
    """Fill a new database at *path* with *scale*; returns facts about what was built."""
    if path.exists():
        path.unlink()
    t0 = time.perf_counter()
    db = open_database(path)
    gen = Generator(db)
    gen.setup()
    doc_ids = gen.documents(scale.documents)
    # Plan 1 is the 60-page plan the editor benchmarks open and move sections in.
    big_words = words_for_pages(60)
    big = gen.plan(
        big_words, 120, doc_ids, year=2026, title="Thực hiện công tác lý luận chính trị năm 2026", issued=False
    )
    remaining_words = max(scale.words - big_words, scale.plans * 200)
    per_plan_words = remaining_words // max(scale.plans - 1, 1)
    per_plan_tasks = (scale.tasks - 120) // max(scale.plans - 1, 1)
    extra_tasks = (scale.tasks - 120) - per_plan_tasks * (scale.plans - 1)
    for i in range(scale.plans - 1):
        words = int(per_plan_words * gen.rng.uniform(0.5, 1.5))
        gen.plan(words, per_plan_tasks + (1 if i < extra_tasks else 0), doc_ids)
        if progress and (i + 1) % max(scale.plans // 10, 1) == 0:
            progress(f"  {scale.name}: {i + 1}/{scale.plans - 1} kế hoạch")
    db.conn.execute("ANALYZE")
    facts = {
        "scale": scale.name,
        "path": str(path),
        "documents": db.scalar("SELECT COUNT(*) FROM directives"),
        "plans": db.scalar("SELECT COUNT(*) FROM plans"),
        "tasks": db.scalar("SELECT COUNT(*) FROM tasks"),
        "nodes": db.scalar("SELECT COUNT(*) FROM plan_nodes"),
        "words": sum(len(r[0].split()) for r in db.conn.execute("SELECT text FROM plan_nodes")),
        "big_plan_id": big,
        "corpus": gen.corpus.source,
        "build_seconds": round(time.perf_counter() - t0, 1),
    }
    db.set_meta("benchmark_facts", facts)
    # Rollback-journal mode for the cached file: read-only openers then leave no -wal/-shm
    # beside it, and a plain file copy (working_copy) is always complete.
    db.conn.execute("PRAGMA journal_mode = DELETE")
    db.close()
    facts["file_mb"] = round(path.stat().st_size / 1e6, 1)
    return facts


def cached(scale_name: str, progress=print) -> tuple[Path, dict]:
    """The cached database of a scale (built on first use); never write to it — use :func:`working_copy`."""
    scale = SCALES[scale_name]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"{scale.name}-g{GENERATOR_VERSION}-s{SCHEMA_VERSION}.sqlite3"
    if path.exists():
        db = open_database(path, read_only=True, check=False)
        facts = db.get_meta("benchmark_facts")
        db.close()
        if facts:
            facts["file_mb"] = round(path.stat().st_size / 1e6, 1)
            return path, facts
    if progress:
        progress(
            f"Đang tạo dữ liệu {scale.name} ({scale.documents} văn bản, {scale.plans} kế hoạch, "
            f"{scale.tasks} nhiệm vụ, {scale.words} từ)…"
        )
    tmp = path.with_suffix(".building")
    facts = build(tmp, scale, progress)
    tmp.replace(path)
    facts["path"] = str(path)
    return path, facts


def working_copy(scale_name: str, dest_dir: Path) -> tuple[Path, dict]:
    """A private copy of the scale's database for benchmarks that write."""
    src, facts = cached(scale_name)
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{scale_name}.sqlite3"
    shutil.copyfile(src, dest)
    return dest, facts


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:] or ["small"]:
        print(json.dumps(cached(name)[1], ensure_ascii=False, indent=1))

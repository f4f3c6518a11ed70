"""The domain facts that change, read from data files (issue 17).

``resources/domain/*.json`` ships the known state (levels since the two-tier reform of
01/7/2025, bodies with their validity and successor, the issuing-authority table of
Quy định 399-QĐ/TW). A file of the same name in ``<thư mục dữ liệu>/domain/`` wins, so
an office can correct a fact without a new release. Sources and confidence:
``docs/domain-2025-2026.md``. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..paths import user_data_dir
from ..resources import resource_path
from .text import fold

REFORM_DAY = dt.date(2025, 7, 1)  # two-tier local government: no district level from this day


def data_file(name: str) -> Path:
    """The user's copy of a domain data file if there is one, else the bundled one."""
    user = user_data_dir() / "domain" / name
    return user if user.is_file() else resource_path("domain", name)


def _load(name: str) -> dict[str, Any]:
    path = data_file(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if path != resource_path("domain", name):  # a broken user copy: fall back to ours
            data = json.loads(resource_path("domain", name).read_text(encoding="utf-8"))
        else:
            raise
    return data if isinstance(data, dict) else {}


# -- levels ----------------------------------------------------------------------------
@dataclass(frozen=True)
class LevelSpec:
    name: str
    valid_to: dt.date | None = None
    note: str = ""


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@lru_cache(maxsize=1)
def level_specs() -> tuple[LevelSpec, ...]:
    rows = _load("levels.json").get("levels", [])
    return tuple(LevelSpec(r["name"], _date(r.get("valid_to")), r.get("note", "")) for r in rows if r.get("name"))


def level_names() -> tuple[str, ...]:
    return tuple(spec.name for spec in level_specs())


# -- bodies ----------------------------------------------------------------------------
@dataclass
class BodySpec:
    """A body as the checks see it (from the database table ``bodies`` or the seed file)."""

    code: str
    name: str
    level: str = ""
    kind: str = ""  # cap_uy, tham_muu, ubkt, chi_bo, don_vi
    aliases: list[str] = field(default_factory=list)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str = ""  # the successor's name (resolved)
    note: str = ""
    source: str = ""
    id: int | None = None

    def ended_by(self, day: dt.date) -> bool:
        return self.valid_to is not None and self.valid_to < day

    def names(self) -> list[str]:
        """Folded names this body is written as."""
        return [k for k in {_key(self.name), *(_key(a) for a in self.aliases)} if k]


def _key(name: str) -> str:
    return " ".join(fold(name).replace(",", " ").split())


def seed_bodies() -> list[dict[str, Any]]:
    """The bundled body table (``bodies.json``), as dicts: successor given by code."""
    return list(_load("bodies.json").get("bodies", []))


def specs_from_seed() -> list[BodySpec]:
    rows = seed_bodies()
    by_code = {r["code"]: r for r in rows}
    return [
        BodySpec(
            r["code"],
            r["name"],
            r.get("level", ""),
            r.get("kind", ""),
            list(r.get("aliases", [])),
            _date(r.get("valid_from")),
            _date(r.get("valid_to")),
            by_code.get(r.get("successor") or "", {}).get("name", ""),
            r.get("note", ""),
            r.get("source", ""),
        )
        for r in rows
    ]


class BodyIndex:
    """Find the bodies named in a piece of text (longest name wins), by folded words."""

    def __init__(self, bodies: list[BodySpec]):
        self.bodies = bodies
        self._keys = sorted(((k, b) for b in bodies for k in b.names()), key=lambda kb: -len(kb[0]))

    def find(self, text: str) -> list[tuple[BodySpec, int, int]]:
        """(body, start, end) in the folded, space-squashed text, non-overlapping."""
        hay = " " + _key(text) + " "
        taken: list[tuple[int, int]] = []
        found = []
        for key, body in self._keys:
            start = 0
            needle = " " + key + " "
            while True:
                i = hay.find(needle, start)
                if i < 0:
                    break
                span = (i, i + len(needle))
                if not any(a < span[1] and span[0] < b for a, b in taken):
                    taken.append(span)
                    found.append((body, span[0], span[1]))
                start = i + 1
        return sorted(found, key=lambda f: f[1])


# -- the issuing-authority table (399-QĐ/TW) ------------------------------------------------
@dataclass(frozen=True)
class IssuerRule:
    kind: str
    name: str
    types: frozenset[str]  # folded, for matching
    confidence: str
    source: str
    names: tuple[str, ...] = ()  # as written, for messages


@lru_cache(maxsize=1)
def authority_table() -> dict[str, IssuerRule]:
    data = _load("issuing_authority.json")
    out = {}
    for r in data.get("issuers", []):
        out[r["kind"]] = IssuerRule(
            r["kind"],
            r["name"],
            frozenset(fold(t) for t in r.get("types", [])),
            r.get("confidence", ""),
            r.get("source", ""),
            tuple(r.get("types", [])),
        )
    return out


def issuer_kind(issuer_body: str, authority: str = "") -> str | None:
    """Which row of the authority table an issuing body falls in, or None if unknown."""
    body = fold(issuer_body)
    auth = fold(authority)
    if not body.strip():
        return None
    if body.startswith(("ban thuong vu", "ban chap hanh")):
        body = body.split(" ", 2)[-1]
    if body.startswith(("uy ban kiem tra",)):
        return "ubkt"
    if body.startswith(("ban ", "van phong", "trung tam")):
        return "tham_muu"
    if body.startswith("chi bo"):
        return "chi_bo"
    btv = "ban thuong vu" in auth
    if body.startswith(("tinh uy", "thanh uy")):
        return "btv_tinh_uy" if btv else "tinh_uy"
    if body.startswith(("dang uy", "dang bo")):
        return "btv_co_so" if btv else "co_so"
    if body.startswith(("huyen uy", "quan uy", "thi uy")):
        return "btv_huyen_uy" if btv else "huyen_uy"
    return None


@lru_cache(maxsize=1)
def party_types() -> frozenset[str]:
    """The regulation's own document types (folded); administrative papers (giấy mời …)
    and types it does not name are not judged."""
    reg = _load("issuing_authority.json").get("regulation", {})
    return frozenset(fold(t) for t in reg.get("types", []))


def may_issue(kind: str | None, doc_type: str) -> IssuerRule | None:
    """The rule that forbids *doc_type* for an issuer of *kind*, or None when allowed/unknown."""
    if not kind:
        return None
    rule = authority_table().get(kind)
    if rule is None or not rule.types:
        return None
    key = fold(doc_type)
    known = party_types()
    if known and key not in known:
        return None
    return None if key in rule.types else rule

"""Cụ thể hóa: our draft Kế hoạch derived from a registered upstream document (Qt-free).

- :mod:`.upstream` reads the upstream's ``structure_json`` as keyed items;
- :mod:`.units` tells who an item is addressed to and maps upstream unit names to ours;
- :mod:`.lead` puts our deadlines a lead time before the upstream's;
- :mod:`.model` is the review model and builds the draft the store writes
  (:mod:`kehoach_desktop.store.derive`).
"""

from .lead import DEFAULT_LEAD_DAYS, derive_deadline, not_later, working_days_before
from .model import Derivation, DerivedItem, DerivedPlan, ReportTask, TaskSpec, derive, summary
from .units import Unit, UnitMatcher, addressee
from .upstream import UpstreamDoc, UpstreamItem, item_label, read_structure

__all__ = [
    "DEFAULT_LEAD_DAYS",
    "Derivation",
    "DerivedItem",
    "DerivedPlan",
    "ReportTask",
    "TaskSpec",
    "Unit",
    "UnitMatcher",
    "UpstreamDoc",
    "UpstreamItem",
    "addressee",
    "derive",
    "derive_deadline",
    "item_label",
    "not_later",
    "read_structure",
    "summary",
    "working_days_before",
]

"""Official-format output of a plan: PDF (reportlab) and DOCX (python-docx).

Qt-free. Nothing heavy is imported here: reportlab and python-docx load only when an
export actually runs, so application start-up stays fast.

Stable API (also used by the progress report of the tracking feature)::

    from kehoach_desktop.export import render_pdf, render_docx, ExportOptions, CopyInfo
    render_pdf(doc, "ke-hoach.pdf", profile="party")     # or "state", or a LayoutProfile
    render_docx(doc, "ke-hoach.docx", profile="party")

``doc`` is a :class:`kehoach_desktop.core.document.PlanDocument` (sections may hold
``table`` nodes). Both return an :class:`ExportResult`; a secret plan needs
``ExportOptions(secret_confirmed=True)`` (see :func:`secret_reason`).
"""

from __future__ import annotations

from .layout_profile import (
    DEFAULT_PROFILE,
    LayoutProfile,
    ProfileError,
    available_profiles,
    load_profile,
    profile_for,
)
from .options import COPY_KINDS, CopyInfo, ExportOptions, SecretExportError, secret_reason
from .result import ExportCancelled, ExportResult


def render_pdf(*args, **kwargs) -> ExportResult:
    from .pdf import render_pdf as _render

    return _render(*args, **kwargs)


def render_docx(*args, **kwargs) -> ExportResult:
    from .docx import render_docx as _render

    return _render(*args, **kwargs)


__all__ = [
    "COPY_KINDS",
    "DEFAULT_PROFILE",
    "CopyInfo",
    "ExportCancelled",
    "ExportOptions",
    "ExportResult",
    "LayoutProfile",
    "ProfileError",
    "SecretExportError",
    "available_profiles",
    "load_profile",
    "profile_for",
    "render_docx",
    "render_pdf",
    "secret_reason",
]

"""`kehoach parse` reads every format `import` reads (it goes through the same reader); its
help named only .docx and .txt, so a user with a PDF or a scan was told it would not work
(outside walk)."""

from __future__ import annotations

import argparse

from kehoach_desktop.cli import parse


def test_parse_help_names_pdf_and_scans():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    parse.register(sub)
    command = sub.choices["parse"]
    text = command.format_help() + " ".join(a.help or "" for a in sub._choices_actions)
    for word in (".docx", ".pdf", "ảnh quét", ".txt"):
        assert word in text, word

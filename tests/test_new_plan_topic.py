"""«Kế hoạch mới» says what its third field asks for each template (the walk: the blank
skeleton greyed out «Lĩnh vực / chuyên đề» without a word, and the plan was listed as
«(chưa có trích yếu)»). For the blank skeleton the field takes the trích yếu itself."""

from __future__ import annotations

from kehoach_desktop.store import plans


def _pick(dialog, template_id: str) -> None:
    dialog.template.setCurrentIndex(dialog.template.findData(template_id))


def test_each_template_says_what_the_field_is_for(qtbot):
    from kehoach_desktop.ui.plans.dialogs import NewPlanDialog

    dialog = NewPlanDialog(None, 2027)
    qtbot.addWidget(dialog)
    _pick(dialog, "blank")
    assert dialog.topic.isEnabled() and dialog.topic_label.text() == "Trích yếu:"
    assert "chưa có trích yếu" in dialog.topic_note.text() and "2027" in dialog.topic.placeholderText()
    _pick(dialog, "science-education")
    assert not dialog.topic.isEnabled()
    assert (
        dialog.topic_note.text()
        == "Mẫu này không cần lĩnh vực, chuyên đề. Trích yếu sẽ là «Công tác khoa giáo năm 2027»."
    )
    _pick(dialog, "yearly-work")
    assert dialog.topic.isEnabled() and dialog.topic_label.text() == "Lĩnh vực / chuyên đề:"
    assert dialog.topic_note.text().startswith("Bắt buộc")


def test_the_blank_skeleton_gets_the_trich_yeu_typed(open_window, demo_db, monkeypatch):
    from kehoach_desktop.ui.plans import dialogs

    def accept(self):
        _pick(self, "blank")
        self.topic.setText("Thực hiện công tác dân vận năm 2027")
        return dialogs.QDialog.Accepted

    monkeypatch.setattr(dialogs.NewPlanDialog, "exec", accept)
    window = open_window(demo_db)
    plan_id = window.plans_panel.new_plan()
    assert plans.get_row(window.ctx.db, plan_id)["title"] == "Thực hiện công tác dân vận năm 2027"

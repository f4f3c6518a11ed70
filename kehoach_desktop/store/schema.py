"""Numbered schema migrations. Each step runs inside one exclusive transaction.

A new file goes through the same chain as an old one (calibre's pattern), so the
chain is the schema. Never edit a released step: add a new one.
"""

from __future__ import annotations

# Identifies our files: `PRAGMA application_id` ("KHDT").
APPLICATION_ID = 0x4B484454

# Step 12's task report facts (see there), recomputed from the task's progress rows: one text
# for the backfill and every trigger that keeps them. Part of a released step: never change it
# (a later step that needs other facts writes its own).
_REPORT_FACTS = """UPDATE tasks SET (report_id, report_start, report_end, report_state) = (SELECT g.id,
            (g.period_year * 12 + CASE g.period_kind WHEN 'month' THEN g.period_index - 1
                WHEN 'quarter' THEN 3 * g.period_index - 3 WHEN 'half' THEN 6 * g.period_index - 6 ELSE 0 END),
            (g.period_year * 12 + CASE g.period_kind WHEN 'month' THEN g.period_index - 1
                WHEN 'quarter' THEN 3 * g.period_index - 1 WHEN 'half' THEN 6 * g.period_index - 1
                WHEN 'nine_months' THEN 8 ELSE 11 END),
            CASE WHEN g.completed_on IS NOT NULL THEN g.completed_on WHEN g.state IN ('in_progress', 'done')
                OR g.result <> '' OR g.evidence <> '' OR COALESCE(g.percent, 0) > 0 THEN 'started' END
            FROM progress g WHERE g.task_id = tasks.id ORDER BY g.id DESC LIMIT 1),
        report_end_max = (SELECT max(
            (g.period_year * 12 + CASE g.period_kind WHEN 'month' THEN g.period_index - 1
                WHEN 'quarter' THEN 3 * g.period_index - 1 WHEN 'half' THEN 6 * g.period_index - 1
                WHEN 'nine_months' THEN 8 ELSE 11 END))
            FROM progress g WHERE g.task_id = tasks.id)"""

MIGRATIONS: list[str] = [
    # 1: foundation — registry, plans, tasks, progress, audit.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE levels (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        position INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE bodies (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        level_id INTEGER REFERENCES levels(id) ON DELETE SET NULL
    );

    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        filename TEXT NOT NULL,
        mime TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        added_at TEXT NOT NULL
    );

    CREATE TABLE directives (
        id INTEGER PRIMARY KEY,
        doc_type TEXT NOT NULL,
        number TEXT NOT NULL DEFAULT '',
        issued_on TEXT,
        issuer TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        level_id INTEGER REFERENCES levels(id) ON DELETE SET NULL,
        security TEXT NOT NULL DEFAULT 'thường'
            CHECK (security IN ('thường', 'mật', 'tối mật', 'tuyệt mật')),
        implement_due TEXT,
        notes TEXT NOT NULL DEFAULT '',
        attachment_id INTEGER REFERENCES attachments(id) ON DELETE SET NULL,
        structure_json TEXT,
        sort_key TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX directives_number ON directives(number);
    CREATE INDEX directives_group ON directives(level_id, issuer, sort_key);

    -- directive_id implements parent_id (49-KH/TU implements 01-KL/TW).
    CREATE TABLE directive_links (
        directive_id INTEGER NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
        parent_id INTEGER NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
        PRIMARY KEY (directive_id, parent_id),
        CHECK (directive_id <> parent_id)
    ) WITHOUT ROWID;
    CREATE INDEX directive_links_parent ON directive_links(parent_id);

    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        short_name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
    );

    CREATE TABLE recipient_lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        items_json TEXT NOT NULL DEFAULT '[]'
    );

    CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        doc_type TEXT NOT NULL DEFAULT 'Kế hoạch',
        type_code TEXT NOT NULL DEFAULT 'KH',
        number TEXT,
        serial INTEGER,
        title TEXT NOT NULL DEFAULT '',
        superior_body TEXT NOT NULL DEFAULT '',
        issuer_body TEXT NOT NULL DEFAULT '',
        issuer_code TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        plan_date TEXT,
        year INTEGER,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'review', 'issued')),
        revision_of INTEGER REFERENCES plans(id) ON DELETE SET NULL,
        basis_text TEXT NOT NULL DEFAULT '',
        closing_text TEXT NOT NULL DEFAULT '',
        recipients_json TEXT NOT NULL DEFAULT '[]',
        signature_json TEXT NOT NULL DEFAULT '{}',
        numbering_style TEXT NOT NULL DEFAULT 'party-dot',
        security TEXT NOT NULL DEFAULT 'thường'
            CHECK (security IN ('thường', 'mật', 'tối mật', 'tuyệt mật')),
        urgency TEXT NOT NULL DEFAULT '',
        extra_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        issued_at TEXT
    );
    CREATE INDEX plans_status ON plans(status, plan_date);

    -- The directives a plan cites in its căn cứ; keeps the implementation chain.
    CREATE TABLE plan_basis (
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        directive_id INTEGER NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (plan_id, directive_id)
    ) WITHOUT ROWID;
    CREATE INDEX plan_basis_directive ON plan_basis(directive_id);

    -- The section tree: numbered sections, plain paragraphs and bullets alike.
    CREATE TABLE plan_nodes (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES plan_nodes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL DEFAULT 'section' CHECK (kind IN ('section', 'paragraph', 'bullet')),
        text TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX plan_nodes_tree ON plan_nodes(plan_id, parent_id, position);

    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        node_id INTEGER REFERENCES plan_nodes(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        lead_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
        deadline_kind TEXT NOT NULL DEFAULT ''
            CHECK (deadline_kind IN ('', 'date', 'range', 'period', 'periodic', 'ongoing', 'separate_plan')),
        deadline_start TEXT,
        deadline_end TEXT,
        deadline_text TEXT NOT NULL DEFAULT '',
        product TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX tasks_plan ON tasks(plan_id, position);
    CREATE INDEX tasks_unit ON tasks(lead_unit_id);

    CREATE TABLE task_units (
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        PRIMARY KEY (task_id, unit_id)
    ) WITHOUT ROWID;

    -- Progress is append-only: each report for a period is a new row (full history).
    CREATE TABLE progress (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'half', 'nine_months', 'year')),
        period_year INTEGER NOT NULL,
        period_index INTEGER NOT NULL DEFAULT 1,
        result TEXT NOT NULL DEFAULT '',
        percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
        completed_on TEXT,
        evidence TEXT NOT NULL DEFAULT '',
        evidence_directive_id INTEGER REFERENCES directives(id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX progress_task ON progress(task_id, recorded_at);

    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_entity ON audit_log(entity, entity_id, at);

    -- An issued plan is never edited in place (a revision is a new plan).
    CREATE TRIGGER plans_issued_immutable BEFORE UPDATE ON plans
    WHEN OLD.status = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER plans_issued_undeletable BEFORE DELETE ON plans
    WHEN OLD.status = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được xóa.'); END;
    CREATE TRIGGER nodes_issued_insert BEFORE INSERT ON plan_nodes
    WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER nodes_issued_update BEFORE UPDATE ON plan_nodes
    WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER nodes_issued_delete BEFORE DELETE ON plan_nodes
    WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER basis_issued_insert BEFORE INSERT ON plan_basis
    WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER basis_issued_delete BEFORE DELETE ON plan_basis
    WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    """,
    # 2: tracking (issue 5) — the state a unit reports (its drop-down choice, kept apart
    # from the computed status) and the register of Excel progress-sheet exports, so an
    # import can tell a superseded workbook from the current one.
    """
    ALTER TABLE progress ADD COLUMN state TEXT NOT NULL DEFAULT ''
        CHECK (state IN ('', 'not_started', 'in_progress', 'done'));
    CREATE TABLE progress_exports (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,   -- NULL: consolidated workbook
        period_kind TEXT NOT NULL,
        period_year INTEGER NOT NULL,
        period_index INTEGER NOT NULL,
        task_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX progress_exports_scope ON progress_exports(plan_id, unit_id, period_kind, period_year, period_index);
    """,
    # 3: tasks are looked up by their section-tree item (marking, import) and by
    # cooperating unit (tracking filters); without these a bulk import slows as it grows.
    """
    CREATE INDEX tasks_node ON tasks(node_id);
    CREATE INDEX task_units_unit ON task_units(unit_id);
    """,
    # 4: cụ thể hóa and plan bundles (issues 15, 18) — which upstream item an item of our
    # plan implements, so the chain reads upstream item → our item → task both ways.
    # item_key: the section path in the directive's structure ("II.3", "II.3.b", with
    # "#p<k>" for its k-th paragraph), or the sender's key for a plan received as a bundle.
    """
    CREATE TABLE node_upstream (
        node_id INTEGER PRIMARY KEY REFERENCES plan_nodes(id) ON DELETE CASCADE,
        directive_id INTEGER NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL
    );
    CREATE INDEX node_upstream_item ON node_upstream(directive_id, item_key);
    """,
    # 5: cụ thể hóa (issue 15) — the upstream's unit names mapped to our units, confirmed once
    # and used again ("Ban Tuyên giáo Huyện ủy" → our "Ban Tuyên giáo Đảng ủy"). alias_key is
    # the name folded (lower case, no diacritics, punctuation as spaces).
    """
    CREATE TABLE unit_aliases (
        alias_key TEXT PRIMARY KEY,
        alias TEXT NOT NULL,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX unit_aliases_unit ON unit_aliases(unit_id);
    """,
    # 6: exchange between levels without a network (issue 18). Offices are known by the
    # id each database gives itself (meta "office_id"), never by their code ("ĐU" is
    # every commune's). A plan sent down gets a uid once; what a lower office received,
    # and the progress it sent back, are kept per (plan, office): a newer file replaces.
    """
    CREATE TABLE exchange_offices (
        office_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        superior TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE exchange_sent (
        plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
        uid TEXT NOT NULL UNIQUE,
        implement_due TEXT,
        addressees_json TEXT NOT NULL DEFAULT '[]',  -- who it was sent to (names), for "chưa nhận"
        created_at TEXT NOT NULL
    );
    CREATE TABLE exchange_received (
        uid TEXT PRIMARY KEY,
        directive_id INTEGER REFERENCES directives(id) ON DELETE SET NULL,
        sender_office_id TEXT NOT NULL,
        sender_name TEXT NOT NULL,
        plan_number TEXT NOT NULL DEFAULT '',
        content_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX exchange_received_directive ON exchange_received(directive_id);
    CREATE TABLE exchange_receipts (
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        office_id TEXT NOT NULL REFERENCES exchange_offices(office_id),
        received_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (plan_id, office_id)
    ) WITHOUT ROWID;
    CREATE TABLE exchange_reports (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        office_id TEXT NOT NULL REFERENCES exchange_offices(office_id),
        lower_plan_number TEXT NOT NULL DEFAULT '',
        lower_plan_title TEXT NOT NULL DEFAULT '',
        as_of TEXT NOT NULL,
        created_at TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (plan_id, office_id)
    );
    CREATE TABLE exchange_progress (
        report_id INTEGER NOT NULL REFERENCES exchange_reports(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        status TEXT NOT NULL,
        result TEXT NOT NULL DEFAULT '',
        completed_on TEXT,
        task_count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (report_id, item_key)
    ) WITHOUT ROWID;
    """,
    # 7 (issue 13): an issued plan is protected against direct SQL too, not only against
    # our own code paths. REPLACE conflict resolution deletes the old row WITHOUT firing
    # delete triggers (unless recursive_triggers is on, which another tool will not set),
    # so every INSERT/UPDATE that would collide with a protected row is refused before
    # the conflict is resolved. Progress of an issued plan is append-only, except the
    # undo of a report just recorded, which our connections allow through the SQL
    # function kehoach_undoing() (another tool has no such function: refused too).
    # The audit log is append-only: rows are never deleted, and an update may only move
    # the time of the last row forward (store.audit folds repeated edits that way).
    """
    CREATE TRIGGER plans_issued_replace BEFORE INSERT ON plans
    WHEN EXISTS (SELECT 1 FROM plans WHERE id = NEW.id AND status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER plans_issued_rekey BEFORE UPDATE OF id ON plans
    WHEN NEW.id IS NOT OLD.id AND EXISTS (SELECT 1 FROM plans WHERE id = NEW.id AND status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;

    CREATE TRIGGER nodes_issued_replace BEFORE INSERT ON plan_nodes
    WHEN EXISTS (SELECT 1 FROM plan_nodes n JOIN plans p ON p.id = n.plan_id
                 WHERE n.id = NEW.id AND p.status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER nodes_issued_move_in BEFORE UPDATE ON plan_nodes
    WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) = 'issued'
      OR (NEW.id IS NOT OLD.id AND EXISTS (SELECT 1 FROM plan_nodes n JOIN plans p ON p.id = n.plan_id
                                           WHERE n.id = NEW.id AND p.status = 'issued'))
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;

    CREATE TRIGGER basis_issued_update BEFORE UPDATE ON plan_basis
    WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'issued'
      OR (SELECT status FROM plans WHERE id = NEW.plan_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;

    CREATE TRIGGER tasks_issued_replace BEFORE INSERT ON tasks
    WHEN EXISTS (SELECT 1 FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = NEW.id AND p.status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Nhiệm vụ của kế hoạch đã ban hành không được xóa hay thay thế.'); END;
    CREATE TRIGGER tasks_issued_delete BEFORE DELETE ON tasks
    WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'issued'
    BEGIN SELECT RAISE(ABORT, 'Nhiệm vụ của kế hoạch đã ban hành không được xóa.'); END;
    CREATE TRIGGER tasks_issued_move BEFORE UPDATE ON tasks
    WHEN (NEW.plan_id IS NOT OLD.plan_id AND ((SELECT status FROM plans WHERE id = OLD.plan_id) = 'issued'
                                            OR (SELECT status FROM plans WHERE id = NEW.plan_id) = 'issued'))
      OR (NEW.id IS NOT OLD.id AND EXISTS (SELECT 1 FROM tasks t JOIN plans p ON p.id = t.plan_id
                                           WHERE t.id IN (OLD.id, NEW.id) AND p.status = 'issued'))
    BEGIN SELECT RAISE(ABORT, 'Nhiệm vụ của kế hoạch đã ban hành không được chuyển sang kế hoạch khác.'); END;

    CREATE TRIGGER progress_issued_replace BEFORE INSERT ON progress
    WHEN EXISTS (SELECT 1 FROM progress g JOIN tasks t ON t.id = g.task_id JOIN plans p ON p.id = t.plan_id
                 WHERE g.id = NEW.id AND p.status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Báo cáo tiến độ đã ghi không được sửa hay xóa; hãy ghi một báo cáo mới.'); END;
    CREATE TRIGGER progress_issued_update BEFORE UPDATE ON progress
    WHEN EXISTS (SELECT 1 FROM tasks t JOIN plans p ON p.id = t.plan_id
                 WHERE t.id IN (OLD.task_id, NEW.task_id) AND p.status = 'issued')
      OR EXISTS (SELECT 1 FROM progress g JOIN tasks t ON t.id = g.task_id JOIN plans p ON p.id = t.plan_id
                 WHERE g.id = NEW.id AND NEW.id IS NOT OLD.id AND p.status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Báo cáo tiến độ đã ghi không được sửa hay xóa; hãy ghi một báo cáo mới.'); END;
    CREATE TRIGGER progress_issued_delete BEFORE DELETE ON progress
    WHEN (SELECT p.status FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = OLD.task_id) = 'issued'
      AND NOT kehoach_undoing(OLD.id)
    BEGIN SELECT RAISE(ABORT, 'Báo cáo tiến độ đã ghi không được sửa hay xóa; hãy ghi một báo cáo mới.'); END;

    CREATE TRIGGER upstream_issued_insert BEFORE INSERT ON node_upstream
    WHEN EXISTS (SELECT 1 FROM plan_nodes n JOIN plans p ON p.id = n.plan_id
                 WHERE n.id = NEW.node_id AND p.status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER upstream_issued_update BEFORE UPDATE ON node_upstream
    WHEN EXISTS (SELECT 1 FROM plan_nodes n JOIN plans p ON p.id = n.plan_id
                 WHERE n.id IN (OLD.node_id, NEW.node_id) AND p.status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;
    CREATE TRIGGER upstream_issued_delete BEFORE DELETE ON node_upstream
    WHEN EXISTS (SELECT 1 FROM plan_nodes n JOIN plans p ON p.id = n.plan_id
                 WHERE n.id = OLD.node_id AND p.status = 'issued')
    BEGIN SELECT RAISE(ABORT, 'Kế hoạch đã ban hành không được sửa; hãy tạo bản sửa đổi, bổ sung.'); END;

    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không được xóa hay sửa.'); END;
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_log
    WHEN NEW.id IS NOT OLD.id OR NEW.user IS NOT OLD.user OR NEW.entity IS NOT OLD.entity
      OR NEW.entity_id IS NOT OLD.entity_id OR NEW.action IS NOT OLD.action OR NEW.detail IS NOT OLD.detail
      OR NEW.at < OLD.at
    BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không được xóa hay sửa.'); END;
    CREATE TRIGGER audit_append_only_replace BEFORE INSERT ON audit_log
    WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm, không được xóa hay sửa.'); END;
    """,
    # 8 (issue 17): bodies change and documents change. A body has a validity and a
    # successor (a district committee ended on 30/6/2025; a merged ban continues two
    # old ones); a level may have ended too (Huyện). directive_relations records
    # "thay thế" (replaces), "sửa đổi, bổ sung" (amends), "bãi bỏ" (repeals) and
    # "hết hiệu lực" (expires) between registry documents, from the user or detected
    # in an imported text; target_number keeps a target not (yet) registered.
    """
    ALTER TABLE levels ADD COLUMN valid_to TEXT;
    ALTER TABLE levels ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE bodies ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE bodies ADD COLUMN aliases_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE bodies ADD COLUMN valid_from TEXT;
    ALTER TABLE bodies ADD COLUMN valid_to TEXT;
    ALTER TABLE bodies ADD COLUMN successor_id INTEGER REFERENCES bodies(id) ON DELETE SET NULL;
    ALTER TABLE bodies ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE bodies ADD COLUMN source TEXT NOT NULL DEFAULT '';
    CREATE TABLE directive_relations (
        id INTEGER PRIMARY KEY,
        directive_id INTEGER REFERENCES directives(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('replaces', 'amends', 'repeals', 'expires')),
        target_id INTEGER REFERENCES directives(id) ON DELETE CASCADE,
        target_number TEXT NOT NULL DEFAULT '',
        effective_on TEXT,
        origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('user', 'import')),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (directive_id IS NOT NULL OR kind = 'expires'),
        CHECK (target_id IS NOT NULL OR target_number <> ''),
        CHECK (directive_id IS NULL OR target_id IS NULL OR directive_id <> target_id)
    );
    CREATE INDEX directive_relations_source ON directive_relations(directive_id);
    CREATE INDEX directive_relations_target ON directive_relations(target_id);
    CREATE INDEX directive_relations_number ON directive_relations(target_number);
    """,
    # issue 16: an imported plan keeps its own labels as written ("(1)", a repeated "1.")
    # (store.plans: Node.source_label) until «Đánh số lại» clears them.
    """
    ALTER TABLE plan_nodes ADD COLUMN label TEXT NOT NULL DEFAULT '';
    """,
    # 10: scale (issue 19) — covering indexes for what the tracking tab asks at 100,000
    # tasks: the status judgement reads tasks and progress from these alone, and the
    # table's default order (plan date, plan, position) walks plans_order without sorting.
    """
    CREATE INDEX IF NOT EXISTS tasks_judge ON tasks(plan_id, position, lead_unit_id, deadline_kind, deadline_start, deadline_end,
        deadline_text);
    CREATE INDEX IF NOT EXISTS progress_judge ON progress(task_id, id, period_year, period_kind, period_index);
    CREATE INDEX IF NOT EXISTS plans_order ON plans(plan_date, id);
    """,
    # 11: scale (issue 19) — what the tracking table filters and sorts by, kept on the task:
    # - title_folded: the title folded (lower case, no diacritics, đ→d: core.text.fold) for
    #   the text filter, written by our code with the title; a title changed by another tool
    #   clears it, and a row without one is folded when read (the same results either way);
    # - coop_names: the cooperating units' names as the «Phối hợp» column shows them (unit
    #   order, ", " between), kept by the triggers below whatever writes task_units or
    #   renames/reorders a unit, so sorting by it is one ORDER BY, not a sub-query per task.
    # The registry's chain tree pages its first level, newest first, from directives_issued
    # instead of reading every document.
    """
    ALTER TABLE tasks ADD COLUMN title_folded TEXT;
    UPDATE tasks SET title_folded = kehoach_fold(title);
    CREATE TRIGGER tasks_title_folded_stale AFTER UPDATE OF title ON tasks
    WHEN NEW.title IS NOT OLD.title AND NEW.title_folded IS OLD.title_folded
    BEGIN UPDATE tasks SET title_folded = NULL WHERE id = NEW.id; END;

    ALTER TABLE tasks ADD COLUMN coop_names TEXT NOT NULL DEFAULT '';
    UPDATE tasks SET coop_names = COALESCE((SELECT group_concat(name, ', ') FROM (SELECT u.name FROM task_units x
        JOIN units u ON u.id = x.unit_id WHERE x.task_id = tasks.id ORDER BY u.position, u.id)), '');
    CREATE TRIGGER task_units_coop_insert AFTER INSERT ON task_units BEGIN
        UPDATE tasks SET coop_names = COALESCE((SELECT group_concat(name, ', ') FROM (SELECT u.name FROM task_units x
            JOIN units u ON u.id = x.unit_id WHERE x.task_id = tasks.id ORDER BY u.position, u.id)), '')
        WHERE id = NEW.task_id;
    END;
    CREATE TRIGGER task_units_coop_delete AFTER DELETE ON task_units BEGIN
        UPDATE tasks SET coop_names = COALESCE((SELECT group_concat(name, ', ') FROM (SELECT u.name FROM task_units x
            JOIN units u ON u.id = x.unit_id WHERE x.task_id = tasks.id ORDER BY u.position, u.id)), '')
        WHERE id = OLD.task_id;
    END;
    CREATE TRIGGER task_units_coop_update AFTER UPDATE ON task_units BEGIN
        UPDATE tasks SET coop_names = COALESCE((SELECT group_concat(name, ', ') FROM (SELECT u.name FROM task_units x
            JOIN units u ON u.id = x.unit_id WHERE x.task_id = tasks.id ORDER BY u.position, u.id)), '')
        WHERE id IN (OLD.task_id, NEW.task_id);
    END;
    CREATE TRIGGER units_coop_names AFTER UPDATE OF name, position ON units
    WHEN NEW.name IS NOT OLD.name OR NEW.position IS NOT OLD.position BEGIN
        UPDATE tasks SET coop_names = COALESCE((SELECT group_concat(name, ', ') FROM (SELECT u.name FROM task_units x
            JOIN units u ON u.id = x.unit_id WHERE x.task_id = tasks.id ORDER BY u.position, u.id)), '')
        WHERE id IN (SELECT task_id FROM task_units WHERE unit_id = NEW.id);
    END;

    CREATE INDEX directives_issued ON directives(COALESCE(issued_on, ''), id);
    """,
    # 12: scale (issue 19) — what judging a task's status needs that the period judged does not
    # change, kept on the task, so the dashboard's counts and the start-up reminders read one
    # covering index (tasks_status) instead of reading every periodic duty's wording and
    # looking its progress up, task by task:
    # - deadline_every: the cycle a periodic duty's wording names (core.deadlines.periodic_every;
    #   '' for the other kinds), written by our code after the deadline; a kind or wording
    #   changed by another tool clears it, and a task without one is read from its wording
    #   when judged (the same status either way);
    # - report_*: the task's newest progress row (report_id), the months (year·12 + month − 1)
    #   its period starts and ends, what it says (report_state: the completion date, else
    #   'started' when it reports work begun, else NULL) and the latest end month of all the
    #   task's rows (report_end_max), kept by the triggers below whatever writes progress. The
    #   judgement takes the newest row as it is when it is the one that applies to the period
    #   judged (the current period, nearly always), knows there is none when no row reaches the
    #   period of a periodic duty, and looks the rows up only otherwise (tracking.queries).
    f"""
    ALTER TABLE tasks ADD COLUMN deadline_every TEXT;
    UPDATE tasks SET deadline_every = CASE WHEN deadline_kind = 'periodic' THEN kehoach_every(deadline_text)
        ELSE '' END;
    CREATE TRIGGER tasks_deadline_every_stale AFTER UPDATE OF deadline_kind, deadline_text ON tasks
    WHEN (NEW.deadline_kind IS NOT OLD.deadline_kind OR NEW.deadline_text IS NOT OLD.deadline_text)
      AND NEW.deadline_every IS OLD.deadline_every
    BEGIN UPDATE tasks SET deadline_every = NULL WHERE id = NEW.id; END;

    ALTER TABLE tasks ADD COLUMN report_id INTEGER;
    ALTER TABLE tasks ADD COLUMN report_start INTEGER;
    ALTER TABLE tasks ADD COLUMN report_end INTEGER;
    ALTER TABLE tasks ADD COLUMN report_state TEXT;
    ALTER TABLE tasks ADD COLUMN report_end_max INTEGER;
    {_REPORT_FACTS}
        WHERE id IN (SELECT task_id FROM progress);
    CREATE TRIGGER progress_report_insert AFTER INSERT ON progress BEGIN
        {_REPORT_FACTS}
        WHERE id = NEW.task_id;
    END;
    CREATE TRIGGER progress_report_delete AFTER DELETE ON progress BEGIN
        {_REPORT_FACTS}
        WHERE id = OLD.task_id;
    END;
    CREATE TRIGGER progress_report_update AFTER UPDATE ON progress BEGIN
        {_REPORT_FACTS}
        WHERE id IN (OLD.task_id, NEW.task_id);
    END;
    CREATE TRIGGER tasks_report_insert AFTER INSERT ON tasks
    WHEN NEW.report_id IS NOT NULL OR EXISTS (SELECT 1 FROM progress WHERE task_id = NEW.id) BEGIN
        {_REPORT_FACTS}
        WHERE id = NEW.id;
    END;
    CREATE TRIGGER tasks_report_rekey AFTER UPDATE OF id ON tasks WHEN NEW.id IS NOT OLD.id BEGIN
        {_REPORT_FACTS}
        WHERE id = NEW.id;
    END;

    -- What the judgement reads of a task, in the table's default order (step 10's tasks_judge and more).
    DROP INDEX IF EXISTS tasks_judge;
    CREATE INDEX tasks_status ON tasks(plan_id, position, lead_unit_id, deadline_kind, deadline_start, deadline_end,
        deadline_text, deadline_every, report_id, report_start, report_end, report_end_max, report_state);
    -- The «Phối hợp» sort walks this instead of sorting every task's names (the ties in the plans' order).
    CREATE INDEX tasks_coop ON tasks(coop_names, plan_id, position);
    """,
    # 13: step 12's report facts after a REPLACE. ``INSERT OR REPLACE`` (or ``UPDATE OR
    # REPLACE`` of an id) into progress deletes the row it collides with without firing
    # progress_report_delete: SQLite fires delete triggers for REPLACE only under PRAGMA
    # recursive_triggers, which another tool will not set (see step 7). When that row belonged
    # to another task, the task kept the facts of a row that was gone (its newest report, its
    # latest period) and was judged from them. A BEFORE trigger notes the task of the row about
    # to be replaced in progress_replaced (empty between statements; a note left by an OR IGNORE
    # that replaced nothing is used up by the next write, recomputing facts that were right),
    # and an AFTER trigger recomputes that task's facts with step 12's SQL. Plain SQL only, so
    # the triggers work for every program that writes the file. A file written before (by
    # another tool, an older import) gets every task's facts recomputed once.
    f"""
    CREATE TABLE progress_replaced (task_id INTEGER NOT NULL);
    CREATE TRIGGER progress_replace_note BEFORE INSERT ON progress
    WHEN EXISTS (SELECT 1 FROM progress WHERE id = NEW.id) BEGIN
        INSERT INTO progress_replaced(task_id) SELECT task_id FROM progress WHERE id = NEW.id;
    END;
    CREATE TRIGGER progress_rekey_note BEFORE UPDATE OF id ON progress
    WHEN NEW.id IS NOT OLD.id AND EXISTS (SELECT 1 FROM progress WHERE id = NEW.id) BEGIN
        INSERT INTO progress_replaced(task_id) SELECT task_id FROM progress WHERE id = NEW.id;
    END;
    CREATE TRIGGER progress_replaced_insert AFTER INSERT ON progress
    WHEN EXISTS (SELECT 1 FROM progress_replaced) BEGIN
        {_REPORT_FACTS}
        WHERE id IN (SELECT task_id FROM progress_replaced);
        DELETE FROM progress_replaced;
    END;
    CREATE TRIGGER progress_replaced_rekey AFTER UPDATE OF id ON progress
    WHEN EXISTS (SELECT 1 FROM progress_replaced) BEGIN
        {_REPORT_FACTS}
        WHERE id IN (SELECT task_id FROM progress_replaced);
        DELETE FROM progress_replaced;
    END;
    {_REPORT_FACTS}
        WHERE report_id IS NOT NULL OR report_end_max IS NOT NULL OR id IN (SELECT task_id FROM progress);
    """,
]

# Full-text index: created apart from the numbered steps because it depends on
# whether this SQLite has FTS5 (pitfall 3: fall back to LIKE on folded text).
# The registry's index keeps prefixes of one and two letters (issue 19): type-ahead's first
# keystrokes ("t", "tu") read one list instead of merging every word that starts so
# (50 ms → 0.1 ms at 100,000 documents). A file made before is upgraded when it migrates
# (store.db: the search tables follow these definitions).
FTS_TABLES = {
    "directive_fts": "CREATE VIRTUAL TABLE directive_fts USING fts5("
    "folded, plain UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')",
    "plan_fts": "CREATE VIRTUAL TABLE plan_fts USING fts5("
    "folded, plain UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
}
PLAIN_TABLES = {
    "directive_fts": "CREATE TABLE directive_fts (rowid INTEGER PRIMARY KEY, folded TEXT, plain TEXT)",
    "plan_fts": "CREATE TABLE plan_fts (rowid INTEGER PRIMARY KEY, folded TEXT, plain TEXT)",
}

SCHEMA_VERSION = len(MIGRATIONS)

"""Initial schema: matters of four kinds, members, metrics, deadlines, history.

Revision ID: 0001_initial
Revises: (none)
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cba_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('applies_to', sa.String(length=20), nullable=False),
    sa.Column('trigger', sa.String(length=80), nullable=False),
    sa.Column('trigger_label', sa.String(length=200), nullable=False),
    sa.Column('deadline_title', sa.String(length=200), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('day_type', sa.String(length=10), nullable=False),
    sa.Column('citation', sa.String(length=200), nullable=False),
    sa.CheckConstraint("applies_to IN ('bargaining', 'flra', 'grievance', 'metric_dispute')", name=op.f('ck_cba_rule_kind')),
    sa.CheckConstraint("day_type IN ('calendar', 'working')", name=op.f('ck_cba_rule_day_type')),
    sa.CheckConstraint('days > 0 AND days <= 3650', name=op.f('ck_cba_rule_days_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cba_rule')),
    sa.UniqueConstraint('rule_id', name=op.f('uq_cba_rule_rule_id'))
    )
    op.create_table('closure_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closure_day')),
    sa.UniqueConstraint('day', name=op.f('uq_closure_day_day'))
    )
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('sheet', sa.String(length=200), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=200), nullable=False),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('updated_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('skipped_count', sa.Integer(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('import_mapping',
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('mapping', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('signature', name=op.f('pk_import_mapping'))
    )
    op.create_table('matter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('tags', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(kind = 'bargaining' AND status IN ('notice_received', 'demand_sent', 'negotiating', 'impasse', 'agreement', 'implemented_without_bargaining', 'withdrawn')) OR (kind = 'flra' AND status IN ('preparing', 'filed', 'investigation', 'complaint_issued', 'hearing', 'decision_pending', 'exceptions', 'decided', 'settled', 'withdrawn', 'dismissed')) OR (kind = 'grievance' AND status IN ('open', 'awaiting_answer', 'appealed', 'arbitration', 'settled', 'sustained', 'denied', 'withdrawn')) OR (kind = 'metric_dispute' AND status IN ('raised', 'under_review', 'grieved', 'in_bargaining', 'resolved', 'withdrawn'))", name=op.f('ck_matter_status')),
    sa.CheckConstraint("kind IN ('bargaining', 'flra', 'grievance', 'metric_dispute')", name=op.f('ck_matter_kind')),
    sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f('ck_matter_priority')),
    sa.CheckConstraint('closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on', name=op.f('ck_matter_closed_after_opened')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_matter_title_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter'))
    )
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.create_index('ix_matter_kind_opened', ['kind', 'opened_on'], unique=False)
        batch_op.create_index('ix_matter_kind_status', ['kind', 'status'], unique=False)
        batch_op.create_index('ix_matter_updated', ['updated_at'], unique=False)

    op.create_table('member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('court', sa.String(length=120), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=60), nullable=True),
    sa.Column('membership_status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("membership_status IN ('member', 'non_member', 'retired', 'former')", name=op.f('ck_member_status')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_member_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member'))
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index('ix_member_name_court', ['name', 'court'], unique=False)

    op.create_table('metric',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=60), nullable=True),
    sa.Column('period', sa.String(length=60), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('suspended_on', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric')),
    sa.UniqueConstraint('name', name=op.f('uq_metric_name'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=120), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_attachment_sha256_length')),
    sa.CheckConstraint('size >= 0 AND size <= 26214400', name=op.f('ck_attachment_size_limit')),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_attachment_matter_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index('ix_attachment_matter', ['matter_id'], unique=False)

    op.create_table('bargaining_obligation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('bargaining_type', sa.String(length=40), nullable=False),
    sa.Column('agency_notice_on', sa.Date(), nullable=True),
    sa.Column('union_demand_on', sa.Date(), nullable=True),
    sa.Column('cba_article', sa.String(length=60), nullable=True),
    sa.Column('assurances', sa.Text(), nullable=True),
    sa.CheckConstraint("bargaining_type IN ('substantive', 'impact_and_implementation', 'mid_term')", name=op.f('ck_bargaining_obligation_type')),
    sa.ForeignKeyConstraint(['id'], ['matter.id'], name=op.f('fk_bargaining_obligation_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bargaining_obligation'))
    )
    op.create_table('deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('rule_id', sa.String(length=80), nullable=True),
    sa.Column('citation', sa.String(length=300), nullable=True),
    sa.Column('trigger_on', sa.Date(), nullable=True),
    sa.Column('service_method', sa.String(length=20), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(service_method IS NULL OR service_method IN ('personal', 'electronic', 'mail', 'commercial'))", name=op.f('ck_deadline_service')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_deadline_title_not_blank')),
    sa.CheckConstraint('opens_on IS NULL OR opens_on <= due_on', name=op.f('ck_deadline_window_order')),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_deadline_matter_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline'))
    )
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_matter', ['matter_id'], unique=False)
        batch_op.create_index('ix_deadline_open_due', ['done_on', 'due_on'], unique=False)

    op.create_table('flra_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=True),
    sa.Column('case_type', sa.String(length=40), nullable=False),
    sa.Column('filed_by', sa.String(length=200), nullable=True),
    sa.Column('respondent', sa.String(length=200), nullable=True),
    sa.Column('region', sa.String(length=60), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('hearing_on', sa.Date(), nullable=True),
    sa.Column('decision_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.CheckConstraint("case_type IN ('ulp_against_agency', 'ulp_against_union', 'representation', 'clarification_of_unit', 'decertification', 'negotiability', 'arbitration_exceptions', 'impasse_request')", name=op.f('ck_flra_case_type')),
    sa.ForeignKeyConstraint(['id'], ['matter.id'], name=op.f('fk_flra_case_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flra_case')),
    sa.UniqueConstraint('case_number', name=op.f('uq_flra_case_case_number'))
    )
    op.create_table('grievance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grievance_number', sa.String(length=60), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('court', sa.String(length=120), nullable=True),
    sa.Column('issue_category', sa.String(length=120), nullable=True),
    sa.Column('cba_article', sa.String(length=60), nullable=True),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('remedy_sought', sa.Text(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.CheckConstraint("step IN ('step1', 'step2', 'step3', 'arbitration')", name=op.f('ck_grievance_step')),
    sa.CheckConstraint('length(trim(grievance_number)) > 0', name=op.f('ck_grievance_number_not_blank')),
    sa.ForeignKeyConstraint(['id'], ['matter.id'], name=op.f('fk_grievance_id_matter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_grievance_member_id_member'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grievance')),
    sa.UniqueConstraint('grievance_number', name=op.f('uq_grievance_grievance_number'))
    )
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.create_index('ix_grievance_filed', ['filed_on'], unique=False)
        batch_op.create_index('ix_grievance_member', ['member_id'], unique=False)

    op.create_table('history_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("action IN ('create', 'update', 'delete', 'import', 'undo')", name=op.f('ck_history_entry_action')),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_history_entry_import_batch_id_import_batch'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_history_entry_matter_id_matter'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history_entry'))
    )
    with op.batch_alter_table('history_entry', schema=None) as batch_op:
        batch_op.create_index('ix_history_at', ['at'], unique=False)
        batch_op.create_index('ix_history_batch', ['import_batch_id'], unique=False)
        batch_op.create_index('ix_history_matter_at', ['matter_id', 'at'], unique=False)

    op.create_table('matter_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_matter_id', sa.Integer(), nullable=False),
    sa.Column('to_matter_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("relation IN ('related', 'arises_from', 'consolidated_with', 'appeal_of')", name=op.f('ck_matter_link_relation')),
    sa.CheckConstraint('from_matter_id <> to_matter_id', name=op.f('ck_matter_link_not_self')),
    sa.ForeignKeyConstraint(['from_matter_id'], ['matter.id'], name=op.f('fk_matter_link_from_matter_id_matter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_matter_id'], ['matter.id'], name=op.f('fk_matter_link_to_matter_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter_link')),
    sa.UniqueConstraint('from_matter_id', 'to_matter_id', 'relation', name='uq_matter_link_pair')
    )
    with op.batch_alter_table('matter_link', schema=None) as batch_op:
        batch_op.create_index('ix_matter_link_to', ['to_matter_id'], unique=False)

    op.create_table('metric_dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('measured_value', sa.Float(), nullable=True),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('docket_type', sa.String(length=20), nullable=True),
    sa.Column('extenuating_circumstances', sa.Text(), nullable=True),
    sa.CheckConstraint("(docket_type IS NULL OR docket_type IN ('detained', 'non_detained', 'juvenile', 'all'))", name=op.f('ck_metric_dispute_docket')),
    sa.CheckConstraint("scope = 'unit' OR member_id IS NOT NULL", name=op.f('ck_metric_dispute_member_scope')),
    sa.CheckConstraint("scope IN ('member', 'unit')", name=op.f('ck_metric_dispute_scope')),
    sa.ForeignKeyConstraint(['id'], ['matter.id'], name=op.f('fk_metric_dispute_id_matter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_metric_dispute_member_id_member'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['metric_id'], ['metric.id'], name=op.f('fk_metric_dispute_metric_id_metric'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_dispute'))
    )
    with op.batch_alter_table('metric_dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_dispute_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_metric_dispute_metric_id'), ['metric_id'], unique=False)

    op.create_table('timeline_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('entry_kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("entry_kind IN ('note', 'event', 'filing', 'correspondence', 'meeting', 'decision')", name=op.f('ck_timeline_entry_kind')),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_timeline_entry_matter_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_entry'))
    )
    with op.batch_alter_table('timeline_entry', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_matter_date', ['matter_id', 'occurred_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('timeline_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_matter_date')

    op.drop_table('timeline_entry')
    with op.batch_alter_table('metric_dispute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_dispute_metric_id'))
        batch_op.drop_index(batch_op.f('ix_metric_dispute_member_id'))

    op.drop_table('metric_dispute')
    with op.batch_alter_table('matter_link', schema=None) as batch_op:
        batch_op.drop_index('ix_matter_link_to')

    op.drop_table('matter_link')
    with op.batch_alter_table('history_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_history_matter_at')
        batch_op.drop_index('ix_history_batch')
        batch_op.drop_index('ix_history_at')

    op.drop_table('history_entry')
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.drop_index('ix_grievance_member')
        batch_op.drop_index('ix_grievance_filed')

    op.drop_table('grievance')
    op.drop_table('flra_case')
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_open_due')
        batch_op.drop_index('ix_deadline_matter')

    op.drop_table('deadline')
    op.drop_table('bargaining_obligation')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_attachment_matter')

    op.drop_table('attachment')
    op.drop_table('setting')
    op.drop_table('metric')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index('ix_member_name_court')

    op.drop_table('member')
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.drop_index('ix_matter_updated')
        batch_op.drop_index('ix_matter_kind_status')
        batch_op.drop_index('ix_matter_kind_opened')

    op.drop_table('matter')
    op.drop_table('import_mapping')
    op.drop_table('import_batch')
    op.drop_table('closure_day')
    op.drop_table('cba_rule')

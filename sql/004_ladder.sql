-- The cultivation ladder (issue 4): designations held, yearly indicators, expert scores and
-- compliance facts the eligibility rules read, the application pipeline of a reserve-pool member
-- and its growth roadmap. Money is integer yuan; ratios are computed, never stored. Dates are
-- YYYY-MM-DD, timestamps ISO 8601 UTC. pool_membership (003) is used as it is.

-- One rung held over a period. Never overwritten: a correction is a new row naming the old one
-- (corrects_id, at most one correction per row); a revocation sets revoked_on once.
CREATE TABLE designation (
  id                INTEGER PRIMARY KEY,
  enterprise_id     INTEGER NOT NULL REFERENCES enterprise(id),
  stage             TEXT NOT NULL,                       -- a stage id of config/ladder.json
  starts_on         TEXT NOT NULL,
  ends_on           TEXT NOT NULL,                       -- computed by the ladder when recorded
  number            TEXT NOT NULL DEFAULT '',            -- GR… certificate / tech-SME registration number
  source            TEXT NOT NULL DEFAULT '',            -- announcement batch
  evidence          TEXT NOT NULL DEFAULT '',
  revoked_on        TEXT,
  revocation_reason TEXT NOT NULL DEFAULT '',
  revoked_by        TEXT,
  corrects_id       INTEGER UNIQUE REFERENCES designation(id),
  recorded_by       TEXT NOT NULL,
  recorded_at       TEXT NOT NULL,
  CHECK (ends_on >= starts_on),
  CHECK (revoked_on IS NULL OR revoked_on >= starts_on),
  CHECK ((revoked_on IS NULL) = (revoked_by IS NULL))
) STRICT;
CREATE INDEX designation_by_enterprise ON designation(enterprise_id, starts_on);
CREATE INDEX designation_by_stage ON designation(stage, starts_on);
CREATE TRIGGER designation_revoke_only BEFORE UPDATE ON designation
WHEN OLD.revoked_on IS NOT NULL OR NEW.revoked_on IS NULL
  OR NEW.enterprise_id IS NOT OLD.enterprise_id OR NEW.stage IS NOT OLD.stage
  OR NEW.starts_on IS NOT OLD.starts_on OR NEW.ends_on IS NOT OLD.ends_on
  OR NEW.number IS NOT OLD.number OR NEW.source IS NOT OLD.source OR NEW.evidence IS NOT OLD.evidence
  OR NEW.corrects_id IS NOT OLD.corrects_id OR NEW.recorded_by IS NOT OLD.recorded_by
  OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN SELECT RAISE(ABORT, 'designation rows are never overwritten: only a revocation may be added'); END;
CREATE TRIGGER designation_no_delete BEFORE DELETE ON designation
BEGIN SELECT RAISE(ABORT, 'designation rows are never deleted'); END;

-- One row per enterprise and accounting year. NULL = not reported (the rules say "unknown").
CREATE TABLE yearly_indicators (
  enterprise_id              INTEGER NOT NULL REFERENCES enterprise(id),
  year                       INTEGER NOT NULL CHECK (year BETWEEN 1980 AND 2100),
  revenue                    INTEGER CHECK (revenue >= 0),
  total_income               INTEGER CHECK (total_income >= 0),
  non_taxable_income         INTEGER CHECK (non_taxable_income >= 0),
  total_costs                INTEGER CHECK (total_costs >= 0),
  total_assets               INTEGER CHECK (total_assets >= 0),
  total_liabilities          INTEGER CHECK (total_liabilities >= 0),
  employees                  INTEGER CHECK (employees >= 0),
  st_staff                   INTEGER CHECK (st_staff >= 0),
  rd_expense_total           INTEGER CHECK (rd_expense_total >= 0),
  rd_expense_domestic        INTEGER CHECK (rd_expense_domestic >= 0),
  rd_expense_super_deduction INTEGER CHECK (rd_expense_super_deduction >= 0),
  rd_personnel               INTEGER CHECK (rd_personnel >= 0),
  rd_direct_inputs           INTEGER CHECK (rd_direct_inputs >= 0),
  rd_depreciation            INTEGER CHECK (rd_depreciation >= 0),
  rd_amortisation            INTEGER CHECK (rd_amortisation >= 0),
  rd_design                  INTEGER CHECK (rd_design >= 0),
  rd_equipment_testing       INTEGER CHECK (rd_equipment_testing >= 0),
  rd_other                   INTEGER CHECK (rd_other >= 0),
  rd_commissioned            INTEGER CHECK (rd_commissioned >= 0),
  high_tech_income           INTEGER CHECK (high_tech_income >= 0),
  ip_class1                  INTEGER CHECK (ip_class1 >= 0),
  ip_class2                  INTEGER CHECK (ip_class2 >= 0),
  results_transformed        INTEGER CHECK (results_transformed >= 0),
  rd_ledger_kept             INTEGER CHECK (rd_ledger_kept IN (0,1)),
  rd_super_deduction_claimed INTEGER CHECK (rd_super_deduction_claimed IN (0,1)),
  updated_by                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL,
  version                    INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (enterprise_id, year),
  CHECK (st_staff IS NULL OR employees IS NULL OR st_staff <= employees),
  CHECK (rd_expense_domestic IS NULL OR rd_expense_total IS NULL OR rd_expense_domestic <= rd_expense_total)
) STRICT;

-- HNTE innovation-capability items scored by experts, per application year (RULES.md §2.6).
CREATE TABLE hnte_expert_score (
  enterprise_id     INTEGER NOT NULL REFERENCES enterprise(id),
  year              INTEGER NOT NULL,
  ip_quality        INTEGER CHECK (ip_quality BETWEEN 0 AND 30),
  results_transfer  INTEGER CHECK (results_transfer BETWEEN 0 AND 30),
  rd_management     INTEGER CHECK (rd_management BETWEEN 0 AND 20),
  growth_net_assets INTEGER CHECK (growth_net_assets BETWEEN 0 AND 10),
  growth_sales      INTEGER CHECK (growth_sales BETWEEN 0 AND 10),
  note              TEXT NOT NULL DEFAULT '',
  updated_by        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, year)
) STRICT;

-- Compliance facts that are not yearly numbers (RULES.md §1.2–1.3, §2.2). NULL = not known yet.
CREATE TABLE ladder_facts (
  enterprise_id              INTEGER PRIMARY KEY REFERENCES enterprise(id),
  resident_audited_taxpayer  INTEGER CHECK (resident_audited_taxpayer IN (0,1)),
  industry_allowed           INTEGER CHECK (industry_allowed IN (0,1)),
  clean_record               INTEGER CHECK (clean_record IN (0,1)),
  core_tech_in_key_fields    INTEGER CHECK (core_tech_in_key_fields IN (0,1)),
  national_award_top3_on     TEXT,
  provincial_rd_institution  INTEGER CHECK (provincial_rd_institution IN (0,1)),
  led_standard_on            TEXT,
  updated_by                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL
) STRICT;

-- The application pipeline of a pool member for a year: each step dated and by whom.
--   coaching        result topic | onsite        (专题辅导 / 现场指导)
--   pre_review      result passed | returned     (初审), reasons when returned
--   recommendation  batch                        (推荐申报批次)
--   outcome         result recognised | not_recognised
CREATE TABLE pipeline_step (
  id            INTEGER PRIMARY KEY,
  membership_id INTEGER NOT NULL REFERENCES pool_membership(id),
  year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  kind          TEXT NOT NULL CHECK (kind IN ('coaching','pre_review','recommendation','outcome')),
  on_date       TEXT NOT NULL,
  result        TEXT NOT NULL DEFAULT '' CHECK (result IN ('','topic','onsite','passed','returned','recognised','not_recognised')),
  batch         TEXT NOT NULL DEFAULT '',
  reasons       TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL,
  CHECK (kind <> 'pre_review' OR result IN ('passed','returned')),
  CHECK (kind <> 'outcome' OR result IN ('recognised','not_recognised')),
  CHECK (kind <> 'coaching' OR result IN ('topic','onsite')),
  CHECK (kind <> 'recommendation' OR (result = '' AND batch <> ''))
) STRICT;
CREATE INDEX pipeline_by_membership ON pipeline_step(membership_id, year, on_date, id);

-- Roadmap milestones of a membership. generated = 1: proposed from the gap and the calendar
-- (calendar_key = the step id, re-generated while open); 0: an officer's own (never touched by
-- re-generation). overdue is derived (planned and due before today); retired = a generated
-- milestone the gap no longer needs.
CREATE TABLE milestone (
  id            INTEGER PRIMARY KEY,
  membership_id INTEGER NOT NULL REFERENCES pool_membership(id),
  generated     INTEGER NOT NULL CHECK (generated IN (0,1)),
  calendar_key  TEXT,
  kind          TEXT NOT NULL,
  title         TEXT NOT NULL CHECK (length(title) > 0),
  due_on        TEXT NOT NULL,
  addresses     TEXT NOT NULL DEFAULT '',   -- criterion ids, one per line
  gap_text      TEXT NOT NULL DEFAULT '',
  compressed    INTEGER NOT NULL DEFAULT 0 CHECK (compressed IN (0,1)),
  status        TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','done','waived','retired')),
  done_on       TEXT,
  waived_reason TEXT NOT NULL DEFAULT '',
  closed_by     TEXT,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK ((generated = 1) = (calendar_key IS NOT NULL)),
  CHECK ((status = 'done') = (done_on IS NOT NULL)),
  CHECK (status <> 'waived' OR waived_reason <> '')
) STRICT;
CREATE INDEX milestone_by_membership ON milestone(membership_id, due_on);
CREATE INDEX milestone_open_by_due ON milestone(due_on, membership_id) WHERE status = 'planned';
CREATE UNIQUE INDEX milestone_one_open_generated ON milestone(membership_id, calendar_key)
  WHERE generated = 1 AND status IN ('planned','done','waived');

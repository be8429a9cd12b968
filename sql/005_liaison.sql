-- One-to-one liaison (万人助万企): the contact log (台账 of visits), the problems (诉求) raised in
-- contacts, and every status change of a problem. Assignments are liaison_assignment (002).
-- Codes (mode, flag, category, owner unit) are checked against config/ by the service; the
-- statuses are the domain's fixed table, so they are checked here too.

CREATE TABLE liaison_contact (
  id                 INTEGER PRIMARY KEY,
  enterprise_id      INTEGER NOT NULL REFERENCES enterprise(id),
  officer_id         INTEGER REFERENCES app_user(id),   -- the liaison officer it counts for; NULL: none assigned
  contact_date       TEXT NOT NULL,                     -- YYYY-MM-DD, local date
  mode               TEXT NOT NULL,                     -- config/liaison.json contact_modes
  met_with           TEXT NOT NULL DEFAULT '',          -- who at the enterprise
  attendees          TEXT NOT NULL DEFAULT '',          -- who from the government side
  summary            TEXT NOT NULL DEFAULT '',
  policies_explained TEXT NOT NULL DEFAULT '',          -- one per line
  flag               TEXT NOT NULL CHECK (flag IN ('green','amber','red')),
  next_contact_due   TEXT,                              -- YYYY-MM-DD, an explicit promise
  created_by_id      INTEGER REFERENCES app_user(id),   -- NULL: the system (CLI, demo)
  created_by         TEXT NOT NULL,                     -- login
  created_at         TEXT NOT NULL,
  CHECK (next_contact_due IS NULL OR next_contact_due >= contact_date)
) STRICT;
CREATE INDEX liaison_contact_by_enterprise ON liaison_contact(enterprise_id, contact_date, id);
CREATE INDEX liaison_contact_by_date ON liaison_contact(contact_date);

CREATE TABLE liaison_problem (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
  contact_id    INTEGER REFERENCES liaison_contact(id),
  category      TEXT NOT NULL,                          -- config/problem_categories.json
  description   TEXT NOT NULL CHECK (length(description) > 0),
  owner_unit    TEXT NOT NULL,                          -- config/liaison.json owner_units
  deadline      TEXT NOT NULL,                          -- YYYY-MM-DD
  status        TEXT NOT NULL CHECK (status IN ('open','in_progress','resolved','closed','escalated')),
  resolution    TEXT NOT NULL DEFAULT '',
  satisfaction  INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  raised_on     TEXT NOT NULL,                          -- YYYY-MM-DD: the contact's date
  resolved_on   TEXT,                                   -- the last move to resolved
  closed_on     TEXT,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK ((status = 'closed') = (satisfaction IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_on IS NOT NULL)),
  CHECK (status NOT IN ('resolved','closed') OR resolved_on IS NOT NULL)
) STRICT;
CREATE INDEX liaison_problem_by_enterprise ON liaison_problem(enterprise_id, id);
CREATE INDEX liaison_problem_pending_by_deadline ON liaison_problem(deadline)
  WHERE status IN ('open','in_progress','escalated');

-- Every status change, dated and by whom (the creation is the first event, from NULL to open).
CREATE TABLE liaison_problem_event (
  id          INTEGER PRIMARY KEY,
  problem_id  INTEGER NOT NULL REFERENCES liaison_problem(id),
  from_status TEXT,
  to_status   TEXT NOT NULL CHECK (to_status IN ('open','in_progress','resolved','closed','escalated')),
  on_date     TEXT NOT NULL,                            -- YYYY-MM-DD, local date
  at          TEXT NOT NULL,                            -- ISO 8601 UTC
  by_user_id  INTEGER REFERENCES app_user(id),
  by_login    TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX liaison_problem_event_by_problem ON liaison_problem_event(problem_id, id);
CREATE TRIGGER liaison_problem_event_no_update BEFORE UPDATE ON liaison_problem_event
BEGIN SELECT RAISE(ABORT, 'liaison_problem_event is append-only'); END;
CREATE TRIGGER liaison_problem_event_no_delete BEFORE DELETE ON liaison_problem_event
BEGIN SELECT RAISE(ABORT, 'liaison_problem_event is append-only'); END;

-- Who may do what (users, sessions, liaison assignments) and the hash-chained audit trail.

CREATE TABLE app_user (
  id                  INTEGER PRIMARY KEY,
  login               TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 3 AND 64),
  display_name        TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('admin','bureau','county','liaison','auditor','viewer')),
  region_scope        TEXT REFERENCES region(code),   -- NULL: the whole city
  password_hash       TEXT NOT NULL,                  -- Argon2id PHC string (libsodium)
  password_changed_at INTEGER NOT NULL,               -- unix seconds
  active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  failed_logins       INTEGER NOT NULL DEFAULT 0,
  locked_until        INTEGER NOT NULL DEFAULT 0,     -- unix seconds; 0 = not locked
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
) STRICT;

-- Only a hash of the token is stored, so a copy of the database does not hold live sessions.
CREATE TABLE session (
  token_hash     TEXT PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES app_user(id),
  csrf_token     TEXT NOT NULL,
  created_at     INTEGER NOT NULL,   -- unix seconds
  last_seen_at   INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,   -- absolute limit
  client_address TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX session_by_user ON session(user_id);

-- One-to-one liaison: which officer looks after which enterprise, with history (ended_at).
CREATE TABLE liaison_assignment (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
  officer_id    INTEGER NOT NULL REFERENCES app_user(id),
  assigned_at   TEXT NOT NULL,
  assigned_by   INTEGER REFERENCES app_user(id),
  ended_at      TEXT,
  end_reason    TEXT
) STRICT;
CREATE UNIQUE INDEX liaison_one_active ON liaison_assignment(enterprise_id) WHERE ended_at IS NULL;
CREATE INDEX liaison_by_officer ON liaison_assignment(officer_id, enterprise_id) WHERE ended_at IS NULL;

-- Append-only, hash-chained: row_hash = SHA-256(prev_hash || '\n' || canonical row text).
CREATE TABLE audit_log (
  seq            INTEGER PRIMARY KEY,
  ts             TEXT NOT NULL,
  request_id     TEXT NOT NULL DEFAULT '',
  actor_id       INTEGER NOT NULL DEFAULT 0,
  actor_login    TEXT NOT NULL,
  actor_role     TEXT NOT NULL,
  actor_region   TEXT NOT NULL DEFAULT '',
  client_address TEXT NOT NULL DEFAULT '',
  action         TEXT NOT NULL,
  object_type    TEXT NOT NULL DEFAULT '',
  object_id      TEXT NOT NULL DEFAULT '',
  object_region  TEXT NOT NULL DEFAULT '',
  outcome        TEXT NOT NULL CHECK (outcome IN ('success','denied','invalid','error')),
  reason         TEXT NOT NULL DEFAULT '',
  changes        TEXT NOT NULL DEFAULT '{}',   -- JSON {field: [before, after]}
  prev_hash      TEXT NOT NULL,
  row_hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_object ON audit_log(object_type, object_id, seq);
CREATE INDEX audit_by_actor ON audit_log(actor_login, seq);
CREATE INDEX audit_by_time ON audit_log(ts);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

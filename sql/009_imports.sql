-- Import batches (issue 12): an uploaded file, its dry-run report, and what its commit changed,
-- so that the batch can be reverted record by record.

-- One uploaded file. The file itself is kept under the import directory (stored_path, relative
-- to it) so that the commit re-reads exactly the bytes the dry run checked (file_sha256).
-- status: uploaded (the file is stored, the dry run has not finished — not observable while the
-- dry run runs in the upload request), checked (dry run stored), committed, reverted.
CREATE TABLE import_batch (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('enterprises')),
  file_name      TEXT NOT NULL,                 -- as the uploader named it (may be '')
  file_sha256    TEXT NOT NULL CHECK (length(file_sha256) = 64),
  file_bytes     INTEGER NOT NULL CHECK (file_bytes >= 0),
  stored_path    TEXT NOT NULL,                 -- relative to the import directory
  sheet          TEXT NOT NULL DEFAULT '',      -- XLSX sheet chosen ('' = the first)
  encoding       TEXT NOT NULL DEFAULT '',      -- CSV encoding declared ('' = detected)
  uploaded_by    TEXT NOT NULL,                 -- login
  uploaded_by_id INTEGER NOT NULL DEFAULT 0,    -- app_user.id, 0 for the system caller (CLI)
  region_scope   TEXT NOT NULL DEFAULT '',      -- the uploader's region scope; '' = city-wide
  status         TEXT NOT NULL CHECK (status IN ('uploaded','checked','committed','reverted')),
  summary        TEXT NOT NULL DEFAULT '{}',    -- JSON: header, header_row, ignored_columns
  rows_total     INTEGER NOT NULL DEFAULT 0,
  rows_new       INTEGER NOT NULL DEFAULT 0,
  rows_updated   INTEGER NOT NULL DEFAULT 0,
  rows_unchanged INTEGER NOT NULL DEFAULT 0,
  rows_refused   INTEGER NOT NULL DEFAULT 0,
  rows_committed INTEGER NOT NULL DEFAULT 0,    -- records the commit created or changed
  rows_reverted  INTEGER NOT NULL DEFAULT 0,    -- records the revert put back
  created_at     TEXT NOT NULL,
  committed_at   TEXT,
  committed_by   TEXT,
  reverted_at    TEXT,
  reverted_by    TEXT
) STRICT;
CREATE INDEX import_batch_by_scope ON import_batch(region_scope, id);

-- The dry run's verdict on every row of the file, for the report (paged) and for the commit:
-- base_version is the version of the record the dry run compared with (null: new or refused),
-- so that a record changed between the dry run and the commit is refused at commit.
CREATE TABLE import_row (
  batch_id     INTEGER NOT NULL REFERENCES import_batch(id),
  row_no       INTEGER NOT NULL,                -- the row number the user sees in the sheet
  status       TEXT NOT NULL CHECK (status IN ('new','updated','unchanged','refused')),
  record_key   TEXT NOT NULL DEFAULT '',        -- the enterprise's 统一社会信用代码
  base_version INTEGER,
  outcome      TEXT NOT NULL,                   -- JSON: the report's row (diffs, errors)
  PRIMARY KEY (batch_id, row_no)
) STRICT, WITHOUT ROWID;

-- What the commit wrote, one row per record it created or changed: enough to put it back.
-- previous_snapshot is the record's JSON before the commit (null: the commit created it);
-- new_version the version the commit wrote; a revert refuses a record whose version moved on
-- since, unless the revert leaves that row out (excluded).
CREATE TABLE import_change (
  batch_id          INTEGER NOT NULL REFERENCES import_batch(id),
  row_no            INTEGER NOT NULL,
  record_kind       TEXT NOT NULL DEFAULT 'enterprise' CHECK (record_kind IN ('enterprise')),
  record_key        TEXT NOT NULL,
  previous_version  INTEGER,
  previous_snapshot TEXT,
  new_version       INTEGER NOT NULL,
  reverted_version  INTEGER,                    -- the version the revert wrote
  excluded          INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0,1)),  -- left out of the revert
  PRIMARY KEY (batch_id, row_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX import_change_by_record ON import_change(record_kind, record_key);
